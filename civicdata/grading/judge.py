"""The judge: student code runs in a child process; only plain data comes back.

As programming-contest judges do, the process that decides a score never
imports the student's file. For each exercise the grader starts one child
(:mod:`civicdata.grading.child`):

- ``python -I`` (no user site, no ``PYTHON*`` variables, no script folder on
  ``sys.path``) with a scrubbed environment, in an empty temporary folder that
  holds a copy of the student's file and nothing else (no ``solution.py``
  beside it, no tests);
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
import subprocess
import sys
import tempfile
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
MEMORY_BYTES = 1 << 30
FILE_BYTES = 64 << 20
OUTPUT_BYTES = 64 << 10  # student output kept per exercise
CHANNEL_BYTES = 64 << 20  # results larger than this stop the child
PACKAGE_PARENT = Path(civicdata.__file__).resolve().parent.parent
BOOTSTRAP = (
    "import sys; sys.path.insert(0, sys.argv[2]); from civicdata.grading.child import main; main()"
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


def run(job: Job) -> Run:
    """Run one exercise's child to the end, within its limits; never raises for the student."""
    result = Run()
    start = time.perf_counter()
    with tempfile.TemporaryDirectory(prefix="civicdata-judge-") as folder:
        sandbox = Path(folder)
        work = sandbox / "work"
        work.mkdir()
        copy = _copy(job, work)
        if copy is None:
            result.stopped = f"{job.relative.as_posix()} was not found at {job.student}"
            return result
        read_end, write_end = os.pipe()
        request = {
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
        try:
            process = subprocess.Popen(
                [sys.executable, "-I", "-c", BOOTSTRAP, str(write_end), str(PACKAGE_PARENT)],
                stdin=subprocess.PIPE,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                cwd=work,
                env=_environment(sandbox),
                pass_fds=(write_end,),
                start_new_session=True,
            )
        finally:
            os.close(write_end)
        try:
            channel, output, timed_out = _collect(process, read_end, request, job.timeout)
        finally:
            _kill_group(process)
            os.close(read_end)
        code = process.returncode
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


def _collect(
    process: subprocess.Popen, read_end: int, request: dict, timeout: float
) -> tuple[bytes, str, bool]:
    """Feed the job, then read the result channel and the output until exit or timeout."""
    assert process.stdin and process.stdout
    try:
        process.stdin.write(json.dumps(request).encode())
        process.stdin.close()
    except BrokenPipeError:
        pass
    deadline = time.monotonic() + SETUP_SECONDS
    started = False
    channel, output = bytearray(), bytearray()
    streams = {read_end: channel, process.stdout.fileno(): output}
    limits = {read_end: CHANNEL_BYTES, process.stdout.fileno(): OUTPUT_BYTES}
    dropped = 0
    timed_out = False
    with selectors.DefaultSelector() as selector:
        for fd in streams:
            os.set_blocking(fd, False)
            selector.register(fd, selectors.EVENT_READ)
        while True:
            remaining = deadline - time.monotonic()
            if remaining <= 0:
                timed_out = process.poll() is None
                break
            for key, _ in selector.select(min(remaining, 0.05)):
                dropped += _drain(key.fd, streams[key.fd], limits[key.fd], selector)
            if not started and b'{"started"' in channel[:200]:
                started = True
                deadline = time.monotonic() + timeout
            if process.poll() is not None or len(channel) > CHANNEL_BYTES:
                break
        _kill_group(process)
        # What is still buffered in the pipes (a process that escaped the group may
        # hold them open: read what is there, never wait for an end).
        for fd in list(streams):
            dropped += _drain(fd, streams[fd], limits[fd], None, until_empty=True)
    text = output.decode("utf-8", errors="replace")
    if dropped:
        text += f"\n[{dropped} more bytes of output not kept]"
    return bytes(channel), text, timed_out


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


def _kill_group(process: subprocess.Popen) -> None:
    with contextlib.suppress(ProcessLookupError, PermissionError):
        os.killpg(process.pid, signal.SIGKILL)
    process.wait()


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
    """Every exercise's child, ``workers`` at a time (default: one per CPU)."""
    if not jobs:
        return {}
    workers = workers or max(1, min(len(jobs), os.cpu_count() or 1))
    with ThreadPoolExecutor(max_workers=workers) as pool:
        runs = list(pool.map(run, jobs))
    return {job.exercise: found for job, found in zip(jobs, runs, strict=True)}
