"""The autograder's entry point: ``run_autograder`` runs ``python3 -m`` this module.

Every run starts from the autograder as shipped: the grader copies
``source/``'s package, data and exercises (stubs and checks) into a fresh
folder of its own, checks that copy's ``civicdata/`` against
``exercises/library.sha256``, and writes the submission's files into that
copy only. ``source/`` itself is never written, so one root graded twice (a
local batch regrade) never lends one submission another's files.

Only the student files the manifest names are taken from the submission,
never tests, ``conftest.py``, ``pyproject.toml`` or anything else:

- the repository layout: ``exercises/<id>/<student file>`` (a GitHub or
  folder upload of the student edition), also found one folder down (a zip of
  the repository's folder) or as ``<id>/<student file>``;
- flat uploads: ``<id>.py`` for a Python exercise (``03_partial_dates.py``)
  and the record file's own name for exercise 11
  (``krasner-simply-unacceptable.yaml``).

Exercise 12's records are taken from ``.../12_extend_the_dataset/records/<kind>/``:
record files only (``.yaml`` and ``.yml``, which the validator then judges).
A symbolic link anywhere on the way to a file, a FIFO, a device or a file
over 1 MiB is refused with a message naming it and never read; that file
counts as not submitted. An exercise with nothing submitted is not run: each
of its tasks scores 0 and says "not found in your submission".

This process (root, on Gradescope) writes ``results/results.json`` itself:
first a "did not finish" result before any student code runs, then the
grade; whatever goes wrong in between, a result is written by a process the
student's code cannot kill (it runs as another user).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import stat
import sys
import tempfile
import traceback
from dataclasses import dataclass, field
from pathlib import Path

from ..errors import CivicdataError
from ..files_io import file_type, read_bytes
from ..problems import YamlProblem, format_error
from ..project import Project
from ..text import visible as escaped
from . import judge, sandbox
from .library import LIBRARY, compare, read_hash_list, warning
from .manifest import Exercise, Manifest, load_manifest
from .results import (
    GradeReport,
    Status,
    TaskResult,
    student_output,
    table,
    visible,
    with_notices,
    write_atomically,
    write_results,
)
from .runner import grade

RECORD_SUFFIXES = (".yaml", ".yml")
MAX_FILE_BYTES = 1 << 20
# What the grader copies from source/ into its own folder for each run.
GRADED_TOP = ("civicdata", "seeds", "schemas", "pyproject.toml", "exercises")
NEVER = shutil.ignore_patterns("__pycache__", "*.pyc", ".pytest_cache", ".civicdata")
FAILED = "The autograder failed ({reason}); please tell your instructor."


class Refused(CivicdataError):
    """A submitted path that is not read: a link, a special file, too large."""


class Broken(CivicdataError):
    """The autograder's own files are not as shipped: no grade can be trusted."""


@dataclass
class Intake:
    """What was taken from a submission, and what was refused (with why)."""

    taken: dict[str, str] = field(default_factory=dict)  # exercise id -> what, as shown
    refused: list[str] = field(default_factory=list)  # "path: why", each once
    refused_for: dict[str, list[str]] = field(default_factory=dict)  # exercise id -> "path: why"

    def refuse(self, why: str, exercise: Exercise | None = None) -> None:
        if why not in self.refused:
            self.refused.append(why)
        if exercise is not None:
            mine = self.refused_for.setdefault(exercise.id, [])
            if why not in mine:
                mine.append(why)


# --- reading a submission without trusting it -------------------------------------


def _shown(path: Path, submission: Path) -> str:
    """A submitted path as messages show it: names are the student's, so escaped."""
    return escaped(path.relative_to(submission).as_posix())


