"""The judge: student code runs in a child process; only plain data comes back.

As programming-contest judges do, the process that decides a score never
imports the student's file. For each exercise the grader starts one child
(:mod:`civicdata.grading.child`):

- ``python -I`` (no user site, no ``PYTHON*`` variables, no script folder on
  ``sys.path``) with a scrubbed environment, in an empty temporary folder that
  holds a copy of the student's file and nothing else (no ``solution.py``
  beside it, no tests). To save each child the imports, the children are
  forked from a :class:`Zygote` started that way, which imported the grader
  and loaded the dataset before any student code existed in it;
- in its own process group (``start_new_session``), killed as a group when
  grading of the exercise ends, so processes the student's code started die
  with it;
- with a wall-clock limit (default 10 s; the manifest's ``timeout`` may raise
  it; ``CIVICDATA_GRADE_TIMEOUT`` overrides both), a CPU-time limit, an
  address-space limit (1 GiB) and a file-size limit;
- sending results over a pipe of its own (an inherited file descriptor), so
  nothing the student prints can pose as a result. Stdout and stderr are
  kept apart and shown as the student's output.

Each graded call's result is plain JSON data or an error message. If the
child stops early (time limit, crash, ``os._exit``, a signal), every call it
had not answered fails with a message saying which.
"""

from __future__ import annotations

import contextlib
import json
import os
import selectors
import shutil
import signal
import socket
import subprocess
import sys
import tempfile
import threading
import time
from collections.abc import Sequence
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import civicdata

DEFAULT_TIMEOUT = 10.0
SETUP_SECONDS = 60.0  # the grader's own start in the child (imports, dataset), not the student's
TIMEOUT_VARIABLE = "CIVICDATA_GRADE_TIMEOUT"
ZYGOTE_VARIABLE = "CIVICDATA_GRADE_ZYGOTE"  # "0": a fresh interpreter per exercise
MEMORY_BYTES = 1 << 30
FILE_BYTES = 64 << 20
OUTPUT_BYTES = 64 << 10  # student output kept per exercise
CHANNEL_BYTES = 64 << 20  # results larger than this stop the child
PACKAGE_PARENT = Path(civicdata.__file__).resolve().parent.parent
BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv[2]); from civicdata.grading.child import main; main()"
)
ZYGOTE = (
    "import sys; sys.path.insert(0, sys.argv[2]); "
    "from civicdata.grading.child import zygote_main; zygote_main()"
)


@dataclass(frozen=True)
class Answer:
    """What one call gave back: a plain value, or why there is none."""

    value: Any = None
    error: str | None = None

    @property
    def ok(self) -> bool:
        return self.error is None


@dataclass
class Run:
    """One exercise's child: its answers, why it stopped early, what it printed."""

    answers: dict[str, Answer] = field(default_factory=dict)
    stopped: str | None = None
    output: str = ""
    seconds: float = 0.0

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


def timeout_for(manifest_timeout: float | None) -> float:
    override = os.environ.get(TIMEOUT_VARIABLE)
    if override:
        return float(override)
    return max(DEFAULT_TIMEOUT, manifest_timeout or 0)


def _copy(job: Job, sandbox: Path) -> Path | None:
    target = sandbox / job.relative
    target.parent.mkdir(parents=True, exist_ok=True)
    if job.student.is_dir():
        shutil.copytree(job.student, target, symlinks=False)
    elif job.student.is_file():
        shutil.copyfile(job.student, target)
    else:
        return None
    return target


def _environment(sandbox: Path) -> dict[str, str]:
    return {
        "PATH": "/usr/local/bin:/usr/bin:/bin",
        "HOME": str(sandbox),
        "TMPDIR": str(sandbox),
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


class Child:
    """One exercise's child process, started fresh (``Popen``) or forked by the zygote."""

    def __init__(self, pid: int, output_fd: int, popen: subprocess.Popen | None = None) -> None:
        self.pid = pid
        self.output_fd = output_fd
        self.popen = popen
        self.zygote: Zygote | None = None

    def poll(self) -> int | None:
        if self.popen is not None:
            return self.popen.poll()
        assert self.zygote is not None
        code = self.zygote.exit_code(self.pid)
        if code is None and not self.zygote.alive:
            # The zygote is gone (a student's code may kill it): nobody reports this
            # child's end, so look for the process itself (init reaps it).
            try:
                os.kill(self.pid, 0)
            except ProcessLookupError:
                return -signal.SIGKILL
        return code

    def kill_and_reap(self) -> int | None:
        """Kill the child's whole process group, then wait until the child is reaped."""
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.pid, signal.SIGKILL)
        if self.popen is not None:
            return self.popen.wait()
        assert self.zygote is not None
        return self.zygote.wait_exit(self.pid)


def _request(job: Job, copy: Path) -> dict:
    return {
        "root": str(job.root),
        "student": str(copy),
        "display": copy.name,
        "calls": list(job.calls),
        "limits": {
            "cpu_seconds": max(1, int(job.timeout + 0.999)),
            "memory_bytes": MEMORY_BYTES,
            "file_bytes": FILE_BYTES,
        },
    }


