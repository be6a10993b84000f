"""The grading pytest plugin: checks are pytest tests; student code runs elsewhere.

Load it with ``-p civicdata.grading.plugin`` or from ``exercises/conftest.py``
(``pytest_plugins``); ``civicdata grade`` does the first.

A check never imports the student's file. Its module declares the calls it
needs, once, at its top level (:mod:`civicdata.grading.calls`: ``call``,
``calls``, or :func:`~civicdata.grading.counterexample.cases`); once
collection is done, the plugin runs, per exercise, one child process
(:mod:`civicdata.grading.judge`) that makes every call the exercise's
check modules declare and sends back plain data. Checks then compare in
this process::

    PERSON = call("person_name(dataset, 'larry-krasner')")

    @pytest.mark.task("person_name")
    def test_person_name(judge, dataset):
        judge.expect(
            PERSON,
            dataset.get("larry-krasner").name,
            known=[Known("larry-krasner", "you returned the id; return the record's name")],
        )

``judge(call)`` gives the plain value a call returned, or fails the check
with what went wrong in the student's code (``exercise.py:LINE: Type:
message`` and that line) or why the child stopped (time limit, crash, exit).
``judge.expect(call, expected, hint=None, known=())`` is
:func:`civicdata.grading.expect.expect_equal` on that value: the message
says what was called, what came back and what was expected; a
:class:`~civicdata.grading.expect.Known` explanation is added only when the
value equals that known-wrong output.
"""

from __future__ import annotations

import re
import threading
import time
from collections.abc import Collection, Iterable, Sequence
from dataclasses import dataclass, field, replace
from pathlib import Path
from typing import Any

import pytest

from ..dataset import Dataset
from ..loading import load
from ..project import Project
from . import judge as judging  # `judge` is the checks' fixture below
from .calls import declared
from .expect import Known, Mismatch, expect_equal
from .generate import build
from .judge import HIDDEN, Answer, Job, Run, Zygotes, close_kept, run_all, timeout_for
from .manifest import Exercise, Manifest, load_manifest

OPTION = "--civicdata-submission"
HIDDEN_APART = "--civicdata-hidden-apart"
SHRINK_TIMEOUT = 3.0  # seconds for one round of a counterexample's shrinking
# Seconds of new children one exercise's counterexamples may use in all, every check
# together: without it a submission that answers wrong at once and loops when asked
# again made each failing check cost its rounds' time limits (minutes in all).
# A round that waited out its time limit ends its exercise's shrinking, and all the
# exercises together have SESSION_SHRINK_BUDGET: a submission looping in every exercise
# adds seconds, not minutes.
SHRINK_BUDGET = 12.0
SESSION_SHRINK_BUDGET = 30.0
_SESSION = ""  # the key of the whole session's total in ``Judged.asked``
RUNS = pytest.StashKey[dict[str, Run]]()
JOBS = pytest.StashKey[dict[str, Job]]()
# The zygotes of the first round, kept until the session ends for the shrink rounds.
KEPT = pytest.StashKey[dict[Path, Zygotes]]()
DATASET = pytest.StashKey[Dataset]()
MANIFEST = pytest.StashKey[Manifest]()
ASKED = pytest.StashKey[dict[str, float]]()  # exercise -> seconds its asks used
DECLARED = pytest.StashKey[dict[Path, tuple[str, ...]]]()  # check module -> its calls
HIDDEN_MODULES = pytest.StashKey[set[Path]]()  # check modules answered by a hidden part


class AskRefused(LookupError):
    """No new child for this exercise: its counterexamples used up :data:`SHRINK_BUDGET`."""


def _manifest(config: pytest.Config, near: Path | None = None) -> Manifest:
    """The manifest of the checkout the graded tests live in, read once per session.

    Found from a collected test file, not the working folder, so that
    ``civicdata --root X grade`` grades X's exercises wherever it is run.
    """
    found = config.stash.get(MANIFEST, None)
    if found is None:
        found = config.stash[MANIFEST] = load_manifest(Project.find(near) if near else None)
    return found


def pytest_addoption(parser: pytest.Parser) -> None:
    group = parser.getgroup("civicdata", "civicdata exercises")
    group.addoption(
        OPTION,
        default="student",
        help="what exercise tests grade: 'student' (default), 'solution', or a file path",
    )
    group.addoption(
        HIDDEN_APART,
        action="store_true",
        help="make the hidden checks' calls in children of their own (what they print "
        "is shown to no one): the autograder's mode",
    )


def pytest_configure(config: pytest.Config) -> None:
    config.addinivalue_line("markers", "task(id): the manifest task this test grades")


@pytest.fixture(scope="session")
def civicdata_manifest(request: pytest.FixtureRequest) -> Manifest:
    return _manifest(request.config)


