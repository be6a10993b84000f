"""The judge: student code runs in a child process; only plain data comes back.

As programming-contest judges do, the process that decides a score never
imports the student's file. For each exercise the grader starts a child
(:mod:`civicdata.grading.child`), contained by :mod:`civicdata.grading.sandbox`:

- ``python -I`` with a scrubbed environment, forked from a :class:`Zygote`
  that imported the grader and loaded the dataset from the run's sandbox
  tree (a read-only copy of the package and the dataset: no exercises, no
  checks, no solutions) before any student code existed in it (a process
  that grades again forks from its last run's zygote if that holds the same
  dataset and package: :func:`close_kept`);
- in a work folder holding a copy of the student's files and nothing else;
  as root, as a user of its own per exercise, and with Landlock wherever the
  kernel has it: it can read the copy and the Python installation, write
  its work folder, and nothing more;
- in its own session, killed as a unit when the exercise ends: as root,
  every process of the exercise's user (and its cgroup where there is one);
- with a wall-clock limit **per call** (default 10 s; the manifest's
  ``timeout`` may raise it; ``CIVICDATA_GRADE_TIMEOUT`` overrides both): an
  endless loop costs that call (and the same function's other calls, which
  are not made), the child is killed and a new one makes the remaining
  calls, within a budget of :data:`BUDGET_CALLS` limits per exercise; plus
  CPU-time, address-space, process-count and file-size limits;
- sending results over a pipe of its own whose write end exists only in
  that child, one JSON line per call, so nothing the student prints can pose
  as a result. The parent trusts nothing it did not ask for: one answer per
  call, at most 1 MB each, nesting capped; a duplicate, an unexpected or an
  unreadable message voids the exercise as tampered (never the session).

Everything the student's code printed or raised reaches a terminal or
results.json only through :func:`civicdata.text.visible` (escaped).
"""

from __future__ import annotations

import ast
import atexit
import contextlib
import importlib
import json
import os
import re
import reprlib
import selectors
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from abc import ABC, abstractmethod
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from functools import cached_property
from pathlib import Path
from typing import Any

import civicdata

from ..text import visible
from . import sandbox

DEFAULT_TIMEOUT = 10.0
SETUP_SECONDS = 30.0  # the grader's own start in a fresh child (imports, dataset)
ZYGOTE_SECONDS = 5.0  # a zygote answers a fork request within this, or is replaced
BUDGET_CALLS = 4  # an exercise's calls share this many per-call limits, restarts included
TIMEOUT_VARIABLE = "CIVICDATA_GRADE_TIMEOUT"
ZYGOTE_VARIABLE = "CIVICDATA_GRADE_ZYGOTE"  # "0": a fresh interpreter per exercise
MEMORY_BYTES = 1 << 30
FILE_BYTES = 64 << 20
OUTPUT_BYTES = 64 << 10  # student output kept per exercise
# What one exercise's work folder may hold. RLIMIT_FSIZE caps each file only: files
# written one after another filled the disk at 500 MB/s until the call's time was up.
DISK_BYTES = 1 << 30
WALK_ENTRIES = 100_000  # a folder with more files than this counts as over DISK_BYTES
ANSWER_BYTES = 1 << 20  # one call's answer on the channel
MAX_DEPTH = 72  # JSON nesting on the channel (the child's plain data stops at 64)
MESSAGE_CHARS = 20_000  # an error message from the child (results.py shortens it further)
PACKAGE_PARENT = Path(civicdata.__file__).resolve().parent.parent
# The child imports the grader from the sandbox copy (argv[2]), then the site-packages
# it is given (argv[4:]), never from the grader's own checkout (argv[3]), which an
# editable install puts on sys.path.
_PATH = (
    "import sys, os; sys.path[:] = [sys.argv[2], *sys.argv[4:]] + [p for p in sys.path "
    "if os.path.realpath(p or '.') != os.path.realpath(sys.argv[3])]; "
)
# The child's entry point composes the grader with the one export a probe needs (the
# SQLite export, for ``rows``: exercise 08 grades SQL over it). tests/test_architecture.py
# reads imports in code strings like this one, and the layers table lets grading use exports.
_ENTRY = "from civicdata.export.sqlite import connect; from civicdata.grading.child import "
BOOTSTRAP = _PATH + _ENTRY + "main; main(connect)"
ZYGOTE = _PATH + _ENTRY + "zygote_main; zygote_main(connect)"
# What the grading process imports after the children start, imported before they do:
# a module read later could have been changed by then.
PARENT_MODULES = (
    "civicdata.export",
    "civicdata.export.files",
    "civicdata.export.sqlite",
    "civicdata.grading.expect",
    "civicdata.grading.probes",
    "civicdata.grading.progress",
    "civicdata.grading.results",
    "civicdata.walk",
)
TAMPERED = "the grader's result channel was tampered with; this exercise scores 0"

last_containment: sandbox.Containment | None = None  # what contained the latest run
last_notes: list[str] = []  # what went wrong in the grader's own processes during it


# pytest shows the arguments of every frame of a failing check, and its safe repr
# builds the whole text before cutting it: a Run of seventy 900 KB answers cost a
# second per frame, minutes per submission. Their reprs are short from the start.
_SHORT = reprlib.Repr()
_SHORT.maxstring = _SHORT.maxother = 120
_SHORT.maxlist = _SHORT.maxdict = 8
_SHORT.maxlevel = 3