def _start_fresh(request: dict, work: Path, sandbox: Path, result_w: int) -> Child:
    process = subprocess.Popen(
        [sys.executable, "-I", "-c", BOOTSTRAP, str(result_w), str(PACKAGE_PARENT)],
        stdin=subprocess.PIPE,
        stdout=subprocess.PIPE,
        stderr=subprocess.STDOUT,
        cwd=work,
        env=_environment(sandbox),
        pass_fds=(result_w,),
        start_new_session=True,
    )
    assert process.stdin and process.stdout
    with contextlib.suppress(BrokenPipeError):
        process.stdin.write(json.dumps(request).encode())
        process.stdin.close()
    return Child(process.pid, process.stdout.fileno(), process)


class Zygotes:
    """The run's zygote, started again if a student's code killed it (each one is closed)."""

    def __init__(self, root: Path) -> None:
        self.root = root
        self.lock = threading.Lock()
        self.started: list[Zygote] = []

    def get(self) -> Zygote | None:
        with self.lock:
            if self.started and self.started[-1].alive:
                return self.started[-1]
            if len(self.started) >= 5:  # killed again and again: fresh interpreters then
                return None
            try:
                self.started.append(Zygote(self.root))
            except OSError:
                return None
            return self.started[-1]

    def close(self) -> None:
        for zygote in self.started:
            zygote.close()


def run(job: Job, zygotes: Zygotes | None = None) -> Run:
    """Run one exercise's child to the end, within its limits; never raises for the student."""
    result = Run()
    start = time.perf_counter()
    code: int | None = None
    with tempfile.TemporaryDirectory(prefix="civicdata-judge-") as folder:
        sandbox = Path(folder)
        work = sandbox / "work"
        work.mkdir()
        copy = _copy(job, work)
        if copy is None:
            result.stopped = f"{job.relative.as_posix()} was not found at {job.student}"
            return result
        request = _request(job, copy)
        read_end, write_end = os.pipe()
        output_r = None
        try:
            child = None
            zygote = zygotes.get() if zygotes is not None else None
            if zygote is not None:
                output_r, output_w = os.pipe()
                try:
                    child = zygote.start(job.exercise, request, work, sandbox, write_end, output_w)
                    child.output_fd = output_r
                except OSError:  # the zygote died: this exercise gets a fresh interpreter
                    os.close(output_r)
                    output_r = None
                finally:
                    os.close(output_w)
            if child is None:
                child = _start_fresh(request, work, sandbox, write_end)
        except OSError as error:
            os.close(read_end)
            if output_r is not None:
                os.close(output_r)
            result.stopped = f"the grader could not start a process for {job.exercise}: {error}"
            return result
        finally:
            os.close(write_end)
        try:
            channel, output, timed_out = _collect(child, read_end, job.timeout)
        finally:
            code = child.kill_and_reap()
            os.close(read_end)
            if output_r is not None:
                os.close(output_r)
    result.seconds = time.perf_counter() - start
    result.output = output
    _read_channel(channel, job.calls, result)
    if result.stopped is None and len(result.answers) < len(job.calls):
        doing = next((c for c in job.calls if c not in result.answers), None)
        during = f"while running `{doing}`" if result.answers or doing else ""
        if not result.answers and b'{"ready"' not in channel:
            during = f"while importing {copy.name}"
        if timed_out:
            why = f"was stopped after {job.timeout:g} s, the time limit (an endless loop?)"
        else:
            why = _describe_exit(code if code is not None else -signal.SIGKILL)
        result.stopped = (
            f"the grading process for {job.exercise} {why} {during}; "
            "tasks not yet checked score 0".replace("  ", " ")
        )
    return result


def _collect(child: Child, read_end: int, timeout: float) -> tuple[bytes, str, bool]:
    """Read the result channel and the output until the child ends or its time is up."""
    deadline = time.monotonic() + SETUP_SECONDS
    started = False
    channel, output = bytearray(), bytearray()
    streams = {read_end: channel, child.output_fd: output}
    limits = {read_end: CHANNEL_BYTES, child.output_fd: OUTPUT_BYTES}
    dropped = 0
    timed_out = False
    with selectors.DefaultSelector() as selector:
        for fd in streams:
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = child.poll() is None
                break
            for key, _ in selector.select(min(remaining, 0.02)):
                dropped += _drain(key.fd, streams[key.fd], limits[key.fd], selector)
            if not started and b'{"started"' in channel[:200]:
                started = True
                deadline = time.monotonic() + timeout
            if child.poll() is not None or len(channel) > CHANNEL_BYTES:
                break
        child.kill_and_reap()
        # What is still buffered in the pipes (a process that escaped the group may
        # hold them open: read what is there, never wait for an end).
        for fd in list(streams):
            dropped += _drain(fd, streams[fd], limits[fd], None, until_empty=True)
    text = output.decode("utf-8", errors="replace")
    if dropped:
        text += f"\n[{dropped} more bytes of output not kept]"
    return bytes(channel), text, timed_out


