"""The judge's child process: runs one exercise's graded calls on one student file.

Forked by the judge's zygote (or started as ``python -I``) in a work folder
holding only a copy of the student's file, with a scrubbed environment and
its own session. It contains itself first (:func:`civicdata.grading.sandbox.confine`:
cgroup, limits, its own user when run as root, no_new_privs, non-dumpable,
Landlock), then imports the student's file (Python exercises only) and
evaluates each call, in order, writing one JSON line per call to the result
channel (a pipe the parent opened, never stdout): ``{"i": 0, "value": ...}``
or ``{"i": 0, "error": "..."}``; an answer over 1 MB is refused here.

Values go back as plain data only: ``str``, ``int``, ``float``, ``bool``,
``None``, lists (tuples become lists) and dicts with text keys. Anything
else fails that call with a message naming its type, so an object whose
``__eq__`` always answers True has nothing to compare with.

Nothing here is trusted by the parent: the student's code runs in this
process and could change any of it. The parent only ever reads data from
the channel and compares it with values it computed itself.
"""

from __future__ import annotations

import contextlib
import io
import json
import math
import os
import signal
import sys
import time
import traceback
from pathlib import Path
from typing import Any

from . import sandbox
from .probes import Connect, Context, Refused, names

PLAIN = "str, int, float, bool, None, list, dict"
MAX_DEPTH = 64


class NotPlain(Exception):
    """A returned value is not plain data."""


def _type_name(value: Any) -> str:
    kind = type(value)
    try:  # a metaclass may make the name's lookup raise
        name = type.__dict__["__qualname__"].__get__(kind)
    except BaseException:
        return "object"
    return name if type(name) is str and name else "object"


def _not_plain(value: Any) -> NotPlain:
    name = _type_name(value)
    if isinstance(value, set | frozenset):
        return NotPlain(f"a {name}, which is not plain data; return a sorted list instead")
    if hasattr(type(value), "model_fields") and "id" in getattr(type(value), "model_fields", {}):
        return NotPlain(
            f"a {name} record, which is not plain data; return plain data such as the "
            "record's id or name, as the docstring asks"
        )
    return NotPlain(f"a {name}, which is not plain data ({PLAIN})")


def plain(value: Any, depth: int = 0) -> Any:
    """``value`` as JSON-ready plain data, or :class:`NotPlain` saying why not.

    Subclasses of the plain types (an enum member that is a ``str``, a
    ``Counter``) become their base value; whatever their methods say, the
    base type's own methods read the value.
    """
    if depth > MAX_DEPTH:
        raise NotPlain(f"data nested more than {MAX_DEPTH} levels deep")
    if value is None or value is True or value is False:
        return value
    if isinstance(value, bool):
        return bool.__bool__(value)
    if isinstance(value, int):
        return int.__int__(value)
    if isinstance(value, float):
        number = float.__float__(value)
        if not math.isfinite(number):
            raise NotPlain(f"the number {number!r}, which JSON cannot carry")
        return number
    if isinstance(value, str):
        return str.__str__(value)
    if isinstance(value, list):
        return [plain(item, depth + 1) for item in list.__iter__(value)]
    if isinstance(value, tuple):
        return [plain(item, depth + 1) for item in tuple.__iter__(value)]
    if isinstance(value, dict):
        out = {}
        for key, item in dict.items(value):
            if not isinstance(key, str):
                raise NotPlain(f"a dict with a key of type {_type_name(key)}; keys must be text")
            out[str.__str__(key)] = plain(item, depth + 1)
        return out
    raise _not_plain(value)


def _safe_str(value: Any) -> str:
    try:
        return str(value)
    except BaseException:  # a student's __str__ may fail too
        return f"<{_type_name(value)} that cannot be shown>"


def describe(error: BaseException, student_file: str, display: str) -> str:
    """``exercise.py:LINE: Type: message`` plus that line; grader frames are hidden.

    Never raises: the exception is the student's, and any attribute of it (its
    ``__class__``, ``filename``, ``__traceback__``) may be a property that
    raises; the child would die and the exercise's other calls go unasked.
    """
    try:
        return _describe(error, student_file, display)
    except BaseException:
        return f"{_type_name(error)}: an exception that cannot be shown"