@dataclass(frozen=True, repr=False)
class Answer:
    """What one call gave back: a plain value, or why there is none."""

    value: Any = None
    error: str | None = None

    def __repr__(self) -> str:
        if self.error is not None:
            return f"Answer(error={_SHORT.repr(self.error)})"
        return f"Answer(value={_SHORT.repr(self.value)})"

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass(repr=False)
class Run:
    """One exercise's children: their answers, why they stopped early, what they printed."""

    answers: dict[str, Answer] = field(default_factory=dict)
    stopped: str | None = None
    output: str = ""
    seconds: float = 0.0
    contained: dict[str, Any] = field(default_factory=dict)  # what the child applied

    def __repr__(self) -> str:
        stopped = _SHORT.repr(self.stopped)
        return f"Run({len(self.answers)} answers, stopped={stopped}, {self.seconds:.2f} s)"

    def answer(self, call: str) -> Answer:
        found = self.answers.get(call)
        if found is not None:
            return found
        return Answer(error=self.stopped or "the grader did not run this call")


@dataclass(frozen=True)
class Job:
    """What to grade: a student file (or folder) and the calls to make on it."""

    exercise: str
    root: Path
    student: Path
    relative: Path  # where the copy goes, as shown in messages
    calls: Sequence[str]
    timeout: float = DEFAULT_TIMEOUT
    part: str = ""  # HIDDEN: the hidden checks' calls, in a child of their own
    literal: bool = False  # the file's string literals are its answers: never run it

    @property
    def key(self) -> str:
        """How :func:`run_all` names this job's run: the exercise, and its part if any."""
        return self.exercise + self.part


# A job of the hidden checks' calls alone. On Gradescope what a child prints is shown
# before the due date; a child that also made the hidden calls could print their
# inputs there (the hidden real records, the generated datasets' asks), and a table
# of answers looked up from them would pass the hidden checks. In a child of their
# own, what the hidden calls see is printed nowhere a student reads.
HIDDEN = ":hidden"


def timeout_for(manifest_timeout: float | None) -> float:
    override = os.environ.get(TIMEOUT_VARIABLE)
    if override:
        return float(override)
    return max(DEFAULT_TIMEOUT, manifest_timeout or 0)


def shown(text: str, limit: int | None = MESSAGE_CHARS) -> str:
    """Text that may hold a student's output or values, safe for a terminal and results.json.

    Every control and bidi character is written as an escape, line by line
    (``ESC[2K`` cannot erase a line, ``ESC[8m`` cannot hide the table). A
    message longer than ``limit`` (a value of megabytes quoted in it) keeps
    its beginning and its end, where the line of code is, and says what was cut.
    """
    if limit is not None and len(text) > limit:
        head, tail = limit * 3 // 4, limit // 4
        cut = len(text) - head - tail
        text = f"{text[:head]} … ({cut} characters cut) … {text[-tail:]}"
    return "\n".join(visible(line) for line in text.split("\n"))


def literals_module(source: bytes) -> str:
    """A module of the plain string literals a student file assigns at its top level.

    For an exercise whose answers are strings (SQL queries), the child imports this
    instead of the student's file: the file is parsed, never run, so nothing in it
    can replace the grader's code that runs the queries (a file that patched the
    ``rows`` probe scored full marks with its queries unwritten). A name assigned
    anything but a literal (an f-string, a sum, a call) gets an :class:`Unread` that
    says so; a file that does not parse gets an import error saying where.
    """
    try:
        tree = ast.parse(source)
    except (SyntaxError, ValueError, MemoryError, RecursionError) as error:
        where = f" (line {error.lineno})" if isinstance(error, SyntaxError) else ""
        message = f"the file is not valid Python{where}: {error.__class__.__name__}"
        return f"raise SyntaxError({message!r})\n"
    found: dict[str, str] = {}
    for node in tree.body:
        if isinstance(node, ast.Assign) and len(node.targets) == 1:
            target, value = node.targets[0], node.value
        elif isinstance(node, ast.AnnAssign) and node.value is not None:
            target, value = node.target, node.value
        else:
            continue
        if not isinstance(target, ast.Name):
            continue
        if isinstance(value, ast.Constant) and isinstance(value.value, str):
            found[target.id] = repr(value.value)
        else:
            why = (
                f"{target.id} is not written as a plain string: the grader reads each "
                "query as written (one string, quotes around it) and never runs the file"
            )
            found[target.id] = f"Unread({why!r})"
    lines = ["from civicdata.grading.probes import Unread", ""]
    lines += [f"{name} = {value}" for name, value in found.items()]
    return "\n".join(lines) + "\n"


def _copy(job: Job, work: Path, owner: int | None) -> Path | None:
    """The student's file or folder copied into ``work`` at its repository path."""
    target = work / job.relative
    if not (job.student.is_dir() or job.student.is_file()):
        return None
    target.parent.mkdir(parents=True, exist_ok=True)
    if job.student.is_dir():
        target.mkdir(parents=True, exist_ok=True)
        for folder, _, files in os.walk(job.student):  # links to folders are not followed
            for name in files:
                path = Path(folder) / name
                if path.is_file() and not path.is_symlink():  # nor links to files
                    copy = target / path.relative_to(job.student)
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    copy.write_bytes(path.read_bytes())
    elif job.literal:
        target.write_text(literals_module(job.student.read_bytes()), encoding="utf-8")
    else:
        target.write_bytes(job.student.read_bytes())
    if owner is not None:
        for folder, dirs, files in os.walk(work):
            for name in [*dirs, *files]:
                os.chown(os.path.join(folder, name), owner, owner, follow_symlinks=False)
    return target


