"""One error type, one shape of a problem, one stderr format for every command's error."""

from __future__ import annotations

import importlib
import inspect
import json
import pkgutil
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

import civicdata
from civicdata.errors import CivicdataError, UsageError
from civicdata.problems import Problem, YamlProblem, format_error, format_text
from civicdata.record_files import scan
from tests.conftest import copy_exercises, copy_records

# Exceptions that are not refusals a person sees, each with why.
NOT_CIVICDATA_ERRORS = {
    # Control flow inside one function: a number with a sign, located by its caller.
    "civicdata.strict_yaml._NotPlain",
    # In the sandboxed child only; their text crosses the judge's channel as data.
    "civicdata.grading.probes.Refused",
    "civicdata.grading.child.NotPlain",
    # pytest semantics: a failed check is an AssertionError, a spent budget a LookupError.
    "civicdata.grading.expect.Mismatch",
    "civicdata.grading.plugin.AskRefused",
}


def _modules() -> list[str]:
    names = ["civicdata"]
    for info in pkgutil.walk_packages(civicdata.__path__, "civicdata."):
        if info.name.endswith("__main__"):  # running it is not importing it
            continue
        names.append(info.name)
    return names


def _exception_classes() -> dict[str, type[BaseException]]:
    found = {}
    for name in _modules():
        module = importlib.import_module(name)
        for _, value in inspect.getmembers(module, inspect.isclass):
            if issubclass(value, BaseException) and value.__module__ == name:
                found[f"{name}.{value.__qualname__}"] = value
    return found


def test_every_exception_class_is_a_civicdata_error():
    classes = _exception_classes()
    assert len(classes) >= 11 and set(classes) >= NOT_CIVICDATA_ERRORS, sorted(classes)
    strays = sorted(
        name
        for name, cls in classes.items()
        if not issubclass(cls, CivicdataError) and name not in NOT_CIVICDATA_ERRORS
    )
    assert not strays, f"derive these from civicdata.errors.CivicdataError: {strays}"


def test_exit_codes_are_the_documented_ones():
    from civicdata.diff import DiffError
    from civicdata.export.files import ExportRefused
    from civicdata.grading.assign import AssignError
    from civicdata.loading import DatasetError
    from civicdata.project import NotACheckout
    from civicdata.scaffold import ScaffoldError

    assert CivicdataError("x").exit_code == 1 and DatasetError([]).exit_code == 1
    for refusal in (UsageError, NotACheckout, ExportRefused, DiffError, AssignError):
        assert refusal("x").exit_code == 2, refusal
    assert ScaffoldError("x").exit_code == 1 and ScaffoldError("x", usage=True).exit_code == 2
    assert YamlProblem("x").exit_code == 1


def test_the_one_format_escapes_and_adds_the_hint():
    error = CivicdataError("bad\x1b[31mname\nerror: forged", hint="do\tthis")
    assert format_error(error) == "error: bad\\x1b[31mname\\nerror: forged\n    hint: do\\tthis"
    assert format_error(UsageError("plain")) == "error: plain"


def test_a_yaml_problem_becomes_the_one_problem_value(tmp_path):
    path = tmp_path / "x.yaml"
    problem = YamlProblem("duplicate key `name`", 4, 1, "merge them").at(path)
    assert problem == Problem(path, "duplicate key `name`", "merge them", line=4, column=1)
    assert format_text(problem).endswith(
        "x.yaml:4:1: error: duplicate key `name`\n    hint: merge them"
    )


def test_the_record_file_gate_reports_problems(sandbox):
    (sandbox.data_dir / "person" / "notes.txt").write_text("x")
    (sandbox.data_dir / "people").mkdir()
    (sandbox.data_dir / "people" / "x.yaml").write_text("id: x\n")
    refused = {e.path.name: e.problem for e in scan(sandbox.data_dir) if e.problem}
    assert set(refused) == {"notes.txt", "x.yaml"}
    for name, problem in refused.items():
        assert isinstance(problem, Problem) and problem.path.name == name
        assert (problem.line, problem.column) == (1, 1) and problem.hint
    assert "did you mean `person/`?" in refused["x.yaml"].hint


@pytest.fixture(scope="module")
def checkout(tmp_path_factory) -> Path:
    root = tmp_path_factory.mktemp("errors") / "checkout"
    copy_records(root)
    copy_exercises(root)
    (root / "README.md").write_text("not an export\n")
    return root


def _broken(root: Path) -> Path:
    """A copy of the checkout with one invalid record."""
    broken = root.parent / "broken"
    if not broken.exists():
        shutil.copytree(root, broken)
        (broken / "civicdata" / "data" / "person" / "larry-krasner.yaml").write_text("id: [\n")
    return broken


