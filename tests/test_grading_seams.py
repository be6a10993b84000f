"""The grader's seams: probes in one registry, two kinds of child, no circle, no upward import."""

from __future__ import annotations

import ast
import inspect
import signal
import subprocess
import sys
from functools import partial
from pathlib import Path

import pytest

from civicdata.grading import judge, probes
from tests.conftest import REPO

GRADING = REPO / "civicdata" / "grading"


def _imported(path: Path) -> set[str]:
    """Every module a file imports, at its top or inside a function, as absolute names."""
    found = set()
    for node in ast.walk(ast.parse(path.read_text())):
        if isinstance(node, ast.ImportFrom):
            base = "civicdata.grading" if node.level == 1 else "civicdata" if node.level else ""
            module = ".".join(filter(None, [base, node.module or ""]))
            found |= {module} | {f"{module}.{alias.name}" for alias in node.names}
        elif isinstance(node, ast.Import):
            found |= {alias.name for alias in node.names}
    return found


def test_every_probe_is_a_top_level_function_of_the_registry():
    for name, probe in probes.PROBES.items():
        assert inspect.isfunction(probe) and probe.__qualname__ == name
        assert getattr(probes, name) is probe
        assert next(iter(inspect.signature(probe).parameters)) == "context"


def test_a_call_names_each_probe_bound_to_the_childs_context():
    context = probes.Context(REPO, REPO)
    bound = probes.names(context)
    assert bound.keys() == probes.PROBES.keys()
    assert all(isinstance(b, partial) and b.args == (context,) for b in bound.values())
    assert bound["record"]("larry-krasner").name == context.dataset.get("larry-krasner").name


def test_the_sql_probe_uses_the_export_it_was_handed():
    handed = []

    def connect(data):
        import sqlite3

        handed.append(data)
        return sqlite3.connect(":memory:")

    context = probes.Context(REPO, REPO, connect)
    assert probes.rows(context, "select 1 + 1") == [[2]]
    assert probes.rows(context, "select 2") == [[2]]  # one database per dataset, made once
    assert handed == [context.dataset]


def test_the_sql_probe_tells_an_unwritten_query_from_a_wrong_answer():
    """The stub's `-- TODO` selects nothing: told as not written (the grader then shrinks
    no counterexample for it), not as an answer of no rows; a statement that is no query
    is refused too. A SELECT of no rows stays an answer."""
    import sqlite3

    context = probes.Context(REPO, REPO, lambda data: sqlite3.connect(":memory:"))
    for stub in ("\n-- TODO\n", "  /* later */ ", ""):
        with pytest.raises(probes.Refused, match=r"^the query is not written yet: write a SELECT"):
            probes.rows(context, stub)
    with pytest.raises(probes.Refused, match=r"^the query selects nothing: it is not a SELECT"):
        probes.rows(context, "-- make one\ncreate table t (x)")
    assert probes.rows(context, "select 1 where 0 -- none") == []


def test_child_and_probes_import_only_the_core_and_no_circle():
    for name in ("child", "probes"):
        imported = _imported(GRADING / f"{name}.py")
        assert not {m for m in imported if m.startswith(("civicdata.export", "civicdata.site"))}
    assert not {m for m in _imported(GRADING / "probes.py") if "child" in m}


def test_the_childs_entry_hands_it_the_sqlite_export():
    for entry in (judge.BOOTSTRAP, judge.ZYGOTE):
        assert "from civicdata.export.sqlite import connect" in entry
        assert entry.endswith("(connect)")


def test_a_fresh_child_is_polled_and_killed_through_its_popen():
    process = subprocess.Popen(
        [sys.executable, "-c", "import time; time.sleep(30)"],
        stdout=subprocess.PIPE,
        start_new_session=True,
    )
    assert process.stdout is not None
    child = judge.FreshChild(process, process.stdout.fileno())
    try:
        assert isinstance(child, judge.Child) and child.poll() is None
        assert child.kill_and_reap() == -signal.SIGKILL
        assert child.poll() == -signal.SIGKILL
    finally:
        process.stdout.close()


def test_a_forked_child_asks_its_zygote_how_it_ended():
    class Zygote:
        alive = True

        def exit_code(self, pid):
            return {7: 3}.get(pid)

        def broken(self):
            return False

        def wait_exit(self, pid):
            return 3

    child = judge.ForkedChild(7, -1, Zygote())
    assert isinstance(child, judge.Child)
    assert child.poll() == 3 and child._reap() == 3