def _environment(work: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(work),
        "TMPDIR": str(work),
        "LANG": "C.UTF-8",
        "LC_ALL": "C.UTF-8",
    }


def _describe_exit(code: int) -> str:
    if code < 0:
        number = -code
        try:
            name = signal.Signals(number).name
        except ValueError:
            name = f"signal {number}"
        if number == signal.SIGXCPU:
            return f"was stopped by {name}: it used up its CPU-time limit"
        return f"was killed by {name}"
    return f"ended with exit code {code} (sys.exit or os._exit in your code?)"


class Child(ABC):
    """One child process running one exercise's calls: what :func:`_collect` watches.

    Two kinds, told apart by their class: a :class:`FreshChild` is an
    interpreter the judge started (``Popen``), a :class:`ForkedChild` one the
    zygote forked, whose end only the zygote sees (it is not the judge's child).
    Both are killed the same way: their whole session, then the process.
    """

    def __init__(self, pid: int, output_fd: int) -> None:
        self.pid = pid
        self.output_fd = output_fd  # the read end of what it prints

    @abstractmethod
    def poll(self) -> int | None:
        """Its exit code once it has ended, else None."""

    @abstractmethod
    def _reap(self) -> int | None:
        """Wait (briefly) until it is reaped; its exit code if known."""

    def stopped(self) -> bool:
        return sandbox.process_state(self.pid) in {"T", "t"}

    def kill_and_reap(self) -> int | None:
        """Kill the child's whole session, then wait (briefly) until it is reaped."""
        for kill in (os.killpg, os.kill):
            with contextlib.suppress(ProcessLookupError, PermissionError):
                kill(self.pid, signal.SIGKILL)
        return self._reap()


class FreshChild(Child):
    """A child the judge started as a fresh interpreter; its output is its stdout pipe."""

    def __init__(self, popen: subprocess.Popen[bytes], output_fd: int) -> None:
        super().__init__(popen.pid, output_fd)
        self.popen = popen

    def poll(self) -> int | None:
        return self.popen.poll()

    def _reap(self) -> int | None:
        return self.popen.wait()


class ForkedChild(Child):
    """A child the zygote forked: the zygote reports its end and reaps it."""

    def __init__(self, pid: int, output_fd: int, zygote: Zygote) -> None:
        super().__init__(pid, output_fd)
        self.zygote = zygote

    def poll(self) -> int | None:
        code = self.zygote.exit_code(self.pid)
        if code is None and (self.zygote.broken() or not self.zygote.alive):
            # Nobody reports this child's end: look for the process itself.
            state = sandbox.process_state(self.pid)
            if state is None or state in "ZX":
                self.zygote.kill()  # a zombie of a stopped zygote: init reaps it then
                return -signal.SIGKILL
        return code

    def _reap(self) -> int | None:
        return self.zygote.wait_exit(self.pid)


class Channel:
    """The result channel's lines, read as they come, trusting nothing.

    The honest child writes ``started``, then ``ready`` (or ``import_error``),
    then one ``{"i": n, ...}`` per call in order, then ``done``. Anything
    else, a duplicate answer, or a line that does not parse (depth capped,
    RecursionError included) marks the channel :attr:`tampered`. A line over
    :data:`ANSWER_BYTES` is never kept: that call fails with a message.
    """

    _ANSWER_HEAD = re.compile(rb'\{"i": ?(\d{1,6}), ?"(?:value|error)":')
    _STRINGS = re.compile(rb'"(?:[^"\\]|\\.)*"')
    _NOT_BRACKETS = re.compile(rb"[^\[\]{}]+")

    def __init__(self, calls: int) -> None:
        self.calls = calls
        self.pending = bytearray()
        self.skipping = False
        self.started = False
        self.contained: dict[str, Any] = {}
        self.ready = False
        self.done = False
        self.import_error: str | None = None
        self.answers: dict[int, Answer] = {}
        self.tampered: str | None = None
        self.progress = 0  # messages that move the grading on (the per-call clock restarts)

    def feed(self, data: bytes) -> None:
        while data and self.tampered is None:
            if self.skipping:
                end = data.find(b"\n")
                if end < 0:
                    return
                data = data[end + 1 :]
                self.skipping = False
                continue
            end = data.find(b"\n")
            if end < 0:
                self.pending += data
                if len(self.pending) > ANSWER_BYTES + 64:
                    self._oversize(bytes(self.pending[:64]))
                    self.pending.clear()
                    self.skipping = True
                return
            line = bytes(self.pending) + data[:end]
            self.pending.clear()
            data = data[end + 1 :]
            if len(line) > ANSWER_BYTES + 64:
                self._oversize(line[:64])
            else:
                self._message(line)

    def _tamper(self, why: str) -> None:
        if self.tampered is None:
            self.tampered = why

    def _oversize(self, head: bytes) -> None:
        match = self._ANSWER_HEAD.match(head)
        if match is None:
            self._tamper("a message of more than 1 MB")
            return
        self._answer(int(match[1]), Answer(error="returned more than 1 MB of data, the limit"))

    def _depth(self, line: bytes) -> int:
        """How deep the line nests, or 0 when it cannot nest deeper than MAX_DEPTH."""
        if line.count(b"[") + line.count(b"{") <= MAX_DEPTH:
            return 0  # fewer brackets in all, those in strings included: nothing to count
        skeleton = self._NOT_BRACKETS.sub(b"", self._STRINGS.sub(b"", line))
        if skeleton.count(b"[") + skeleton.count(b"{") <= MAX_DEPTH:
            return 0
        depth = deepest = 0
        for byte in skeleton:
            depth += 1 if byte in b"[{" else -1
            deepest = max(deepest, depth)
        return deepest

    def _answer(self, number: int, answer: Answer) -> None:
        if not self.ready or not 0 <= number < self.calls:
            self._tamper(f"an answer to call {number}, which was not asked for")
        elif number in self.answers:
            self._tamper(f"a second answer to call {number}")
        else:
            self.answers[number] = answer
            self.progress += 1

    def _message(self, line: bytes) -> None:
        try:
            if self._depth(line) > MAX_DEPTH:
                raise ValueError(f"nested more than {MAX_DEPTH} levels deep")
            message = json.loads(line)
        except Exception as error:  # RecursionError, MemoryError, ValueError: all the same
            self._tamper(f"a line that is not the grader's JSON ({type(error).__name__})")
            return
        if not isinstance(message, dict):
            self._tamper("a line that is not a message")
            return
        keys = set(message)
        if keys == {"started", "contained"} and not self.started:
            self.started = True
            contained = message["contained"]
            self.contained = contained if isinstance(contained, dict) else {}
        elif keys == {"ready"} and self.started and not self.ready and not self.import_error:
            self.ready = True
            self.progress += 1
        elif keys == {"import_error"} and self.started and not self.ready:
            self.import_error = shown(str(message["import_error"]))
        elif keys in ({"i", "value"}, {"i", "error"}) and type(message["i"]) is int:
            if "error" in message:
                self._answer(message["i"], Answer(error=shown(str(message["error"]))))
            else:
                self._answer(message["i"], Answer(value=message["value"]))
        elif keys == {"done"} and self.ready and not self.done:
            self.done = True
        else:
            self._tamper("a message the grader did not ask for")