def _describe(error: BaseException, student_file: str, display: str) -> str:
    if type(error) is Refused:
        return _safe_str(error)
    name = _type_name(error)
    text = _safe_str(error)
    if isinstance(error, SyntaxError) and getattr(error, "filename", None) == student_file:
        return f"{display} has a syntax error on line {error.lineno}: {error.msg}"
    try:
        every: list[traceback.FrameSummary] = traceback.extract_tb(error.__traceback__)
        frames = [frame for frame in every if frame.filename == student_file]
    except BaseException:
        every = frames = []
    if isinstance(error, NotImplementedError) and frames:
        subject = text.strip() or "this function"
        return (
            f"{subject} is not written yet: replace its `raise NotImplementedError` with your code"
        )
    head = f"{name}: {text}" if text else name
    if not frames:
        return head
    frame = frames[-1]
    line = (frame.line or "").strip()
    if every and every[-1] is not frame:  # raised inside a library your line called
        head += f" (raised inside {Path(every[-1].filename).name}, called from this line)"
    return f"{display}:{frame.lineno}: {head}" + (f"\n    {line}" if line else "")


class Namespace(dict):
    """What a call's expression may name: fixed names first, then the student's."""

    def __init__(self, fixed: dict[str, Any], module: Any) -> None:
        super().__init__(fixed)
        self.module = module

    def __missing__(self, name: str) -> Any:
        if self.module is not None and hasattr(self.module, name):
            return getattr(self.module, name)
        where = "your file" if self.module is not None else "the exercise"
        raise Refused(f"`{name}` is not defined in {where}")


def _import_student(path: Path, display: str) -> tuple[Any, str | None]:
    import importlib.util

    spec = importlib.util.spec_from_file_location("submission", path)
    if spec is None or spec.loader is None:
        return None, f"{display} cannot be imported"
    module = importlib.util.module_from_spec(spec)
    sys.modules["submission"] = module  # dataclasses and pickling look modules up here
    try:
        spec.loader.exec_module(module)
    except BaseException as error:  # the student's code: every way out is reported
        reason = describe(error, str(path), display)
        if isinstance(error, SyntaxError) and reason.startswith(display):
            return None, reason
        return None, f"{display} could not be imported: {reason}"
    return module, None


ANSWER_BYTES = 1 << 20  # one call's answer on the channel; the judge refuses more


def run_job(
    job: dict[str, Any], channel_fd: int, connect: Connect, context: Context | None = None
) -> None:
    """Grade one exercise in this process: containment, the student's import, every call."""
    channel = os.fdopen(channel_fd, "w", encoding="utf-8")
    if isinstance(sys.stdout, io.TextIOWrapper):  # what a child's stdout is (typeshed: TextIO)
        sys.stdout.reconfigure(line_buffering=True)

    def send(message: dict[str, Any]) -> None:
        channel.write(json.dumps(message, ensure_ascii=True, allow_nan=False) + "\n")
        channel.flush()

    root = Path(job["root"])
    student = Path(job["student"]).resolve()
    display = job["display"]
    if context is None or context.root != root:
        context = Context(root, student, connect)  # before the limits: the grader's cost
    context.student = student
    fixed = {"dataset": context.dataset, "student": student, **names(context)}
    try:
        contained = sandbox.confine(job["confine"], job["limits"])
    except OSError as error:
        send({"started": True, "contained": {}})
        send({"import_error": f"the grader could not contain its child ({error}); nothing ran"})
        return
    send({"started": True, "contained": contained})  # the student's time starts now
    module = None
    if student.suffix == ".py":
        module, failure = _import_student(student, display)
        if failure is not None:
            send({"import_error": failure})
            return
    send({"ready": True})
    namespace = Namespace(fixed, module)
    for number, call in enumerate(job["calls"]):
        try:
            value = plain(eval(call, {"__builtins__": {}}, namespace))  # grader-written calls
            line = json.dumps({"i": number, "value": value}, ensure_ascii=True, allow_nan=False)
            if len(line) > ANSWER_BYTES:
                size = f"{len(line) / (1 << 20):.1f} MB"
                send({"i": number, "error": f"returned {size} of data, more than the 1 MB limit"})
            else:
                channel.write(line + "\n")
                channel.flush()
        except NotPlain as error:
            send({"i": number, "error": f"returned {error}"})
        except BaseException as error:
            send({"i": number, "error": describe(error, str(student), display)})
    send({"done": True})
    sys.stdout.flush()


def main(connect: Connect) -> None:
    """One exercise in a fresh interpreter (the judge's fallback when no zygote runs).

    ``connect`` is handed in by the entry point (:data:`civicdata.grading.judge.BOOTSTRAP`).
    """
    sandbox.non_dumpable()
    channel_fd = int(sys.argv[1])
    job = json.loads(sys.stdin.buffer.read())
    devnull = os.open(os.devnull, os.O_RDONLY)
    os.dup2(devnull, 0)
    os.close(devnull)
    run_job(job, channel_fd, connect)