def _walk(submission: Path, path: Path) -> os.stat_result | None:
    """lstat of ``path``; None if absent. Refused if any part of the way is a link."""
    here = submission
    info = None
    for part in path.relative_to(submission).parts:
        here = here / part
        try:
            info = here.lstat()
        except (FileNotFoundError, NotADirectoryError):
            return None
        except OSError as error:
            shown = _shown(here, submission)
            raise Refused(f"{shown}: cannot be read ({error.strerror})") from None
        if stat.S_ISLNK(info.st_mode):
            raise Refused(f"{_shown(here, submission)}: a symbolic link, not followed")
    return info


def _kind(mode: int) -> str:
    return file_type(mode) or "a regular file"


def read_submitted(submission: Path, path: Path) -> bytes | None:
    """A submitted file's bytes; None if absent; :class:`Refused` if it may not be read."""
    info = _walk(submission, path)
    if info is None or stat.S_ISDIR(info.st_mode):
        return None
    shown = _shown(path, submission)
    if not stat.S_ISREG(info.st_mode):
        raise Refused(f"{shown}: {_kind(info.st_mode)}, not read")
    if info.st_size > MAX_FILE_BYTES:
        raise Refused(f"{shown}: {info.st_size} bytes, over the 1 MiB limit, not read")
    try:  # the project's one reader of untrusted files: no link followed, no FIFO opened
        return read_bytes(path, MAX_FILE_BYTES, "a submitted file")
    except YamlProblem:  # swapped for a link, a FIFO or a larger file since the look above
        raise Refused(f"{shown}: changed while it was read, not read") from None
    except OSError as error:
        raise Refused(f"{shown}: cannot be read ({error.strerror})") from None


def _is_folder(submission: Path, path: Path) -> bool:
    info = _walk(submission, path)
    return info is not None and stat.S_ISDIR(info.st_mode)


def _roots(submission: Path, intake: Intake) -> list[Path]:
    """Where a repository layout may start: the submission, or one folder down."""
    roots = [submission]
    try:
        entries = sorted(submission.iterdir())
    except OSError:
        return roots
    for entry in entries:
        try:
            mode = entry.lstat().st_mode
        except OSError:
            continue  # gone since it was listed
        if stat.S_ISLNK(mode):
            intake.refuse(f"{escaped(entry.name)}: a symbolic link, not followed")
        elif stat.S_ISDIR(mode):
            roots.append(entry)
    return roots


def _candidates(submission: Path, roots: list[Path], exercise: Exercise) -> list[Path]:
    found = []
    for root in roots:
        found += [
            root / "exercises" / exercise.id / exercise.student,
            root / exercise.id / exercise.student,
        ]
    found.append(submission / exercise.upload_name)
    return found


def _records(
    submission: Path, folder: Path, exercise: Exercise, intake: Intake
) -> dict[str, bytes]:
    """``records/<kind>/<file>.yaml`` under ``folder``: {kind/file: bytes}, links refused."""
    found: dict[str, bytes] = {}
    try:
        kinds = sorted(folder.iterdir())
    except OSError as error:
        intake.refuse(f"{_shown(folder, submission)}: cannot be read ({error.strerror})", exercise)
        return found
    for kind in kinds:
        if kind.is_symlink():
            intake.refuse(f"{_shown(kind, submission)}: a symbolic link, not followed", exercise)
            continue
        if not kind.is_dir():
            continue
        try:
            paths = sorted(kind.iterdir())
        except OSError as error:
            intake.refuse(
                f"{_shown(kind, submission)}: cannot be read ({error.strerror})", exercise
            )
            continue
        for path in paths:
            if path.suffix not in RECORD_SUFFIXES:
                continue
            try:
                data = read_submitted(submission, path)
            except Refused as refused:
                intake.refuse(str(refused), exercise)
                continue
            if data is not None:
                found[f"{kind.name}/{path.name}"] = data
    return found