def _start_fresh(zygotes: Zygotes, request: dict, work: Path, result_w: int) -> FreshChild:
    process = subprocess.Popen(
        [
            zygotes.python,
            "-I",
            "-c",
            BOOTSTRAP,
            str(result_w),
            str(zygotes.tree.copy),
            str(PACKAGE_PARENT),
            *zygotes.site_packages,
        ],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=work,
        env=_environment(work),
        pass_fds=(result_w,),
        start_new_session=True,
    )
    assert process.stdin and process.stdout  # both pipes, as asked above (for the types)
    with contextlib.suppress(BrokenPipeError):
        process.stdin.write(json.dumps(request).encode())
        process.stdin.close()
    return FreshChild(process, process.stdout.fileno())


class Zygotes:
    """One grading run's containment: the sandbox tree, the users, the zygote.

    The zygote is started again if it dies or stops answering (each one is
    closed); ``fork=False`` starts a fresh interpreter per child instead.
    """

    def __init__(self, root: Path, fork: bool = True) -> None:
        self.root = root
        self.fork = fork
        self.lock = threading.Lock()
        self.started: list[Zygote] = []
        self.notes: list[str] = []
        self.tree = sandbox.Tree(root, PACKAGE_PARENT)
        self.python, self.site_packages, self.why_no_switch = _interpreter()
        self.users = sandbox.Users(self.python) if self.why_no_switch is None else None

    @cached_property  # a run's containment does not change: probed once, not per round
    def containment(self) -> sandbox.Containment:
        probe = sandbox.Cgroup.create(f"civicdata-{os.getpid()}-probe") if self.users else None
        if probe is not None:
            probe.remove()
        return sandbox.Containment(
            uid_switch=self.users is not None,
            landlock_abi=sandbox.landlock_abi(),
            cgroup=probe.version if probe is not None else 0,
            why_no_switch=self.why_no_switch or "",
        )

    def get(self) -> Zygote | None:
        if not self.fork:
            return None
        with self.lock:
            if self.started and self.started[-1].alive and not self.started[-1].broken():
                return self.started[-1]
            if self.started and self.started[-1].alive:
                self.notes.append("the grader's worker stopped answering; it was replaced")
                self.started[-1].kill()
            if len(self.started) >= 5:  # killed again and again: fresh interpreters then
                return None
            try:
                self.started.append(Zygote(self))
            except OSError:
                return None
            return self.started[-1]

    def unit(self, job: Job) -> sandbox.Unit:
        with self.lock:
            return sandbox.Unit(self.tree, self.users, job.exercise)

    def close(self) -> None:
        for zygote in self.started:
            zygote.close()
        if self.users is not None:
            self.users.close()
        self.tree.close()

    def key(self) -> tuple[Any, ...] | None:
        """What a zygote of this run holds and how its children start: a later run with
        the same key could fork from it. None: never reused (no zygote, or a dataset
        :func:`sandbox.content_digest` does not compare)."""
        if not self.fork or self.tree.data_digest is None:
            return None
        interpreter = (self.python, self.site_packages, self.why_no_switch)
        return _key(self.tree.data_digest, self.tree.package, interpreter)