def _close_other_fds(keep: int) -> None:
    """Nothing of the zygote's survives into a child but its own result channel."""
    os.closerange(3, keep)
    os.closerange(keep + 1, 1 << 16)


def zygote_main(connect: Connect) -> None:
    """Import the grader and load the dataset once, then fork one child per exercise.

    Started by the judge as ``python -I`` in its own session with a scrubbed
    environment, from the sandbox tree's copy of the package and dataset (no
    exercises, no checks). It talks to the judge over one socket it
    inherited (no address in the file system), receiving ``{job, work}``
    with the child's two pipe ends and answering ``pid`` and ``exit`` lines.
    Each forked child starts a session of its own, closes every descriptor
    but its two pipes, moves into its work folder and runs :func:`run_job`,
    which contains it (user, limits, Landlock) before the student's code
    runs; student code never runs in this process. It is a subreaper and
    reaps every orphan it inherits. ``connect`` is handed in by the entry
    point (:data:`civicdata.grading.judge.ZYGOTE`).
    """
    import gc
    import selectors
    import socket

    sandbox.non_dumpable()
    sock = socket.socket(fileno=int(sys.argv[1]))
    root = Path(sys.argv[2])  # the sandbox copy: the package and the dataset, no exercises
    sandbox.become_subreaper()
    context = Context(root, root, connect)
    gc.freeze()  # shared with every fork, copied on write only
    children: set[int] = set()

    def tell(text: str) -> None:
        sock.sendall(text.encode() + b"\n")

    def reap() -> None:
        while True:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if not pid:
                return
            if pid in children:
                children.discard(pid)
                tell(f"exit {pid} {os.waitstatus_to_exitcode(status)}")

    selector = selectors.DefaultSelector()
    selector.register(sock, selectors.EVENT_READ)
    next_sweep = 0.0
    # Idle: no child, and the last sweep found no orphan, so no process descends from
    # this one and none can become its orphan; it then sleeps until the next request
    # instead of reading /proc four times a second (the judge keeps a zygote between
    # runs: judge.close_kept).
    idle = False
    while True:
        if not idle and time.monotonic() >= next_sweep:  # an orphan left its child
            next_sweep = time.monotonic() + 0.25
            orphans = _orphans(children)
            _kill(orphans)
            idle = not children and not orphans
        if selector.select(None if idle else 0.01):
            idle = False
            message, fds, _, _ = socket.recv_fds(sock, 1 << 20, 2)
            if not message:
                break
            request = json.loads(message)
            pid = os.fork()
            if pid == 0:
                try:
                    os.setsid()
                    selector.close()
                    sock.close()
                    result_fd, output_fd = fds
                    os.dup2(output_fd, 1)
                    os.dup2(output_fd, 2)
                    os.close(output_fd)
                    _close_other_fds(result_fd)
                    os.chdir(request["work"])
                    os.environ.clear()
                    os.environ.update(request["env"])
                    run_job(request["job"], result_fd, connect, context)
                    sys.stdout.flush()
                    sys.stderr.flush()
                finally:
                    os._exit(0)
            for fd in fds:
                os.close(fd)
            children.add(pid)
            tell(f"pid {request['id']} {pid}")
        reap()
    while children:  # the judge went away: wait for the rest, then leave
        reap()
        time.sleep(0.01)
    _kill_orphans()


def _orphans(children: set[int]) -> list[int]:
    """Live processes this one adopted (as a subreaper) that are not its own children."""
    me = str(os.getpid())
    found = []
    for entry in os.listdir("/proc") if os.path.isdir("/proc") else []:
        if entry.isdigit() and int(entry) not in children:
            try:
                with open(f"/proc/{entry}/stat", "rb") as stat:
                    fields = stat.read().rsplit(b")", 1)[1].split()
            except OSError:
                continue
            if fields[1].decode() == me and fields[0] != b"Z":
                found.append(int(entry))
    return found


def _kill(pids: list[int]) -> None:
    for pid in pids:
        with contextlib.suppress(ProcessLookupError):
            os.kill(pid, signal.SIGKILL)


def _kill_orphans(seconds: float = 5.0) -> None:
    """Kill and reap every process left with this one as its parent, until none is found."""
    deadline = time.monotonic() + seconds
    quiet = 0
    while time.monotonic() < deadline and quiet < 3:
        found = _orphans(set())
        _kill(found)
        with contextlib.suppress(ChildProcessError):
            while os.waitpid(-1, os.WNOHANG)[0]:
                pass
        quiet = 0 if found else quiet + 1