def take(submission: Path, manifest: Manifest) -> Intake:
    """Write the submitted student files into ``manifest``'s (fresh) exercise folders."""
    intake = Intake()
    if not submission.is_dir() or submission.is_symlink():
        return intake
    roots = _roots(submission, intake)
    for exercise in manifest.exercises:
        target = manifest.folder(exercise) / exercise.student
        for candidate in _candidates(submission, roots, exercise):
            try:
                if exercise.is_python or candidate.suffix in RECORD_SUFFIXES:
                    data = read_submitted(submission, candidate)
                    if data is None:
                        continue
                    target.parent.mkdir(parents=True, exist_ok=True)
                    target.write_bytes(data)
                    intake.taken[exercise.id] = _shown(candidate, submission)
                    break
                if not _is_folder(submission, candidate):
                    continue
            except Refused as refused:
                intake.refuse(str(refused), exercise)
                continue
            records = _records(submission, candidate, exercise, intake)
            if records:
                shutil.rmtree(target, ignore_errors=True)
                for name, data in records.items():
                    copy = target / name
                    copy.parent.mkdir(parents=True, exist_ok=True)
                    copy.write_bytes(data)
                shown = _shown(candidate, submission)
                intake.taken[exercise.id] = f"{len(records)} record files from {shown}"
                break
    return intake


def submitted_library(submission: Path, released: dict[str, str] | None) -> list[str]:
    """The warning for a submission that carries an edited ``civicdata/``, if it does."""
    if released is None or not submission.is_dir():
        return []
    changes = []
    for root in [submission, *(p for p in sorted(submission.iterdir()) if not p.is_symlink())]:
        if (root / "civicdata").is_dir() or (root / "civicdata").is_symlink():
            changes += compare(released, root, missing_counts=False)
    return [warning(changes)] if changes else []


# --- grading a fresh copy ------------------------------------------------------------


def fresh_copy(source: Path, work: Path) -> Project:
    """The autograder's package, data and exercises as shipped, copied into ``work``."""
    for name in GRADED_TOP:
        path = source / name
        if path.is_dir():
            shutil.copytree(path, work / name, ignore=NEVER, symlinks=True)
        elif path.is_file():
            shutil.copy2(path, work / name)
    return Project(work)


def not_found(exercise: Exercise, refused: list[str]) -> str:
    where = f"exercises/{exercise.id}/{exercise.student}"
    if exercise.is_python or Path(exercise.student).suffix in RECORD_SUFFIXES:
        where += f" (or {exercise.upload_name})"
    text = f"not found in your submission: looked for {where}"
    if refused:
        text += f"; refused {'; '.join(refused)}"
    return text


def grade_submission(manifest: Manifest, intake: Intake) -> GradeReport:
    """Grade the exercises a file was taken for; every other task scores 0, not found."""
    submitted = [e for e in manifest.exercises if e.id in intake.taken]
    graded = (
        grade(manifest, submitted, "student", hidden_apart=True)
        if submitted
        else GradeReport([], 0.0)
    )
    by_exercise: dict[str, list[TaskResult]] = {}
    for result in graded.results:
        by_exercise.setdefault(result.exercise.id, []).append(result)
    results = []
    for exercise in manifest.exercises:
        if exercise.id in by_exercise:
            results += by_exercise[exercise.id]
        else:
            message = not_found(exercise, intake.refused_for.get(exercise.id, []))
            results += [TaskResult(exercise, t, Status.NOT_RUN, message) for t in exercise.tasks]
    return GradeReport(results, graded.seconds, graded.outputs, graded.notices)


def failure(reason: str) -> dict:
    return {"score": 0, "output": FAILED.format(reason=reason), "tests": []}


def _write_failure(path: Path, reason: str) -> None:
    write_atomically(path, json.dumps(failure(reason), indent=2) + "\n")


