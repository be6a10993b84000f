"""``civicdata diff`` at scale, against ``git diff --stat`` on the same revisions.

Run:  uv run python benchmarks/bench_diff.py [--records 10000] [--repeat 3]

Builds a temporary git repository holding the real dataset plus
``--records`` synthetic records (benchmarks/synthetic.py), commits it, then
commits two changes on top and times, best of ``--repeat`` runs, a fresh
``civicdata diff BASE HEAD`` process (startup included) and
``git diff --stat BASE HEAD``:

  renames   half the synthetic records renamed (new id, new file) and a
            tenth changed in one field
  churn     a fifth removed and a fifth added (new ids, new content)

The target is at most 3 s for each on the 2-core project machine. The
printed counts are checked against what the benchmark did, so a fast wrong
answer fails.
"""

from __future__ import annotations

import argparse
import subprocess
import sys
import tempfile
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))

from synthetic import make_project

TARGET_SECONDS = 3.0


def git(root: Path, *args: str) -> str:
    command = ["git", "-C", str(root), "-c", "user.email=b@example.org", "-c", "user.name=b"]
    return subprocess.run([*command, *args], check=True, capture_output=True, text=True).stdout


def commit(root: Path, message: str) -> str:
    git(root, "add", "-A")
    git(root, "commit", "-qm", message)
    return git(root, "rev-parse", "HEAD").strip()


def synthetic_files(root: Path) -> list[Path]:
    return sorted((root / "civicdata" / "data").glob("*/synthetic-*.yaml"))


def best_of(repeat: int, command: list[str]) -> tuple[float, str]:
    times, output = [], ""
    for _ in range(repeat):
        start = time.perf_counter()
        output = subprocess.run(command, check=True, capture_output=True, text=True).stdout
        times.append(time.perf_counter() - start)
    return min(times), output


def rename_and_modify(root: Path, renamed: int, modified: int) -> None:
    files = synthetic_files(root)
    for path in files[:renamed]:
        new_id = path.stem.replace("synthetic-", "renamed-")
        text = path.read_text(encoding="utf-8").replace(f"id: {path.stem}\n", f"id: {new_id}\n")
        (path.parent / f"{new_id}.yaml").write_text(text, encoding="utf-8")
        path.unlink()
    for path in files[renamed : renamed + modified]:
        text = path.read_text(encoding="utf-8")
        if "\nnotes: " in text:  # a record that has notes (a hand-made date's) gets them edited
            path.write_text(text.replace("\nnotes: ", "\nnotes: edited; ", 1))
        else:
            path.write_text(text.replace("citations:\n", "notes: edited\ncitations:\n", 1))


def remove_and_add(root: Path, removed: int, added: int) -> None:
    files = synthetic_files(root)
    for path in files[-removed:]:
        path.unlink()
    folder = root / "civicdata" / "data" / "person"
    for n in range(added):
        record_id = f"added-person-{n}"
        (folder / f"{record_id}.yaml").write_text(
            f"id: {record_id}\nname: Added Person {n}\npublic_figure: true\n"
            "citations:\n  - source: ap-2018-07-11-prosecutor-says-no-to-renewal\n"
            '    quote: "The contract expires at the end of August"\n',
            encoding="utf-8",
        )


def run_case(root, name, base, head, expected, repeat) -> tuple[float, float]:
    command = [sys.executable, "-m", "civicdata", "--root", str(root), "diff", base, head]
    seconds, output = best_of(repeat, command)
    first = output.splitlines()[0]
    if expected not in first:
        raise SystemExit(f"{name}: wrong answer: {first!r}, expected {expected!r}")
    stat_seconds, _ = best_of(repeat, ["git", "-C", str(root), "diff", "--stat", base, head])
    return seconds, stat_seconds


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--records", type=int, default=10_000)
    parser.add_argument("--repeat", type=int, default=3)
    args = parser.parse_args()
    n = args.records
    renamed, modified, churn = n // 2, n // 10, n // 5
    rows = []
    with tempfile.TemporaryDirectory() as folder:
        root = Path(folder)
        make_project(root, n)
        git(root, "init", "-q", "-b", "main")
        base = commit(root, "base")
        rename_and_modify(root, renamed, modified)
        head = commit(root, "renames")
        expected = f"0 added, {modified} changed, 0 removed, {renamed} renamed"
        seconds, stat = run_case(root, "renames", base, head, expected, args.repeat)
        rows.append((f"{renamed:,} renamed + {modified:,} changed", seconds, stat))

        git(root, "checkout", "-q", base)
        remove_and_add(root, churn, churn)
        head = commit(root, "churn")
        expected = f"{churn} added, 0 changed, {churn} removed, 0 renamed"
        seconds, stat = run_case(root, "churn", base, head, expected, args.repeat)
        rows.append((f"{churn:,} removed + {churn:,} added", seconds, stat))

    print(f"{n:,} synthetic records (+ the real dataset), best of {args.repeat} runs")
    print("| change | `civicdata diff` | `git diff --stat` | ratio |")
    print("| --- | ---: | ---: | ---: |")
    for label, seconds, stat in rows:
        print(f"| {label} | {seconds:.2f} s | {stat:.2f} s | {seconds / stat:.1f}x |")
    slowest = max(seconds for _, seconds, _ in rows)
    verdict = "within" if slowest <= TARGET_SECONDS else "OVER"
    print(f"slowest: {slowest:.2f} s, {verdict} the {TARGET_SECONDS:.0f} s target")
    return 0 if slowest <= TARGET_SECONDS else 1


if __name__ == "__main__":
    raise SystemExit(main())
