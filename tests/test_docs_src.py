"""Docs code is code: every code block on the site is a file here, and runs.

Like FastAPI's docs_src/, each snippet the site shows is a real file that
this module executes: Python scripts, SQL against the SQLite export, YAML
through the validator (with its output compared to what the page shows), and
shell commands in a copy of the checkout.
"""

from __future__ import annotations

import contextlib
import difflib
import io
import itertools
import os
import re
import runpy
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO

DOCS = REPO / "docs"
DOCS_SRC = REPO / "docs_src"
FENCE = re.compile(
    r"^(?P<indent>[ \t]*)(?P<fence>```|~~~)(?P<info>[^\n]*)\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
    re.M | re.S,
)
SNIPPET = re.compile(r'^\s*--8<--\s+"(?P<path>[^"]+)"\s*$')
BIN = Path(sys.executable).parent


def _blocks() -> list[tuple[Path, str]]:
    return [
        (page, match["body"])
        for page in DOCS.rglob("*.md")
        for match in FENCE.finditer(page.read_text())
    ]


def _included() -> set[str]:
    paths = set()
    for _, body in _blocks():
        for line in body.splitlines():
            if match := SNIPPET.match(line):
                paths.add(match["path"])
    return paths


def test_every_code_block_is_an_included_file():
    inline = [
        (page.relative_to(REPO), body.strip().splitlines()[0] if body.strip() else "(empty)")
        for page, body in _blocks()
        if not body.strip() or not all(SNIPPET.match(line) for line in body.strip().splitlines())
    ]
    assert inline == [], "write the code in docs_src/ and include it with --8<--"


def test_the_check_catches_an_inline_python_block(tmp_path):
    page = "text\n\n```python\nprint('inline')\n```\n"
    [match] = FENCE.finditer(page)
    assert not SNIPPET.match(match["body"].strip())


def test_every_included_file_exists_and_every_docs_src_file_is_shown():
    included = _included()
    assert included, "the chapters include snippets"
    for path in included:
        assert (REPO / path).is_file(), path
    shown_src = {p for p in included if p.startswith("docs_src/")}
    every_src = {str(p.relative_to(REPO)) for p in DOCS_SRC.rglob("*") if p.is_file()}
    assert every_src - shown_src == set(), "a docs_src file no page shows"


def test_included_records_are_real_records():
    for path in _included():
        if path.startswith("civicdata/data/"):
            assert path.endswith(".yaml")


# Every snippet that prints something shows it: `docs_src/<dir>/<name>.<ext>`
# has its output in `docs_src/<dir>/<name>.txt`, included right beneath it.
PYTHON = sorted(DOCS_SRC.glob("python/*.py"))
SQL = sorted(DOCS_SRC.glob("sql/*.sql"))
SHELL = sorted(DOCS_SRC.glob("shell/*.sh"))
YAML = sorted(DOCS_SRC.glob("yaml/*/*.yaml"))
RUNNABLE = [*PYTHON, *SQL, *SHELL, *YAML]
UPDATE = os.environ.get("CIVICDATA_UPDATE_DOCS") == "1"
UPDATE_COMMAND = "CIVICDATA_UPDATE_DOCS=1 uv run pytest tests/test_docs_src.py"


def output_of(snippet: Path) -> Path:
    return snippet.with_suffix(".txt")


def check_output(snippet: Path, printed: str) -> None:
    """The shown output is exactly what the snippet prints (or, when updating, becomes it)."""
    shown_file = output_of(snippet)
    if UPDATE:
        shown_file.write_text(printed)
        return
    shown = shown_file.read_text() if shown_file.is_file() else None
    diff = "".join(
        difflib.unified_diff(
            (shown or "").splitlines(keepends=True),
            printed.splitlines(keepends=True),
            f"{shown_file.relative_to(REPO)} (shown)",
            "printed now",
        )
    )
    assert shown == printed, (
        f"the page shows output that {snippet.relative_to(REPO)} no longer prints:\n{diff}\n"
        f"If the new output is right, regenerate every shown output with:\n  {UPDATE_COMMAND}"
    )


def test_every_snippet_has_its_output_right_beneath_it():
    """On every page, the block after a runnable snippet includes that snippet's output."""
    missing = []
    for page in DOCS.rglob("*.md"):
        blocks = [match["body"] for match in FENCE.finditer(page.read_text())]
        for position, body in enumerate(blocks):
            for line in body.splitlines():
                match = SNIPPET.match(line)
                if not match or REPO / match["path"] not in RUNNABLE:
                    continue
                after = blocks[position + 1] if position + 1 < len(blocks) else ""
                wanted = str(output_of(REPO / match["path"]).relative_to(REPO))
                if f'"{wanted}"' not in after:
                    missing.append(f"{page.relative_to(REPO)}: {match['path']} needs {wanted}")
    assert missing == [], "show each snippet's output beneath it"
    assert RUNNABLE and all(output_of(p).is_file() for p in RUNNABLE)


def test_the_output_check_fails_on_a_stale_output(tmp_path, monkeypatch):
    snippet = tmp_path / "x.py"
    snippet.write_text("print(1)\n")
    output_of(snippet).write_text("2\n")
    monkeypatch.setattr(sys.modules[__name__], "REPO", tmp_path)
    monkeypatch.setattr(sys.modules[__name__], "UPDATE", False)
    with pytest.raises(AssertionError, match="no longer prints"):
        check_output(snippet, "1\n")


