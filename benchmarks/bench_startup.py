"""Startup time of the command line: ``civicdata --help``.

Run:  uv run python benchmarks/bench_startup.py [--repeat 20]

Prints, best of ``--repeat`` runs, the wall-clock time of a fresh process
running ``civicdata --help`` (the installed console script), of
``python -c pass`` (the interpreter's own floor), and of ``import civicdata``
followed by ``civicdata.load()`` for scale. The target for ``--help`` is
0.12 s: the parser imports no models, no YAML and no pytest; each command
imports what it needs when it runs.
"""

from __future__ import annotations

import argparse
import shutil
import subprocess
import sys
import time

TARGET_SECONDS = 0.12


def best_of(repeat: int, command: list[str]) -> float:
    times = []
    for _ in range(repeat):
        start = time.perf_counter()
        subprocess.run(command, check=True, stdout=subprocess.DEVNULL)
        times.append(time.perf_counter() - start)
    return min(times)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--repeat", type=int, default=20)
    args = parser.parse_args()
    script = shutil.which("civicdata") or ""
    help_command = [script, "--help"] if script else [sys.executable, "-m", "civicdata", "--help"]
    floor = best_of(args.repeat, [sys.executable, "-c", "pass"])
    shown = best_of(args.repeat, help_command)
    loaded = best_of(
        max(3, args.repeat // 4), [sys.executable, "-c", "import civicdata; civicdata.load()"]
    )
    print(f"best of {args.repeat} runs")
    print("| what | seconds |")
    print("| --- | ---: |")
    print(f"| `python -c pass` | {floor:.3f} |")
    print(f"| `civicdata --help` | {shown:.3f} |")
    print(f"| `import civicdata; civicdata.load()` | {loaded:.3f} |")
    verdict = "within" if shown <= TARGET_SECONDS else "OVER"
    print(f"civicdata --help: {shown:.3f} s, {verdict} the {TARGET_SECONDS} s target")
    return 0 if shown <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