def refuse_uncontained() -> None:
    """Refuse to grade where student code could not be contained at all.

    Run as root (as Gradescope does), a child either switches to a user of its
    own or is held by Landlock; either keeps it from the checks and from
    results.json. With neither (no Python other users may read, as when uv
    installed one under /root, on a kernel without Landlock), the children
    would run as root, unconfined: a submission could read the hidden checks
    or rewrite its own score. No grade is better than one that means nothing.
    """
    why = judge.why_no_user_switch()
    if os.geteuid() == 0 and why is not None and not sandbox.landlock_abi():
        raise Broken(
            f"student code cannot be contained on this image: no user of its own ({why}) "
            "and no Landlock (Linux 5.13 or later); a score would mean nothing. Install a "
            "Python 3.11+ that other users may read (setup.sh puts uv's in /opt)"
        )


def run(root: Path, source: Path) -> GradeReport:
    """Grade ``root/submission`` with a fresh copy of ``source``; the full report."""
    refuse_uncontained()
    released = read_hash_list(source / "exercises" / LIBRARY)
    with tempfile.TemporaryDirectory(prefix="civicdata-autograder-") as folder:
        work = Path(folder)
        project = fresh_copy(source, work)
        if released is not None and (changes := compare(released, work)):
            listed = ", ".join(str(c) for c in changes[:5])
            raise Broken(f"the autograder's own civicdata/ is not as released: {listed}")
        manifest = load_manifest(project)
        submission = root / "submission"
        intake = take(submission, manifest)
        print("Graded files from your submission:")
        lines = [
            f"{e.id}: {intake.taken[e.id]}" for e in manifest.exercises if e.id in intake.taken
        ]
        for line in lines or ["(none of the exercise files were found; see the instructions)"]:
            print(f"  {line}")
        notices = submitted_library(submission, released)
        if intake.refused:
            notices.append(
                "Refused from your submission (not read; each such file counts as not "
                f"submitted): {'; '.join(intake.refused)}"
            )
        return with_notices(grade_submission(manifest, intake), notices)


def keep_private(source: Path) -> None:
    """Only root may enter ``source/``: it holds every check, the hidden ones too.

    The exercises' users are kept out of it by Landlock where the kernel has
    it; where it has not (a container whose kernel or seccomp profile lacks
    Landlock), the unzipped autograder (0755 folders, 0644 files) would be
    readable by every user, the children's included. Nothing a child needs is
    in there: it runs from the sandbox tree's copy and the Python installation.
    """
    if source.stat().st_uid == 0:
        os.chmod(source, 0o700)


METADATA = "submission_metadata.json"


def keep_metadata_private(root: Path) -> None:
    """Only root may read Gradescope's ``submission_metadata.json`` (world-readable as
    Gradescope writes it): it holds the results of the student's earlier submissions,
    the hidden checks' messages among them, which a child without Landlock could
    otherwise read and print where the student sees it before the due date."""
    path = root / METADATA
    try:
        found = path.lstat()
    except OSError:
        return
    if stat.S_ISREG(found.st_mode) and found.st_uid == 0:
        os.chmod(path, 0o600)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(prog="run_autograder")
    parser.add_argument("--autograder-root", default="/autograder")
    args = parser.parse_args(argv)
    root = Path(args.autograder_root)
    results = root / "results" / "results.json"
    results.parent.mkdir(parents=True, exist_ok=True)
    if os.geteuid() == 0 and not results.parent.is_symlink():
        os.chown(results.parent, 0, 0)  # Gradescope: only this process (root) writes results
        os.chmod(results.parent, 0o755)
    source = Path.cwd().resolve()
    if os.geteuid() == 0:
        keep_private(source)
        keep_metadata_private(root)
    # Before any student code runs: if this process dies, the result says so.
    _write_failure(results, "it did not finish")
    try:
        report = run(root, source)
        printed = student_output(report)
        if printed:
            print(printed, end="\n\n")
        print(table(visible(report), width=100))  # hidden checks: in results.json only
        write_results(report, results)
    except Broken as error:
        print(format_error(error), file=sys.stderr)  # the one format, escaped
        _write_failure(results, str(error))
    except BaseException as error:  # any failure becomes a result, never none
        traceback.print_exc()
        _write_failure(results, type(error).__name__)
    return 0


if __name__ == "__main__":
    sys.exit(main())