def _key(
    data_digest: str, package: tuple[tuple[str, int, int], ...], interpreter: _Interpreter
) -> tuple[Any, ...]:
    """What a zygote holds (:meth:`Zygotes.key`): its dataset, its package source, the
    children's Python and user switch (:func:`_interpreter`), and its own code."""
    python, site_packages, why_no_switch = interpreter
    return (data_digest, package, python, tuple(site_packages), why_no_switch, ZYGOTE)


_Interpreter = tuple[str, list[str], str | None]


def _interpreter() -> _Interpreter:
    """The children's Python, its site-packages, and why there is no user switch (None: one)."""
    if not sandbox.is_root():
        return sys.executable, sandbox.import_paths(), "not run as root"
    found = sandbox.interpreter()
    if found is None:
        why = "run as root, but no Python other users may read"
        return sys.executable, sandbox.import_paths(), why
    return found, sandbox.import_paths(), None


def why_no_user_switch() -> str | None:
    """Why children started here would run without a user of their own; None: they would not."""
    return _interpreter()[2]


# --- a finished run's zygote, kept for the process's next run of the same dataset -----

_PARKED: list[Zygotes] = []  # at most one: the last run's, its users released
_PARKED_LOCK = threading.Lock()


def _park(session: Zygotes) -> None:
    """Keep ``session``'s live zygote and sandbox tree for the next run in this process
    whose dataset and package are the same (see :func:`_unpark`); close the rest.

    Its users are released now (the next run takes its own). One run is kept: the one
    before is closed. :func:`close_parked` ends it at exit, and a process killed by a
    signal leaves its tree in the temporary folder, as one killed during a run always
    did (its zygote ends with the socket).
    """
    live = [z for z in session.started if z.alive and not z.broken()]
    key = session.key()
    if key is None or not live:
        session.close()
        return
    for zygote in session.started:
        if zygote is not live[-1]:
            zygote.close()
    session.started = [live[-1]]
    if session.users is not None:
        session.users.close()
        session.users = None
    with _PARKED_LOCK:
        earlier = list(_PARKED)
        _PARKED[:] = [session]
    for other in earlier:
        other.close()


def _unpark(root: Path) -> Zygotes | None:
    """The kept run (:func:`_park`) made ready for a run grading ``root``, if its zygote
    holds what a new one would: the same records and seeds byte for byte, the same
    package source, the same Python and user switch; and if its copy is intact and its
    zygote alive and answering. Otherwise None, and the kept run is closed."""
    with _PARKED_LOCK:
        if not _PARKED:
            return None
        session = _PARKED.pop()
    zygote = session.started[-1]
    try:
        interpreter = _interpreter()
        digest = sandbox.content_digest(root)
        usable = (
            digest is not None
            and session.key()
            == _key(digest, sandbox.package_stamp(PACKAGE_PARENT / "civicdata"), interpreter)
            and session.tree.intact()
            and zygote.alive
            and not zygote.broken()
        )
        if usable:
            python, _, why_no_switch = interpreter
            users = sandbox.Users(python) if why_no_switch is None else None
    except Exception:  # a file gone while listed, no uid left: a new run starts instead
        usable = False
    if not usable:
        session.close()
        return None
    with zygote.changed:  # the earlier run's children are all reaped and forgotten
        zygote.pids.clear()
        zygote.exits.clear()
    session.root = root
    session.notes = zygote.notes = []
    session.users = users
    return session


def close_parked() -> None:
    """Close the kept run, if any: its zygote ends and its sandbox tree is removed."""
    with _PARKED_LOCK:
        kept = list(_PARKED)
        _PARKED.clear()
    for session in kept:
        session.close()


def _forget_parked() -> None:
    """In a forked child of a grading process: the kept run is the parent's, its socket
    shared with the parent; the child neither forks from it nor ends it, and closes its
    copy of the socket (only the copy: no shutdown), so that the zygote still ends with
    the parent."""
    global _PARKED_LOCK
    _PARKED_LOCK = threading.Lock()
    for session in _PARKED:
        for zygote in session.started:
            with contextlib.suppress(OSError):
                zygote.sock.close()
    _PARKED.clear()


atexit.register(close_parked)
os.register_at_fork(after_in_child=_forget_parked)


@dataclass
class _Attempt:
    """One child's run: its channel, its output, how it ended."""

    channel: Channel
    output: bytes = b""
    ended: str = "exit"  # exit, timeout, stopped, setup, tampered, disk, not started
    code: int | None = None
    seconds: float = 0.0  # the student's time: from ``started`` to the end
    error: str | None = None