@pytest.mark.parametrize("script", PYTHON, ids=[p.name for p in PYTHON])
def test_python_snippet_prints_what_the_page_shows(script):
    """The file runs as ``python FILE`` runs it (``__main__``, from the checkout), in this
    process: a fresh interpreter per snippet cost about 0.25 s of CPU each, and a name
    the snippet forgot to import still fails, since each runs in a namespace of its own."""
    printed = io.StringIO()
    with contextlib.chdir(REPO), contextlib.redirect_stdout(printed):
        runpy.run_path(str(script), run_name="__main__")
    check_output(script, printed.getvalue())


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from civicdata import load
    from civicdata.export import export_sqlite

    path = tmp_path_factory.mktemp("docs") / "civicdata.db"
    export_sqlite(load(REPO), path)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def columns(names: list[str], rows: list[tuple]) -> str:
    """Rows as the sqlite3 shell's `.mode column` with headers shows them."""
    cells = [names, *[["" if v is None else str(v) for v in row] for row in rows]]
    widths = [max(len(row[i]) for row in cells) for i in range(len(names))]
    lines = [cells[0], ["-" * width for width in widths], *cells[1:]]
    return "".join(
        "  ".join(cell.ljust(width) for cell, width in zip(line, widths, strict=True)).rstrip()
        + "\n"
        for line in lines
    )


def test_columns_look_like_the_sqlite3_shell():
    assert columns(["a", "bb"], [("x", None), (10, "y")]) == "a   bb\n--  --\nx\n10  y\n"


@pytest.mark.parametrize("query", SQL, ids=[p.name for p in SQL])
def test_sql_snippet_answers_what_the_page_shows(db, query):
    cursor = db.execute(query.read_text())
    rows = cursor.fetchall()
    assert rows, f"{query.name} returned no rows"
    check_output(query, columns([d[0] for d in cursor.description], rows))


@pytest.mark.parametrize("example", YAML, ids=[p.stem for p in YAML])
def test_yaml_example_gives_the_output_the_page_shows(example, cli, monkeypatch):
    """`civicdata validate docs_src/yaml/...` as the page shows it, from the checkout's
    root, run in this process (the command's output is the subject here, not a fresh
    interpreter; the shell snippets below run the commands as typed)."""
    monkeypatch.chdir(REPO)
    code, out, _ = cli("validate", str(example.relative_to(REPO)))
    assert code == 1, "each YAML example shows a mistake"
    # The page shows the problems; the summary's record count moves with the dataset.
    check_output(example, "\n".join(out.splitlines()[:-1]) + "\n")


SQLITE3 = shutil.which("sqlite3")


def _sqlite3_version() -> tuple[int, ...]:
    found = subprocess.run([SQLITE3, "--version"], capture_output=True, text=True, check=True)
    return tuple(int(part) for part in found.stdout.split()[0].split("."))


@pytest.mark.skipif(SQLITE3 is None, reason="no sqlite3 shell on this machine")
@pytest.mark.parametrize("query", SQL, ids=[p.name for p in SQL])
def test_the_sqlite3_shell_prints_what_the_page_shows(db, query, tmp_path):
    """Chapter 6 says its outputs are what `sqlite3 -header -column civicdata.db`
    prints: the real shell, given each query, prints them (but for the spaces it
    pads the last column with)."""
    if _sqlite3_version() < (3, 33):
        pytest.skip("sqlite3 before 3.33 cuts -column values to 10 characters")
    path = tmp_path / "civicdata.db"
    db.execute(f"VACUUM INTO '{path}'")
    printed = subprocess.run(
        [SQLITE3, "-header", "-column", str(path)],
        input=query.read_text(),
        capture_output=True,
        text=True,
        check=True,
    ).stdout
    stripped = "".join(line.rstrip() + "\n" for line in printed.splitlines())
    assert stripped == output_of(query).read_text()


def test_chapter_6_gives_the_command_its_outputs_match():
    assert "`sqlite3 -header -column civicdata.db`" in " ".join(
        (DOCS / "chapters" / "06-querying-sql.md").read_text().split()
    )


def test_each_yaml_example_shows_the_command_that_printed_its_output():
    """The title of a YAML example's output block is the command the reader runs."""
    missing = []
    for page in DOCS.rglob("*.md"):
        matches = list(FENCE.finditer(page.read_text()))
        for match, after in itertools.pairwise(matches):
            found = SNIPPET.match(match["body"].strip())
            if (
                found
                and found["path"].startswith("docs_src/yaml/")
                and found["path"].endswith(".yaml")
            ):
                command = f'title="$ uv run civicdata validate {found["path"]}"'
                if command not in after["info"]:
                    missing.append(f"{page.relative_to(REPO)}: {found['path']}")
    assert missing == []


# Snippets that continue from another one on the same page, and their exit codes.
SHELL_AFTER = {"validate_new.sh": "new_record.sh"}
SHELL_EXIT = {"validate_new.sh": 1}


@pytest.mark.parametrize("script", SHELL, ids=[p.name for p in SHELL])
def test_shell_snippet_prints_what_the_page_shows(sandbox, script):
    # The commands say `uv run civicdata ...`, as a student types them in a clone;
    # here the clone is a sandbox copy of the records and uv uses this checkout's
    # environment for it, as it is (no sync).
    assert shutil.which("uv"), "the docs' commands need uv (https://docs.astral.sh/uv/)"
    environment = {**os.environ, "UV_PROJECT": str(REPO), "UV_NO_SYNC": "1"}
    steps = [DOCS_SRC / "shell" / SHELL_AFTER[script.name]] if script.name in SHELL_AFTER else []
    for step in [*steps, script]:
        result = subprocess.run(
            ["bash", "-e", str(step)],
            cwd=sandbox.root,
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        )
        assert result.returncode == SHELL_EXIT.get(step.name, 0), result.stdout + result.stderr
    check_output(script, result.stdout)


# The Gradescope run_autograder the instructors' page shows is tested in tests/test_assign.py.