# (arguments, where to run, exit code, words in the message): one per way a command fails.
CASES = {
    "usage: --root is no checkout": (["--root", "{missing}", "stats"], 2, "does not exist"),
    "usage: validate outside a checkout": (["validate", "/etc/hostname"], 2, "not inside"),
    "usage: a bad id": (["--root", "{root}", "new", "person", "Bad Id"], 2, "not a valid id"),
    "problem: an id in use": (
        ["--root", "{root}", "new", "person", "larry-krasner", "--dir", "{tmp}"],
        1,
        "already used by another record",
    ),
    "usage: schema --out a file": (
        ["--root", "{root}", "schema", "--out", "/dev/null"],
        2,
        "not a folder",
    ),
    "refusal: export over a file": (
        ["--root", "{root}", "export", "--format", "json", "--out", "{root}/README.md"],
        2,
        "not a previous civicdata json export",
    ),
    "problem: export cannot write": (
        ["--root", "{root}", "export", "--format", "json", "--out", "/dev/null/x.json"],
        1,
        "cannot write /dev/null/x.json",
    ),
    "problem: an invalid dataset": (["--root", "{broken}", "stats"], 1, "needs a valid dataset"),
    "usage: diff of no revision": (
        ["--root", "{root}", "diff", "no-such-revision"],
        2,
        "revisions",
    ),
    "refusal: writing outside a checkout": (
        ["new", "person", "someone-new"],
        2,
        "writes into a checkout",
    ),
    "problem: an OSError": (
        ["--root", "{root}", "new", "person", "someone-new", "--dir", "/dev/null/x"],
        1,
        "/dev/null/x",
    ),
    "usage: hint of no exercise": (["--root", "{root}", "hint", "99"], 2, "no single exercise"),
    "usage: grade --results a folder": (
        ["--root", "{root}", "grade", "03", "--results", "{tmp}"],
        2,
        "is a folder",
    ),
    "usage: assign to nowhere": (["--root", "{root}", "assign"], 2, "name the folder"),
}


# Runs each case's command as `python -m civicdata ARGS` does, in a process of its own:
# one interpreter imports the CLI and the modules the commands share (the models,
# the validator, the exports, the manifest), then forks a child per case that runs the
# package's __main__ (its exit code is main()'s) with stdout and stderr in files, from
# the case's folder, and ends as any interpreter ends (so a warning, or a message
# printed at exit, still lands on its stderr). What the shared imports print would be
# on the driver's stderr, which must be empty. Fourteen fresh interpreters took
# 2 CPU-seconds, mostly importing the same modules fourteen times.
FORKED = """\
import json, os, runpy, sys
import civicdata.cli, civicdata.validate, civicdata.export, civicdata.grading.manifest

for name, argv, cwd, out, err in json.loads(sys.argv[1]):
    sys.stdout.flush()
    child = os.fork()
    if child == 0:
        os.chdir(cwd)
        for fd, path in ((1, out), (2, err)):
            opened = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
            os.dup2(opened, fd)
            os.close(opened)
        sys.argv = ["civicdata", *argv]
        runpy.run_module("civicdata", run_name="__main__", alter_sys=True)
        raise SystemExit("civicdata's __main__ returned instead of exiting")
    _, status = os.waitpid(child, 0)
    print(json.dumps([name, os.waitstatus_to_exitcode(status)]), flush=True)
"""


@pytest.fixture(scope="module")
def command_errors(checkout, tmp_path_factory) -> dict[str, subprocess.CompletedProcess[str]]:
    """Every case of CASES run once, each in its own process and folder (see FORKED)."""
    cases = []
    for number, (case, (args, _, _)) in enumerate(CASES.items()):
        folder = tmp_path_factory.mktemp(f"case{number}")
        values = {
            "root": checkout,
            "broken": _broken(checkout),
            "missing": folder / "missing",
            "tmp": folder,
        }
        argv = [arg.format(**values) for arg in args]
        out, err = folder.parent / f"case{number}.out", folder.parent / f"case{number}.err"
        cases.append((case, argv, str(folder), str(out), str(err)))
    driver = subprocess.run(
        [sys.executable, "-c", FORKED, json.dumps(cases)],
        capture_output=True,
        text=True,
        check=False,
        timeout=600,
    )
    assert driver.returncode == 0 and not driver.stderr, driver.stderr
    codes = dict(json.loads(line) for line in driver.stdout.splitlines())
    return {
        case: subprocess.CompletedProcess(
            argv, codes[case], Path(out).read_text(), Path(err).read_text()
        )
        for case, argv, _, out, err in cases
    }


@pytest.mark.xdist_group("command-errors")  # one run of every case, on one worker
@pytest.mark.parametrize("case", list(CASES))
def test_every_command_error_prints_one_format_and_no_traceback(case, command_errors):
    _, code, words = CASES[case]
    result = command_errors[case]
    assert result.returncode == code, result.stderr
    lines = result.stderr.splitlines()
    assert "Traceback" not in result.stderr
    errors = [line for line in lines if line.startswith("error: ")]
    assert len(errors) == 1 and words in errors[0], result.stderr
    others = [line for line in lines if not line.startswith(("error: ", "    hint: "))]
    assert all(re.match(r"note: ", line) for line in others), result.stderr


@pytest.mark.parametrize(
    ("argv", "said"),
    [
        (["export", "--format", "nope"], "argument --format: invalid choice: 'nope'"),
        (["new"], "the following arguments are required: KIND, ID"),
        (["frobnicate"], "argument COMMAND: invalid choice: 'frobnicate'"),
    ],
)
def test_a_mistyped_command_line_is_one_error_line_with_a_hint(argv, said, capsys):
    """argparse's own usage errors go through the one format too, not its usage block."""
    from civicdata.cli import main

    assert main(argv) == 2
    err = capsys.readouterr().err
    assert err.startswith(f"error: {said}") and "usage:" not in err, err
    assert "hint: `civicdata" in err and "--help` lists what it takes" in err