def run(job: Job, zygotes: Zygotes | None = None) -> Run:
    """Grade one exercise in contained children, within its limits; never raises for the student."""
    if zygotes is None:
        session = Zygotes(job.root, fork=False)
        try:
            return run(job, session)
        finally:
            session.close()
    result = Run()
    start = time.perf_counter()
    try:
        unit = zygotes.unit(job)
    except OSError as error:
        result.stopped = f"the grader could not contain {job.exercise}: {error}"
        return result
    output = bytearray()
    try:
        pending = list(range(len(job.calls)))
        budget = job.timeout * BUDGET_CALLS
        while True:
            attempt = _attempt(job, zygotes, unit, pending, budget)
            budget -= attempt.seconds
            output += attempt.output[: max(0, OUTPUT_BYTES - len(output))]
            if attempt.error is not None:
                result.stopped = attempt.error
                break
            channel = attempt.channel
            result.contained = result.contained or channel.contained
            if channel.tampered is not None:
                result.answers.clear()
                result.stopped = TAMPERED
                break
            for number, answer in channel.answers.items():
                result.answers[job.calls[pending[number]]] = answer
            if channel.import_error is not None:
                result.stopped = channel.import_error
                break
            left = [i for i in pending if job.calls[i] not in result.answers]
            if not left:
                break
            current = job.calls[left[0]]
            if channel.ready and attempt.ended in ("timeout", "stopped"):
                why = (
                    f"was stopped after {job.timeout:g} s, the time limit per call "
                    "(an endless loop?)"
                    if attempt.ended == "timeout"
                    else "was stopped (SIGSTOP) and never finished"
                )
                result.answers[current] = Answer(error=why)
                pending = []
                for number in left[1:]:  # the same function's other calls would loop too
                    if _function(job.calls[number]) == _function(current):
                        skipped = (
                            f"not run: an earlier call of the same function, `{current}`, "
                            f"was stopped after {job.timeout:g} s (an endless loop?)"
                        )
                        result.answers[job.calls[number]] = Answer(error=skipped)
                    else:
                        pending.append(number)
                if not pending:
                    break
                if budget > 0:
                    continue
                result.stopped = (
                    f"the calls of {job.exercise} used up their time "
                    f"({job.timeout * BUDGET_CALLS:g} s in all); calls not yet made score 0"
                )
                break
            result.stopped = _why_stopped(job, attempt, current if channel.ready else None)
            break
    finally:
        unit.close()
    result.seconds = time.perf_counter() - start
    text = shown(output.decode("utf-8", errors="replace"), limit=None)
    if len(output) >= OUTPUT_BYTES:
        text += "\n[more output not kept]"
    result.output = text
    return result


def _function(call: str) -> str:
    """The name a call starts with: ``person_name`` for ``person_name(dataset, 'x')``."""
    return call.split("(", 1)[0].strip()


def _why_stopped(job: Job, attempt: _Attempt, doing: str | None) -> str:
    during = f"while running `{doing}`" if doing else f"while importing {job.relative.name}"
    if attempt.ended == "timeout":
        why = f"was stopped after {job.timeout:g} s, the time limit (an endless loop?)"
    elif attempt.ended == "stopped":
        why = "was stopped (SIGSTOP) and never finished"
    elif attempt.ended == "setup":
        why = "did not start in time"
    elif attempt.ended == "disk":
        why = f"wrote more than {DISK_BYTES >> 20} MB into its folder, the limit"
    elif not attempt.channel.started:
        code = attempt.code if attempt.code is not None else -signal.SIGKILL
        return (
            f"the grader's process for {job.exercise} failed before running your code "
            f"(exit code {code}; its output is shown above); tasks not yet checked score 0"
        )
    else:
        why = _describe_exit(attempt.code if attempt.code is not None else -signal.SIGKILL)
    return f"the grading process for {job.exercise} {why} {during}; tasks not yet checked score 0"


def _attempt(
    job: Job, zygotes: Zygotes, unit: sandbox.Unit, pending: list[int], budget: float
) -> _Attempt:
    """Start one child for the ``pending`` calls, collect until it ends; kill its unit."""
    channel = Channel(len(pending))
    if job.student.is_symlink():
        why = f"{job.relative.as_posix()} is a symbolic link ({job.student}); it is not graded"
        return _Attempt(channel, error=why)
    work = unit.fresh_work()
    copy = _copy(job, work, unit.uid)
    if copy is None:
        return _Attempt(channel, error=f"{job.relative.as_posix()} was not found at {job.student}")
    request = {
        "root": str(zygotes.tree.copy),
        "student": str(copy),
        "display": copy.name,
        "calls": [job.calls[i] for i in pending],
        "limits": {
            "cpu_seconds": max(1, int(min(budget, job.timeout * len(pending)) + 1.999)),
            "memory_bytes": MEMORY_BYTES,
            "file_bytes": FILE_BYTES,
        },
        "confine": unit.spec([job.root, PACKAGE_PARENT, job.student]),
    }
    read_end, write_end = os.pipe()
    output_r: int | None = None
    try:
        child: Child | None = None
        zygote = zygotes.get()
        if zygote is not None:
            output_r, output_w = os.pipe()
            try:
                pid = zygote.start(job.exercise, request, work, write_end, output_w)
                child = ForkedChild(pid, output_r, zygote)
            except OSError:  # the zygote died or hangs: this child is a fresh interpreter
                os.close(output_r)
                output_r = None
            finally:
                os.close(output_w)
        if child is None:
            child = _start_fresh(zygotes, request, work, write_end)
    except OSError as error:
        os.close(read_end)
        if output_r is not None:
            os.close(output_r)
        why = f"the grader could not start a process for {job.exercise}: {error}"
        return _Attempt(channel, error=why)
    finally:
        os.close(write_end)
    attempt = _Attempt(channel)
    try:
        _collect(child, read_end, job.timeout, attempt, work)
    finally:
        attempt.code = child.kill_and_reap()
        unit.end()
        os.close(read_end)
        if output_r is not None:
            os.close(output_r)
    return attempt


def _free_bytes(path: Path) -> int | None:
    try:
        info = os.statvfs(path)
    except OSError:
        return None
    return info.f_bavail * info.f_frsize


