"""How well the YAML exercises' checks tell a wrong answer from the right one.

Run:  uv run python benchmarks/bench_yaml_mutants.py

Generates the field mutants of exercises 11 and 12's reference answers (a
plausible wrong value per field: invented or lost date precision, another
kind, speaker or actor, a role with no end or an invented one, an evaluative
word, another sentence or source, a missing citation), grades each with the
exercises' own checks on the judge's probes (tests/test_yaml_exercise_mutants.py,
which asserts the same), and prints per exercise how many lose points. A
mutant that keeps full marks is listed by name. Exit status 1 if any does.
"""

from __future__ import annotations

import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_yaml_exercise_mutants import ELEVEN, TWELVE, grading, survivors  # noqa: E402


def main() -> int:
    failed = 0
    with tempfile.TemporaryDirectory() as work, grading(Path(work)) as grade:
        print("| exercise | mutants | lose points | keep full marks | time |")
        print("| --- | ---: | ---: | ---: | ---: |")
        for exercise in (ELEVEN, TWELVE):
            started = time.perf_counter()
            total, kept = survivors(grade, exercise)
            took = time.perf_counter() - started
            killed = total - len(kept)
            print(
                f"| {exercise.id} | {total} | {killed} ({killed / total:.0%}) | "
                f"{len(kept)} | {took:.1f} s |"
            )
            for name in kept:
                print(f"  keeps full marks: {name}")
            failed += len(kept)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