@pytest.fixture(scope="session")
def dataset(request: pytest.FixtureRequest, civicdata_manifest: Manifest) -> Dataset:
    """The checkout's validated dataset, loaded before any student code ran."""
    found = request.config.stash.get(DATASET, None)
    return found if found is not None else load(civicdata_manifest.root.parent)


def _exercise_of(item: pytest.Item) -> str:
    return Path(item.path).parent.name


def _hidden_modules(config: pytest.Config, items: Sequence[pytest.Item]) -> set[Path]:
    """The check modules holding a hidden task (with ``--civicdata-hidden-apart``)."""
    if not config.getoption(HIDDEN_APART):
        return set()
    manifest = _manifest(config, items[0].path.parent)
    found = set()
    for item in items:
        marker = item.get_closest_marker("task")
        exercise = manifest.by_id.get(_exercise_of(item))
        if (
            marker is not None
            and exercise is not None
            and any(t.hidden for t in exercise.tasks if t.id == marker.args[0])
        ):
            found.add(Path(item.path))
    return found


def _run_key(item: pytest.Item) -> str:
    """Whose child answers this check: its exercise's, or that exercise's hidden part's."""
    hidden = Path(item.path) in item.config.stash.get(HIDDEN_MODULES, set())
    return _exercise_of(item) + (HIDDEN if hidden else "")


def _declared(item: pytest.Item) -> tuple[str, ...]:
    """The calls the check's module declares at its top level (read once per module)."""
    module = item.getparent(pytest.Module)
    if module is None:
        return ()
    cache = item.config.stash.setdefault(DECLARED, {})
    found = cache.get(module.path)
    if found is None:
        found = cache[module.path] = tuple(declared(vars(module.obj)))
    return found


def student_target(manifest: Manifest, exercise: Exercise, choice: str) -> tuple[Path, Path]:
    """The graded file or folder, and where its copy sits in the child's folder."""
    folder = manifest.folder(exercise)
    if choice == "student":
        path = folder / exercise.student
    elif choice == "solution":
        path = manifest.solution_path(exercise)
    else:
        path = Path(choice).resolve()
    relative = Path("exercises", exercise.id)
    if exercise.is_python:
        return path, relative / path.name
    return path, relative / exercise.student


@pytest.hookimpl(trylast=True)
def pytest_collection_finish(session: pytest.Session) -> None:
    """Run every exercise's child before any check compares (one child per exercise)."""
    if not session.items:
        return
    config = session.config
    config.stash[HIDDEN_MODULES] = _hidden_modules(config, session.items)
    asked: dict[str, dict[str, None]] = {}  # run key -> its calls, in order, each once
    for item in session.items:
        found = _declared(item)
        if found:
            asked.setdefault(_run_key(item), {}).update(dict.fromkeys(found))
    calls = {key: list(wanted) for key, wanted in asked.items()}
    if not calls:
        return
    manifest = _manifest(config, session.items[0].path.parent)
    config.stash[DATASET] = load(manifest.root.parent)  # before any student code runs
    choice = config.getoption(OPTION)
    jobs = []
    for key, wanted in calls.items():
        exercise = manifest.by_id[key.removesuffix(HIDDEN)]
        path, relative = student_target(manifest, exercise, choice)
        jobs.append(
            Job(
                exercise.id,
                manifest.root.parent,
                path,
                relative,
                wanted,
                timeout_for(exercise.timeout),
                HIDDEN if key.endswith(HIDDEN) else "",
                literal=exercise.answers == "strings",
            )
        )
    config.stash[JOBS] = {job.key: job for job in jobs}
    # The checks' own copies of the generated datasets, built while the children run.
    wanted_data = sorted({pair for call_list in calls.values() for pair in _generated(call_list)})
    builder = threading.Thread(
        target=_build_all, args=(config.stash[DATASET].project, wanted_data), daemon=True
    )
    builder.start()
    config.stash[KEPT] = {}
    # The hidden parts start once every public child has ended (and its user's
    # processes, IPC objects and work folder are gone): a hidden child cannot hand
    # what it was asked to a public one, whose output the student reads.
    public = [job for job in jobs if not job.part]
    config.stash[RUNS] = run_all(public, keep=config.stash[KEPT])
    if hidden := [job for job in jobs if job.part]:
        notes = list(judging.last_notes)
        config.stash[RUNS].update(run_all(hidden, keep=config.stash[KEPT]))
        judging.last_notes[:0] = [n for n in notes if n not in judging.last_notes]
    builder.join()


@pytest.hookimpl(trylast=True)
def pytest_sessionfinish(session: pytest.Session) -> None:
    """The kept zygotes end with the session: no grader process outlives its grading."""
    kept = session.config.stash.get(KEPT, None)
    if kept is not None:
        close_kept(kept)