def _holds_more_than(work: Path, limit: int) -> bool:
    """Whether ``work`` holds more than ``limit`` bytes; a bounded walk (so many files count)."""
    total = entries = 0
    for folder, dirs, files in os.walk(work):
        for name in [*dirs, *files]:
            entries += 1
            with contextlib.suppress(OSError):
                total += os.lstat(os.path.join(folder, name)).st_blocks * 512
            if total > limit or entries > WALK_ENTRIES:
                return True
    return False


def _filling_the_disk(work: Path | None, free_at_start: int | None) -> bool:
    """The file system lost more than DISK_BYTES since the child started, and its folder
    holds them (the walk runs only then: another exercise's files are not this one's)."""
    if work is None or free_at_start is None:
        return False
    free = _free_bytes(work)
    if free is None or free_at_start - free <= DISK_BYTES:
        return False
    return _holds_more_than(work, DISK_BYTES)


def _collect(
    child: Child, read_end: int, timeout: float, attempt: _Attempt, work: Path | None = None
) -> None:
    """Read the channel and the output until the child ends, stops or its call's time is up."""
    channel = attempt.channel
    deadline = time.monotonic() + SETUP_SECONDS
    output = bytearray()
    progress, started = -1, False
    started_at = time.monotonic()
    next_check = 0.0
    free_at_start = _free_bytes(work) if work is not None else None
    with selectors.DefaultSelector() as selector:
        for fd in (read_end, child.output_fd):
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ)
        while True:
            now = time.monotonic()
            if channel.started and (not started or channel.progress != progress):
                if not started:
                    started_at = now
                started, progress = True, channel.progress
                deadline = now + timeout  # the import, then each call, has its own time
            if now >= deadline:
                attempt.ended = "timeout" if channel.started else "setup"
                break
            for key, _ in selector.select(min(deadline - now, 0.02)):
                data = _read(key.fd, selector)
                if key.fd == read_end:
                    channel.feed(data)
                else:
                    output += data[: max(0, OUTPUT_BYTES - len(output))]
            if channel.tampered is not None:
                attempt.ended = "tampered"
                break
            if child.poll() is not None:
                attempt.ended = "exit"
                break
            if now >= next_check:
                next_check = now + 0.25
                if child.stopped():
                    attempt.ended = "stopped"
                    break
                if _filling_the_disk(work, free_at_start):
                    attempt.ended = "disk"
                    break
        child.kill_and_reap()
        # What is still buffered (a process that escaped may hold a pipe open: read
        # what is there, never wait for an end).
        for fd in (read_end, child.output_fd):
            for _ in range(64):
                data = _read(fd, None)
                if not data:
                    break
                if fd == read_end:
                    channel.feed(data)
                else:
                    output += data[: max(0, OUTPUT_BYTES - len(output))]
    attempt.output = bytes(output)
    attempt.seconds = time.monotonic() - started_at if started else 0.0


def _read(fd: int, selector: selectors.BaseSelector | None) -> bytes:
    try:
        data = os.read(fd, 1 << 16)
    except BlockingIOError:
        return b""
    except OSError:
        data = b""
    if not data and selector is not None:
        selector.unregister(fd)
    return data


class Zygote:
    """A process that imported the grader and loaded the dataset once, and forks children.

    Started like a child (``python -I``, scrubbed environment, a session of its
    own) from the sandbox tree's copy, and spoken to over an inherited socket
    pair only. Forking it costs milliseconds where a fresh interpreter costs
    the imports (about 0.4 s): that is what lets twelve exercises grade in a
    few seconds. Student code never runs in it: each child forks first, then
    contains itself, and only then imports the student's file. A zygote that
    stops answering (stopped, hung) is killed and replaced within seconds.
    """

    def __init__(self, session: Zygotes) -> None:
        self.notes = session.notes
        self.folder = Path(tempfile.mkdtemp(prefix="zygote-", dir=session.tree.top))
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log = open(self.folder / "zygote.log", "wb")  # noqa: SIM115 - closed in close()
        try:
            self.process = subprocess.Popen(
                [
                    session.python,
                    "-I",
                    "-c",
                    ZYGOTE,
                    str(theirs.fileno()),
                    str(session.tree.copy),
                    str(PACKAGE_PARENT),
                    *session.site_packages,
                ],
                stdin=subprocess.DEVNULL,
                stdout=self.log,
                stderr=self.log,
                cwd=self.folder,
                env=_environment(self.folder),
                pass_fds=(theirs.fileno(),),
                start_new_session=True,
            )
        finally:
            theirs.close()
        self.sock = ours
        self.lock = threading.Lock()
        self.changed = threading.Condition()
        self.pids: dict[str, int] = {}
        self.exits: dict[int, int] = {}
        self.alive = True
        self.reader = threading.Thread(target=self._read, daemon=True)
        self.reader.start()

    def _read(self) -> None:
        while True:
            try:
                data = self.sock.recv(1 << 16)
            except OSError:
                data = b""
            with self.changed:
                if not data:
                    self.alive = False
                    self.changed.notify_all()
                    return
                for line in data.decode().splitlines():
                    self._heard(line)
                self.changed.notify_all()

    def _heard(self, line: str) -> None:
        """One line from the zygote: ``pid KEY PID`` for a child it forked, ``exit PID
        CODE`` when that child ended. A kept zygote forks thousands of children, and
        the kernel hands out a pid again once its counter wraps: a new child's pid line
        (always sent before its exit line) forgets the exit of the earlier child with
        that pid, which would otherwise end the new one as soon as it started."""
        word, key, value = line.split()
        if word == "pid":
            self.pids[key] = int(value)
            self.exits.pop(int(value), None)
        elif word == "exit":
            self.exits[int(key)] = int(value)

    def broken(self) -> bool:
        """Stopped or dead: it will answer no request and report no exit."""
        return sandbox.stopped(self.process.pid) or self.process.poll() is not None

    def _wait(self, ready: Any, seconds: float) -> bool:
        """Wait for ``ready()``; False when the zygote is broken or time is up."""
        deadline = time.monotonic() + seconds
        with self.changed:
            while not ready():
                if not self.alive or time.monotonic() >= deadline or self.broken():
                    return ready()
                self.changed.wait(0.05)
        return True

    def start(self, name: str, request: dict, work: Path, result_w: int, output_w: int) -> int:
        """Ask for a child forked for ``request``; its pid (OSError if none came)."""
        key = f"{name}-{time.monotonic_ns()}"
        message = {"id": key, "job": request, "work": str(work), "env": _environment(work)}
        with self.lock:
            socket.send_fds(self.sock, [json.dumps(message).encode()], [result_w, output_w])
        if not self._wait(lambda: key in self.pids, ZYGOTE_SECONDS):
            self.kill()
            self.notes.append("the grader's worker stopped answering; it was replaced")
            raise OSError("the grader's worker did not answer; it was replaced")
        return self.pids[key]

    def exit_code(self, pid: int) -> int | None:
        with self.changed:
            return self.exits.get(pid)

    def wait_exit(self, pid: int) -> int | None:
        if self._wait(lambda: pid in self.exits, ZYGOTE_SECONDS):
            return self.exits[pid]
        self.kill()  # it reports no exit: it is replaced, and init reaps the child
        self.notes.append("the grader's worker stopped reporting; it was replaced")
        deadline = time.monotonic() + 2
        while time.monotonic() < deadline and sandbox.process_state(pid) not in (None, "Z"):
            time.sleep(0.01)
        return None

    def kill(self) -> None:
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.kill(self.process.pid, signal.SIGKILL)
        with self.changed:
            self.alive = False
            self.changed.notify_all()

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        if not self.broken():
            with contextlib.suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=10)
        self.kill()
        self.process.wait()
        self.log.close()


