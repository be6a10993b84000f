"""How long the README's test command takes: the whole suite, wall-clock.

Run:  uv run python benchmarks/bench_suite.py [--runs N]

Runs ``uv run pytest`` exactly as the README gives it, from this checkout,
``N`` times (default 1: a run is long), and prints the wall-clock time of
each with the CPU time its processes used (all of them: pytest-xdist's
workers, the graders and browsers they start), the best, and pytest's own
summary line (tests passed, skipped). The
suite spreads over the machine's cores with pytest-xdist (``-n auto`` in
pyproject.toml); the figure in the README is the best of the runs on the
2-core project machine, quiet while it ran. Exit status 1 if a run failed.
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


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=1)
    args = parser.parse_args()
    times = []
    summary = ""
    for run in range(1, args.runs + 1):
        before = resource.getrusage(resource.RUSAGE_CHILDREN)
        started = time.perf_counter()
        completed = subprocess.run(
            ["uv", "run", "pytest", "-p", "no:cacheprovider"],
            cwd=ROOT,
            capture_output=True,
            text=True,
            check=False,
        )
        seconds = time.perf_counter() - started
        after = resource.getrusage(resource.RUSAGE_CHILDREN)
        cpu = sum(getattr(after, f) - getattr(before, f) for f in ("ru_utime", "ru_stime"))
        found = SUMMARY.search(completed.stdout)
        summary = found[1] if found else "(no summary)"
        print(f"run {run}: {seconds:.1f} s wall-clock, {cpu:.0f} s CPU  {summary}")
        if completed.returncode != 0:
            print(completed.stdout[-3000:], file=sys.stderr)
            return 1
        times.append(seconds)
    best = min(times)
    print(f"`uv run pytest`: best {best:.1f} s wall-clock on {os.cpu_count()} cores ({summary})")
    return 0


if __name__ == "__main__":
    sys.exit(main())
