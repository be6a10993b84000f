"""The grading pytest plugin, loaded only where exercises are graded.

``civicdata grade`` passes ``-p civicdata.grading.plugin``; it is deliberately
not a ``pytest11`` entry point, which would add these fixtures to every pytest
session of every project that has civicdata installed.

Exercise tests ask for the ``submission`` fixture instead of importing the
student's file, so a file with a syntax error fails each task with a
readable reason instead of breaking collection, and the same tests grade a
student file, the reference solution, or any other file named with
``--civicdata-submission``.
"""

from __future__ import annotations

import importlib.util
import sys
import traceback
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType
from typing import Any

import pytest

from ..dataset import Dataset, load
from .manifest import Exercise, Manifest, load_manifest

OPTION = "--civicdata-submission"


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("civicdata", "civicdata exercises")
    group.addoption(
        OPTION,
        default="student",
        help="what exercise tests grade: 'student' (default), 'solution', or a file path",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "task(id): the manifest task this test grades")


@pytest.fixture(scope="session")
def civicdata_manifest() -> Manifest:
    return load_manifest()


@pytest.fixture(scope="session")
def dataset(civicdata_manifest: Manifest) -> Dataset:
    """The checkout's validated dataset (exercises live in ``<checkout>/exercises``)."""
    return load(civicdata_manifest.root.parent)


@pytest.fixture
def exercise(request: pytest.FixtureRequest, civicdata_manifest: Manifest) -> Exercise:
    """The manifest entry of the exercise whose folder holds this test."""
    return civicdata_manifest.by_id[Path(request.path).parent.name]


@pytest.fixture
def submission_path(request: pytest.FixtureRequest, exercise: Exercise) -> Path:
    choice = request.config.getoption(OPTION)
    folder = Path(request.path).parent
    if choice == "student":
        return folder / exercise.student
    if choice == "solution":
        return folder / exercise.solution
    return Path(choice).resolve()


_MODULES: dict[Path, ModuleType | str] = {}


def import_submission(path: Path) -> ModuleType:
    """Import a submitted file as a fresh module, or fail with a readable reason."""
    if path not in _MODULES:
        _MODULES[path] = _import(path)
    found = _MODULES[path]
    if isinstance(found, str):
        pytest.fail(found, pytrace=False)
    return found


def _import(path: Path) -> ModuleType | str:
    if not path.is_file():
        return f"{path.name} was not found at {path}"
    name = f"civicdata_submission_{abs(hash(path))}"
    spec = importlib.util.spec_from_file_location(name, path)
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    sys.modules[name] = module  # dataclasses and pickling look modules up here
    try:
        spec.loader.exec_module(module)
    except SyntaxError as error:
        return f"{path.name} has a syntax error on line {error.lineno}: {error.msg}"
    except Exception as error:  # the student's code: report, never crash the grader
        where = traceback.extract_tb(error.__traceback__)[-1]
        return (
            f"{path.name} could not be imported: {type(error).__name__}: {error} "
            f"(line {where.lineno})"
        )
    return module


@pytest.fixture
def submission(submission_path: Path) -> ModuleType:
    """The graded file, imported."""
    return import_submission(submission_path)


# --- collecting results for `civicdata grade` ------------------------------------


@dataclass
class Outcome:
    exercise: str
    task: str
    passed: bool
    message: str


@dataclass
class Collector:
    """A plugin object: records each task test's outcome as pytest runs it."""

    outcomes: list[Outcome] = field(default_factory=list)
    errors: dict[str, str] = field(default_factory=dict)  # exercise -> collection error
    session_error: str | None = None
    _tasks: dict[str, tuple[str, str]] = field(default_factory=dict)

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            marker = item.get_closest_marker("task")
            if marker is not None:
                self._tasks[item.nodeid] = (Path(item.path).parent.name, marker.args[0])

    def pytest_collectreport(self, report: pytest.CollectReport) -> None:
        if report.failed:
            exercise = Path(report.nodeid.split("::")[0]).parent.name or report.nodeid
            self.errors[exercise] = _first_line(report.longrepr)

    def pytest_runtest_logreport(self, report: pytest.TestReport) -> None:
        where = self._tasks.get(report.nodeid)
        if where is None:
            return
        if report.when == "call" or report.failed or report.skipped:
            if report.when != "call" and report.passed:
                return
            message = "" if report.passed else _first_line(report.longrepr)
            if report.skipped:
                message = "skipped: " + message
            self.outcomes.append(Outcome(*where, report.passed, message))


def _first_line(longrepr: Any) -> str:
    crash = getattr(longrepr, "reprcrash", None)
    text = crash.message if crash is not None else str(longrepr)
    for prefix in ("civicdata.grading.expect.Mismatch: ", "Failed: ", "AssertionError: "):
        text = text.removeprefix(prefix)
    if text.startswith("NotImplementedError: "):
        name = text.removeprefix("NotImplementedError: ").strip()
        text = f"{name} is not written yet: replace its `raise NotImplementedError` with your code"
    return " ".join(text.split())[:1000]
