"""Docs code is code: every code block on the site is a file here, and runs.

Like FastAPI's docs_src/, each snippet the site shows is a real file that
this module executes: Python scripts, SQL against the SQLite export, YAML
through the validator (with its output compared to what the page shows), and
shell commands in a copy of the checkout.
"""

from __future__ import annotations

import os
import re
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
    r"^(?P<indent>[ \t]*)(?P<fence>```|~~~)[^\n]*\n(?P<body>.*?)^(?P=indent)(?P=fence)[ \t]*$",
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


PYTHON = sorted(DOCS_SRC.glob("python/*.py"))
EXPECTED_OUTPUT = {
    "load_and_get.py": "Larry Krasner",
    "filter_and_sort.py": "crystal clear",
    "partial_dates.py": "does 2018 contain 2018-05-01? True",
    "roles_on.py": "District Attorney at Philadelphia District Attorney's Office",
    "claims_and_answers.py": "answered by Brandon Evans (denial)",
    "timeline.py": "2017 |",
    "citations_per_source.py": "Associated Press",
    "pydantic_error.py": "('nmae',) extra_forbidden",
    "sql_from_python.py": "Philadelphia District Attorney's Office no",
    "yaml_no_trap.py": "civicdata loads:  {'position': 'no', 'date': '2018-08-31'",
}


@pytest.mark.parametrize("script", PYTHON, ids=[p.name for p in PYTHON])
def test_python_snippet_runs(script):
    result = subprocess.run(
        [sys.executable, str(script)], cwd=REPO, capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
    assert EXPECTED_OUTPUT[script.name] in result.stdout


def test_every_python_snippet_has_an_expectation():
    assert {p.name for p in PYTHON} == set(EXPECTED_OUTPUT)


@pytest.fixture(scope="module")
def db(tmp_path_factory):
    from civicdata import load
    from civicdata.export import export_sqlite

    path = tmp_path_factory.mktemp("docs") / "civicdata.db"
    export_sqlite(load(REPO), path)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


SQL = sorted(DOCS_SRC.glob("sql/*.sql"))


@pytest.mark.parametrize("query", SQL, ids=[p.name for p in SQL])
def test_sql_snippet_runs_and_answers(db, query):
    rows = db.execute(query.read_text()).fetchall()
    assert rows, f"{query.name} returned no rows"


YAML = sorted(DOCS_SRC.glob("yaml/*/*.yaml"))


@pytest.mark.parametrize("example", YAML, ids=[p.stem for p in YAML])
def test_yaml_example_gives_the_output_the_page_shows(example):
    result = subprocess.run(
        [sys.executable, "-m", "civicdata", "validate", str(example.relative_to(REPO))],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1, "each YAML example shows a mistake"
    shown = (DOCS_SRC / "output" / f"{example.stem}.txt").read_text()
    problems = "\n".join(result.stdout.splitlines()[:-1]) + "\n"
    assert problems == shown, f"update docs_src/output/{example.stem}.txt to:\n{problems}"


SHELL = sorted(DOCS_SRC.glob("shell/*.sh"))
SHELL_EXPECTED = {
    "validate_one.sh": "ok: 1 file checked, no problems",
    "new_record.sh": "created ",
    "export_sqlite.sh": "wrote sqlite export",
    "stats.sh": "total",
    "validate_new.sh": "`name` is empty",
}
# Snippets that continue from another one on the same page, and their exit codes.
SHELL_AFTER = {"validate_new.sh": "new_record.sh"}
SHELL_EXIT = {"validate_new.sh": 1}


@pytest.mark.parametrize("script", SHELL, ids=[p.name for p in SHELL])
def test_shell_snippet_runs_in_a_copy_of_the_checkout(sandbox, script):
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
    assert SHELL_EXPECTED[script.name] in result.stdout


def test_every_shell_snippet_has_an_expectation():
    assert {p.name for p in SHELL} == set(SHELL_EXPECTED)


def test_gradescope_run_autograder_grades_a_submission(sandbox, tmp_path):
    """The script the instructors' page shows, run on a made-up Gradescope layout."""
    autograder = tmp_path / "autograder"
    source = autograder / "source"
    shutil.copytree(sandbox.root, source)
    shutil.copytree(REPO / "exercises", source / "exercises")
    submitted = autograder / "submission" / "01_load_and_read"
    submitted.mkdir(parents=True)
    shutil.copy(REPO / "exercises" / "01_load_and_read" / "solution.py", submitted / "exercise.py")
    environment = {
        **os.environ,
        "AUTOGRADER": str(autograder),
        "PATH": f"{BIN}{os.pathsep}{os.environ.get('PATH', '')}",
    }
    result = subprocess.run(
        ["bash", str(DOCS_SRC / "gradescope" / "run_autograder")],
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )
    assert result.returncode == 0, result.stderr
    import json

    data = json.loads((autograder / "results" / "results.json").read_text())
    first = [t for t in data["tests"] if t["name"].startswith("01_load_and_read")]
    assert [t["status"] for t in first] == ["passed"] * 3
    assert data["score"] == sum(t["max_score"] for t in first) < data["max_score"]