class Zygote:
    """A process that imported the grader and loaded the dataset once, and forks children.

    Started like a child (``python -I``, scrubbed environment, a session of its
    own, an empty folder) and spoken to over an inherited socket pair only.
    Forking it costs milliseconds where a fresh interpreter costs the imports
    (about 0.4 s): that is what lets twelve exercises grade in a few seconds.
    Student code never runs in it: each child forks first, then starts its own
    session, sets its limits and only then imports the student's file.
    """

    def __init__(self, root: Path) -> None:
        self.folder = Path(tempfile.mkdtemp(prefix="civicdata-zygote-"))
        ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
        self.log = open(self.folder / "zygote.log", "wb")  # noqa: SIM115 - closed in close()
        try:
            self.process = subprocess.Popen(
                [
                    sys.executable,
                    "-I",
                    "-c",
                    ZYGOTE,
                    str(theirs.fileno()),
                    str(PACKAGE_PARENT),
                    str(root),
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
                    word, key, value = line.split()
                    if word == "pid":
                        self.pids[key] = int(value)
                    elif word == "exit":
                        self.exits[int(key)] = int(value)
                self.changed.notify_all()

    def start(
        self, name: str, request: dict, work: Path, sandbox: Path, result_w: int, output_w: int
    ) -> Child:
        message = {"id": name, "job": request, "work": str(work), "env": _environment(sandbox)}
        with self.lock:
            socket.send_fds(self.sock, [json.dumps(message).encode()], [result_w, output_w])
        with self.changed:
            if not self.changed.wait_for(
                lambda: name in self.pids or not self.alive, SETUP_SECONDS
            ):
                raise OSError("the grader's worker did not answer")
            if name not in self.pids:
                raise OSError("the grader's worker stopped; see its log")
            pid = self.pids[name]
        child = Child(pid, -1)
        child.zygote = self
        return child

    def exit_code(self, pid: int) -> int | None:
        with self.changed:
            return self.exits.get(pid)

    def wait_exit(self, pid: int) -> int | None:
        with self.changed:
            self.changed.wait_for(lambda: pid in self.exits or not self.alive, SETUP_SECONDS)
            if pid in self.exits:
                return self.exits[pid]
        deadline = time.monotonic() + 5  # no zygote to report it: wait for init to reap it
        while time.monotonic() < deadline:
            try:
                os.kill(pid, 0)
            except ProcessLookupError:
                break
            time.sleep(0.01)
        return None

    def close(self) -> None:
        with contextlib.suppress(OSError):
            self.sock.shutdown(socket.SHUT_RDWR)
        self.sock.close()
        with contextlib.suppress(subprocess.TimeoutExpired):
            self.process.wait(timeout=SETUP_SECONDS)
        with contextlib.suppress(ProcessLookupError, PermissionError):
            os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self.log.close()
        shutil.rmtree(self.folder, ignore_errors=True)


def _drain(
    fd: int,
    into: bytearray,
    limit: int,
    selector: selectors.BaseSelector | None,
    until_empty: bool = False,
) -> int:
    dropped = 0
    while True:
        try:
            data = os.read(fd, 1 << 16)
        except BlockingIOError:
            return dropped
        except OSError:
            data = b""
        if not data:
            if selector is not None:
                selector.unregister(fd)
            return dropped
        keep = min(len(data), max(0, limit - len(into)))
        into += data[:keep]
        dropped += len(data) - keep
        if not until_empty:
            return dropped


def _read_channel(channel: bytes, calls: Sequence[str], result: Run) -> None:
    text = channel.decode("utf-8", errors="replace")
    complete = text[: text.rfind("\n") + 1]  # a child killed mid-line leaves a partial last line
    for line in complete.splitlines():
        try:
            message = json.loads(line)
        except ValueError:
            # Only student code writes anything but JSON lines there: void every answer.
            result.answers.clear()
            result.stopped = "the grader's result channel was tampered with; this exercise scores 0"
            return
        if not isinstance(message, dict):
            continue
        if "import_error" in message:
            result.stopped = str(message["import_error"])
        elif "i" in message and isinstance(message["i"], int) and 0 <= message["i"] < len(calls):
            call = calls[message["i"]]
            if call in result.answers:
                continue  # the first answer counts
            if "error" in message:
                result.answers[call] = Answer(error=str(message["error"]))
            else:
                result.answers[call] = Answer(value=message.get("value"))


def run_all(jobs: Sequence[Job], workers: int | None = None) -> dict[str, Run]:
    """Every exercise's child, ``workers`` at a time (default: one per CPU).

    Children are forked from one zygote per run; if it cannot start, each
    child is a fresh interpreter instead (slower, just as isolated).
    """
    if not jobs:
        return {}
    workers = workers or max(1, min(len(jobs), os.cpu_count() or 1))
    roots = {job.root for job in jobs}
    zygotes = None
    if len(roots) == 1 and os.environ.get(ZYGOTE_VARIABLE) != "0":
        zygotes = Zygotes(roots.pop())
    try:
        with ThreadPoolExecutor(max_workers=workers) as pool:
            runs = list(pool.map(lambda job: run(job, zygotes), jobs))
    finally:
        if zygotes is not None:
            zygotes.close()
    return {job.exercise: found for job, found in zip(jobs, runs, strict=True)}