_GENERATED = re.compile(r"generated\('(\w+)', (\d+)\)")


def _generated(calls: Iterable[str]) -> set[tuple[str, int]]:
    """The (family, seed) of every generated dataset these calls name, unshrunk."""
    return {(m[1], int(m[2])) for call in calls for m in _GENERATED.finditer(call)}


def _build_all(project: Any, wanted: list[tuple[str, int]]) -> None:
    for family, seed in wanted:
        build(project, family, seed)


@dataclass
class Judged:
    """One check's view of its exercise's child: the answers to its declared calls."""

    run: Run
    declared: Collection[str]
    job: Job | None = None
    asked: dict[str, float] = field(default_factory=dict)  # shared by the session's checks
    kept: dict[Path, Zygotes] | None = None  # the session's zygotes, for the shrink rounds

    def answer(self, call: str) -> Answer:
        """What ``call`` gave back: a plain value, or the error that stopped it."""
        if call not in self.declared:
            raise LookupError(
                f"grader bug: {call!r} is not declared; declare it once at the top level "
                "of the check's module: NAME = call(...), calls(...) or cases(...)"
            )
        return self.run.answer(call)

    def ask(self, calls: Sequence[str]) -> dict[str, Answer]:
        """Ask the student's code more calls, in a new child (a counterexample's shrinking).

        The calls are the grader's, like the declared ones; nothing expected goes with them.
        """
        if self.job is None:
            raise LookupError("the grader did not run this exercise")
        exercise = self.job.exercise
        spent = self.asked.get(exercise, 0.0)
        if spent >= SHRINK_BUDGET or self.asked.get(_SESSION, 0.0) >= SESSION_SHRINK_BUDGET:
            raise AskRefused(f"the time for {exercise}'s counterexamples is used up")
        timeout = min(self.job.timeout, SHRINK_TIMEOUT)
        start = time.monotonic()
        try:
            asked = [replace(self.job, calls=list(calls), timeout=timeout)]
            found = run_all(asked, keep=self.kept)[self.job.key]
        finally:
            seconds = time.monotonic() - start
            self.asked[_SESSION] = self.asked.get(_SESSION, 0.0) + seconds
            # a round as long as the time limit had a call stopped by it: no more rounds
            self.asked[exercise] = spent + seconds if seconds < timeout else SHRINK_BUDGET
        return {call: found.answer(call) for call in calls}

    def __call__(self, call: str) -> Any:
        """The plain value ``call`` returned, or fail this check saying why there is none."""
        answer = self.answer(call)
        if not answer.ok:
            raise Mismatch(f"{call} failed: {answer.error}")
        return answer.value

    def expect(
        self, call: str, expected: Any, hint: str | None = None, known: Iterable[Known] = ()
    ) -> None:
        """Compare what ``call`` returned with ``expected``; see the module docstring."""
        expect_equal(call, self(call), expected, hint, known)


@pytest.fixture
def judge(request: pytest.FixtureRequest) -> Judged:
    """The answers the student's code gave to this check's declared calls."""
    runs = request.config.stash.get(RUNS, {})
    key = _run_key(request.node)
    run = runs.get(key) or Run(stopped="the grader did not run this exercise")
    job = request.config.stash.get(JOBS, {}).get(key)
    asked = request.config.stash.setdefault(ASKED, {})
    kept = request.config.stash.get(KEPT, None)
    return Judged(run, frozenset(_declared(request.node)), job, asked, kept)


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
    runs: dict[str, Run] = field(default_factory=dict)
    errors: dict[str, str] = field(default_factory=dict)  # exercise -> collection error
    session_error: str | None = None
    tracebacks: bool = True  # pytest's own tracebacks, for `grade -v`, which shows them
    _tasks: dict[str, tuple[str, str]] = field(default_factory=dict)

    def pytest_configure(self, config: pytest.Config) -> None:
        """Without ``-v`` nothing shows pytest's traceback of a failed check: the grader
        reads its crash line only (:func:`_first_line`, the same in every style). The
        long style parsed the source of each frame of each failure, a quarter of a
        grade's own CPU time; the line style reads no source."""
        if not self.tracebacks:
            config.option.tbstyle = "line"

    def pytest_collection_modifyitems(self, items: list[pytest.Item]) -> None:
        for item in items:
            marker = item.get_closest_marker("task")
            if marker is not None:
                self._tasks[item.nodeid] = (Path(item.path).parent.name, marker.args[0])

    def pytest_sessionfinish(self, session: pytest.Session) -> None:
        self.runs = session.config.stash.get(RUNS, {})

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
    return text.strip()
