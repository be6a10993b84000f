"""How long the README's test command takes: the whole suite, wall-clock.

Run:  uv run python benchmarks/bench_suite.py [--runs N]

Runs ``uv run pytest`` exactly as the README gives it, from this checkout,
``N`` times (default 1: a run is long), and prints the wall-clock time of
each with the CPU time its processes used (all of them: pytest-xdist's
workers, the graders and browsers they start), the best, and pytest's own
summary line (tests passed, skipped). The CPU is read from a cgroup of its
own where the machine lets this process make one (as root here):
``getrusage`` counts only the processes each parent waited for, and misses
most of Chromium's, which the browser tests spend. Elsewhere it falls back
to ``getrusage`` and says so. The suite spreads over the machine's cores
with pytest-xdist (``-n auto`` in pyproject.toml); the README gives each run
on the 2-core project machine, quiet while it ran.

First it prints the interpreter ``uv run`` runs here (the one ``.venv`` was
made with: uv's own installation or the first Python 3.11+ on PATH, or
``UV_PYTHON``), with the CPU time of a pure-Python loop (thirty million
additions) on it: a build without profile-guided and link-time optimisation
(pyenv's default) takes about 40% longer there, and the whole suite takes
about 6% more CPU. To compare two interpreters, run it in two checkouts (a
``git worktree``) whose ``.venv`` each was made with one, alternating runs.
Exit status 1 if a run failed.
"""

from __future__ import annotations

import argparse
import os
import re
import resource
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
SUMMARY = re.compile(r"^=*\s*(\d+ passed.*?) in [\d.]+s", re.MULTILINE)


class CpuMeter:
    """CPU seconds used by one command and everything it starts.

    A cpuacct cgroup (v1) or a cgroup v2 folder made for the run counts every
    process put in it, whoever reaps it; without one, ``getrusage`` of the
    children this process waited for (an undercount: it says so).
    """

    def __init__(self) -> None:
        self.folder: Path | None = None
        self.usage = ""
        for base, usage in [
            (Path("/sys/fs/cgroup/cpuacct"), "cpuacct.usage"),
            (Path("/sys/fs/cgroup"), "cpu.stat"),
        ]:
            if (base / usage).is_file() or (base / "cgroup.controllers").is_file():
                folder = base / f"civicdata-bench-suite-{os.getpid()}"
                try:
                    folder.mkdir()
                except OSError:
                    continue
                self.folder, self.usage = folder, usage
                break
        self.kind = "cgroup" if self.folder else "getrusage (waited-for processes only)"

    def enter(self) -> None:
        """In the child, before exec: join the cgroup."""
        if self.folder is not None:
            (self.folder / "cgroup.procs").write_text(str(os.getpid()))

    def seconds(self) -> float:
        if self.folder is None:
            used = resource.getrusage(resource.RUSAGE_CHILDREN)
            return used.ru_utime + used.ru_stime
        text = (self.folder / self.usage).read_text()
        if self.usage == "cpuacct.usage":
            return int(text) / 1e9
        return int(dict(line.split() for line in text.splitlines())["usage_usec"]) / 1e6

    def close(self) -> None:
        if self.folder is not None:
            for _ in range(50):  # the last processes may still be leaving it
                try:
                    self.folder.rmdir()
                    return
                except OSError:
                    time.sleep(0.1)


LOOP = (
    "import os, sys, time; t = time.process_time(); x = 0\n"
    "for i in range(30_000_000): x += i\n"
    "print(os.path.realpath(sys.executable), sys.version.split()[0], "
    "f'(a pure-Python loop: {time.process_time() - t:.2f} s of CPU)')"
)


def interpreter() -> str:
    """The Python that ``uv run`` runs here: its real path, its version, and how long
    a pure-Python loop takes on it; or why it could not be asked."""
    try:
        ran = subprocess.run(
            ["uv", "run", "python", "-c", LOOP],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            timeout=300,
        )
    except (OSError, subprocess.TimeoutExpired) as error:
        return f"(not known: {error})"
    lines = (ran.stdout or ran.stderr).strip().splitlines()
    return lines[-1] if ran.returncode == 0 and lines else f"(not known: {lines[-1:]})"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    print(f"interpreter: {interpreter()}")
    times = []
    summary = ""
    for run in range(1, args.runs + 1):
        meter = CpuMeter()
        before = meter.seconds()
        started = time.perf_counter()
        completed = subprocess.run(
            ["uv", "run", "pytest", "-p", "no:cacheprovider"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
            preexec_fn=meter.enter,
        )
        seconds = time.perf_counter() - started
        cpu = meter.seconds() - before
        meter.close()
        found = SUMMARY.search(completed.stdout)
        summary = found[1] if found else "(no summary)"
        print(f"run {run}: {seconds:.1f} s wall-clock, {cpu:.0f} s CPU ({meter.kind})  {summary}")
        if completed.returncode != 0:
            print(completed.stdout[-3000:], file=sys.stderr)
            return 1
        times.append(seconds)
    best = min(times)
    print(f"`uv run pytest`: best {best:.1f} s wall-clock on {os.cpu_count()} cores ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