def _import_parent_modules() -> None:
    for name in PARENT_MODULES:
        importlib.import_module(name)


def close_kept(sessions: dict[Path, Zygotes]) -> None:
    """End the runs :func:`run_all` kept: every child has ended; the last run's zygote is
    kept for this process's next run of the same dataset (:func:`_park`, :func:`_unpark`
    for what must match), and it ends with the grading process (:func:`close_parked`)."""
    for session in sessions.values():
        _park(session)
    sessions.clear()


def _run_safely(job: Job, session: Zygotes) -> Run:
    """:func:`run`, where even a fault of the grader's costs one exercise, never the session."""
    try:
        return run(job, session)
    except Exception as error:  # a grader bug: said plainly, the other exercises still graded
        why = f"{type(error).__name__}: {error}"
        return Run(stopped=f"the grader failed on {job.exercise} ({why}); tell your instructor")


def run_all(
    jobs: Sequence[Job], workers: int | None = None, keep: dict[Path, Zygotes] | None = None
) -> dict[str, Run]:
    """Every exercise's children, ``workers`` exercises at a time (default: one per CPU).

    Children are forked from one zygote per run; if it cannot start, each
    child is a fresh interpreter instead (slower, just as contained). The
    grader is non-dumpable from here on and has imported what it needs.

    ``keep``, when given, holds the runs' :class:`Zygotes` by root beyond this
    call (the caller closes them with :func:`close_kept`): a counterexample's
    shrink rounds then fork from the zygote the first round started, instead
    of copying the sandbox and starting a zygote each round. Every child is
    still forked fresh, as its exercise's own user, and killed as a unit.
    """
    global last_containment, last_notes
    if not jobs:
        return {}
    sandbox.non_dumpable()
    _import_parent_modules()
    workers = workers or max(1, min(len(jobs), os.cpu_count() or 1))
    fork = os.environ.get(ZYGOTE_VARIABLE) != "0"
    sessions: dict[Path, Zygotes] = keep if keep is not None else {}
    try:
        for job in jobs:
            if job.root not in sessions:
                kept = _unpark(job.root) if fork else None
                sessions[job.root] = kept or Zygotes(job.root, fork=fork)
        last_containment = sessions[jobs[0].root].containment
        with ThreadPoolExecutor(max_workers=workers) as pool:
            runs = list(pool.map(lambda job: _run_safely(job, sessions[job.root]), jobs))
    finally:
        if keep is None:
            close_kept(sessions)
        last_notes = [note for session in sessions.values() for note in session.notes]
    for job, found in zip(jobs, runs, strict=True):
        applied = found.contained
        if applied and applied.get("landlock") != last_containment.landlock_abi:
            last_notes.append(f"{job.exercise}: Landlock was not applied in its child")
        if applied and applied.get("uid") != last_containment.uid_switch:
            last_notes.append(f"{job.exercise}: its child did not switch to a user of its own")
        if applied and applied.get("no_channels") is False:
            last_notes.append(f"{job.exercise}: its child could not install its seccomp filter")
        if applied and applied.get("no_capabilities") is False:
            last_notes.append(f"{job.exercise}: its child, root, could not drop its capabilities")
    return {job.key: found for job, found in zip(jobs, runs, strict=True)}
