"""Time of a full isolated grade: ``civicdata grade --solutions``, all twelve exercises.

Run:  uv run python benchmarks/bench_grade.py [--repeat 3]

Prints, best of ``--repeat`` runs, the wall-clock time of a fresh
``civicdata grade --solutions`` process (pytest in the parent; each
exercise's calls in a child process of its own, with its limits, forked from
one zygote that imported the grader once), and the same with a fresh
interpreter per exercise (``CIVICDATA_GRADE_ZYGOTE=0``) for scale, and which
containment ran (a user per exercise as root, Landlock, cgroup). The target
is 5 s on a 2-core machine. Both runs must give full marks, or the figure
would not be a grade.
"""

from __future__ import annotations

import argparse
import os
import subprocess
import sys
import time

TARGET_SECONDS = 5.0


def best_of(repeat: int, zygote: bool) -> float:
    environment = {**os.environ, "CIVICDATA_GRADE_ZYGOTE": "1" if zygote else "0"}
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        completed = subprocess.run(
            [sys.executable, "-m", "civicdata", "grade", "--solutions"],
            capture_output=True,
            text=True,
            check=False,
            env=environment,
        )
        times.append(time.perf_counter() - start)
        if completed.returncode != 0 or "tasks passed" not in completed.stdout:
            raise SystemExit(f"grading failed:\n{completed.stdout}{completed.stderr}")
    return min(times)


def containment() -> str:
    """What contained the children in these runs, as ``civicdata grade -v`` says it."""
    completed = subprocess.run(
        [sys.executable, "-m", "civicdata", "grade", "-v", "01", "--solutions"],
        capture_output=True,
        text=True,
        check=False,
    )
    lines = [line for line in completed.stdout.splitlines() if line.startswith("containment:")]
    return lines[0] if lines else "containment: not reported"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    forked = best_of(args.repeat, zygote=True)
    fresh = best_of(args.repeat, zygote=False)
    print(
        f"full isolated grade of every exercise: {forked:.1f} s "
        f"(target {TARGET_SECONDS:g} s, {os.cpu_count()} cores; "
        f"a fresh interpreter per exercise: {fresh:.1f} s)"
    )
    print(containment())
    return 0 if forked <= TARGET_SECONDS else 1


if __name__ == "__main__":
    sys.exit(main())
