"""The error path is bounded too: thousands of problems in one file stay fast and readable.

Times are CPU seconds of this process (``time.process_time``): the machine
is shared, and wall-clock time would measure the neighbours too.
"""

from __future__ import annotations

import time

from civicdata.cli import command_gc
from civicdata.problems import summary
from civicdata.validate import MAX_PROBLEMS_PER_FILE
from civicdata.validate import validate as _validate


def validate(project):
    """Validate as `civicdata validate` runs it (the command's garbage-collector setting)."""
    with command_gc("validate"):
        return _validate(project)


CLAIM = "advocates-bristle-at-possible-backtrack"


def _many_unknown_ids(sandbox, count: int, width: int = 0) -> None:
    path = sandbox.data_dir / "claim" / f"{CLAIM}.yaml"
    ids = ",".join(f"x{i:0{width}d}" for i in range(count))
    text = path.read_text().split("link_citations:")[0]  # the links replaced, their quotes too
    start = text.index("about: [")
    end = text.index("]", start)
    path.write_text(text[:start] + f"about: [{ids}]" + text[end + 1 :])


def test_20000_unknown_ids_validate_within_a_second(sandbox) -> None:
    _many_unknown_ids(sandbox, 20_000)
    assert (sandbox.data_dir / "claim" / f"{CLAIM}.yaml").stat().st_size > 120_000
    started = time.process_time()
    report = validate(sandbox)
    elapsed = time.process_time() - started
    assert elapsed <= 1.0, f"{elapsed:.2f} s"
    assert len(report.problems) == MAX_PROBLEMS_PER_FILE + 1
    last = report.problems[-1]
    assert last.message.startswith("... and 19,950 more problems in this file")
    assert summary(report.problems, report.files_checked, len(report.loaded)).startswith(
        "20000 problems"
    )
    # Every shown problem is located at its own id, in file order.
    columns = [p.column for p in report.problems[:MAX_PROBLEMS_PER_FILE]]
    assert columns == sorted(columns) and len(set(columns)) == MAX_PROBLEMS_PER_FILE


def test_suggestions_still_come_for_a_few_typos(sandbox, cli) -> None:
    path = sandbox.data_dir / "claim" / f"{CLAIM}.yaml"
    path.write_text(path.read_text().replace("about: [jim-kenney,", "about: [jim-kenny,"))
    code, out, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 1 and "did you mean `jim-kenney`?" in out


def test_many_model_errors_are_capped_and_counted(sandbox) -> None:
    path = sandbox.data_dir / "claim" / f"{CLAIM}.yaml"
    bad = ", ".join(f"Not_An_Id_{i}" for i in range(3000))
    text = path.read_text()
    start = text.index("about: [")
    path.write_text(text[:start] + f"about: [{bad}]" + text[text.index("]", start) + 1 :])
    started = time.process_time()
    report = validate(sandbox)
    assert time.process_time() - started <= 1.0
    assert sum(p.count for p in report.problems) == 3000


def _append(sandbox, text: str) -> None:
    path = sandbox.data_dir / "claim" / f"{CLAIM}.yaml"
    path.write_text(path.read_text() + text)


def test_20000_unknown_fields_validate_within_a_second(sandbox) -> None:
    _append(sandbox, "".join(f"f{i}: 1\n" for i in range(20_000)))
    started = time.process_time()
    report = validate(sandbox)
    assert time.process_time() - started <= 1.0
    assert sum(p.count for p in report.problems) == 20_000
    assert report.problems[0].message == "unknown field `f0`"


def test_2000_wrong_quotes_validate_within_a_second(sandbox) -> None:
    source = "article-2018-07-end-ice-access-to-pars"
    path = sandbox.data_dir / "claim" / f"{CLAIM}.yaml"
    wrong = "".join(
        f"  - source: {source}\n    quote: Immigration advocates bristle {i}\n"
        for i in range(2_000)
    )
    path.write_text(path.read_text().replace("citations:\n", "citations:\n" + wrong, 1))
    started = time.process_time()
    report = validate(sandbox)
    assert time.process_time() - started <= 1.0
    assert sum(p.count for p in report.problems) == 2_000
