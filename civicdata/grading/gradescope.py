"""The autograder's entry point: ``run_autograder`` runs ``python3 -m`` this module.

Only the student files the manifest names are taken from the submission,
never tests, ``conftest.py``, ``pyproject.toml`` or anything else:

- the repository layout: ``exercises/<id>/<student file>`` (a GitHub or
  folder upload of the student edition), also found one folder down (a zip of
  the repository's folder) or as ``<id>/<student file>``;
- flat uploads: ``<id>.py`` for a Python exercise (``03_partial_dates.py``)
  and the record file's own name for exercise 11
  (``krasner-simply-unacceptable.yaml``).

Exercise 12's records are taken from ``.../12_extend_the_dataset/records/<kind>/``:
record files only (``.yaml`` and ``.yml``, which the validator then judges),
no links. Whatever is not submitted stays the stub, so it scores 0 and still
appears. Grading then runs every exercise with public and hidden checks and
writes ``results/results.json`` (always, even when nothing was found).
"""

from __future__ import annotations

import argparse
import shutil
import sys
from pathlib import Path

from ..project import Project
from .manifest import Exercise, Manifest, load_manifest
from .results import student_output, table, visible, write_results
from .runner import grade

RECORD_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 1 << 20


def _regular(path: Path) -> bool:
    return path.is_file() and not path.is_symlink() and path.stat().st_size <= MAX_FILE_BYTES


def _roots(submission: Path) -> list[Path]:
    """Where a repository layout may start: the submission, or one folder down."""
    roots = [submission]
    if submission.is_dir():
        roots += sorted(p for p in submission.iterdir() if p.is_dir() and not p.is_symlink())
    return roots


def _candidates(submission: Path, exercise: Exercise) -> list[Path]:
    found = []
    for root in _roots(submission):
        found += [
            root / "exercises" / exercise.id / exercise.student,
            root / exercise.id / exercise.student,
        ]
    found.append(submission / exercise.upload_name)
    return found


def take(submission: Path, manifest: Manifest) -> list[str]:
    """Copy the named student files over the stubs; what was taken, as lines to show."""
    taken = []
    for exercise in manifest.exercises:
        target = manifest.folder(exercise) / exercise.student
        for candidate in _candidates(submission, exercise):
            if exercise.is_python or candidate.suffix in RECORD_SUFFIXES:
                if _regular(candidate):
                    shutil.copyfile(candidate, target)
                    taken.append(f"{exercise.id}: {candidate.relative_to(submission)}")
                    break
            elif candidate.is_dir() and not candidate.is_symlink():
                records = [
                    path
                    for path in sorted(candidate.glob("*/*"))
                    if path.suffix in RECORD_SUFFIXES
                    and _regular(path)
                    and not path.parent.is_symlink()
                ]
                if records:
                    shutil.rmtree(target, ignore_errors=True)
                    for path in records:
                        copy = target / path.parent.name / path.name
                        copy.parent.mkdir(parents=True, exist_ok=True)
                        shutil.copyfile(path, copy)
                    taken.append(
                        f"{exercise.id}: {len(records)} record files from "
                        f"{candidate.relative_to(submission)}"
                    )
                    break
    return taken


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run_autograder")
    parser.add_argument("--autograder-root", default="/autograder")
    args = parser.parse_args(argv)
    root = Path(args.autograder_root)
    project = Project(Path.cwd().resolve())
    manifest = load_manifest(project)
    taken = take(root / "submission", manifest)
    print("Graded files from your submission:")
    for line in taken or ["(none of the exercise files were found; see the instructions)"]:
        print(f"  {line}")
    report = grade(manifest, list(manifest.exercises), "student")
    printed = student_output(report)
    if printed:
        print(printed, end="\n\n")
    print(table(visible(report), width=100))  # hidden checks: in results.json only
    write_results(report, root / "results" / "results.json")
    return 0


if __name__ == "__main__":
    sys.exit(main())
