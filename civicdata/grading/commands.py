"""`civicdata grade` and `civicdata hint`."""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import time
from collections.abc import Callable, Iterable
from pathlib import Path
from typing import TYPE_CHECKING

from ..errors import CivicdataError, UsageError
from ..text import visible

# The grader (pytest, the manifest's models) is imported when a command runs,
# not when the command line is parsed: `civicdata --help` stays fast.
if TYPE_CHECKING:
    from ..project import Project
    from .manifest import Exercise, Manifest
    from .results import GradeReport


def _select(manifest: Manifest, names: list[str] | str | None) -> list[Exercise]:
    if isinstance(names, str):
        names = [names]
    if not names:
        return list(manifest.exercises)
    chosen = {manifest.find(name).id: manifest.find(name) for name in names}
    return list(chosen.values())


def run_grade(args: argparse.Namespace, project: Project) -> int:
    from . import judge
    from .manifest import load_manifest
    from .results import student_output, table, with_notices, write_results
    from .runner import grade, watched_files

    manifest = load_manifest(project)
    try:
        exercises = _select(manifest, args.exercise)
    except KeyError as error:
        raise UsageError(error.args[0]) from None
    if args.submission and len(exercises) != 1:
        raise UsageError("--submission grades one exercise; name it, e.g. `grade 03`")
    if args.results and Path(args.results).is_dir():
        raise UsageError(f"--results {args.results} is a folder; give a file name")
    if args.watch:
        results = Path(args.results or project.root / ".civicdata" / "watch-results.json")
        command = _regrade_command(args, project)
        if not args.results:
            command += ["--results", str(results)]

        def regrade(command: list[str]) -> object:
            results.unlink(missing_ok=True)  # a grade that writes nothing shows no stale status
            return subprocess.run(command)

        return watch(
            watched_files(manifest, exercises),
            command,
            run=regrade,
            status=lambda: watch_status(manifest, results),
        )
    if args.solutions and (unsolved := [e.id for e in exercises if e.solution is None]):
        raise UsageError(
            f"--solutions: no reference solution for {', '.join(unsolved)} here "
            "(a student edition ships none)"
        )
    submission = "solution" if args.solutions else (args.submission or "student")
    if args.submission:
        submission = str(Path(args.submission).resolve())
    notices = library_notices(manifest, project)  # before any student code runs
    report = with_notices(grade(manifest, exercises, submission, verbose=args.verbose), notices)
    if args.verbose and judge.last_containment is not None:
        print(judge.last_containment.describe())
    for note in judge.last_notes:
        print(f"note: {note}")
    printed = student_output(report)
    if printed:
        print(printed, end="\n\n")
    print(table(report))
    print("\n" + progress_summary(manifest, report))
    if args.results:
        write_results(report, Path(args.results))
        print(f"wrote {visible(str(args.results))}")
    return 0 if report.score == report.max_score else 1


def library_notices(manifest: Manifest, project: Project) -> list[str]:
    """The warning for an edited ``civicdata/`` in a student edition (none in a checkout)."""
    from .library import check, warning

    changes = check(manifest.root, project.root)
    return [warning(changes)] if changes else []


def progress_summary(manifest: Manifest, report: GradeReport) -> str:
    """Done/total per exercise and the next unfinished one, with its chapters."""
    from .progress import summary, tally
    from .results import Status

    outcomes = ((r.exercise.id, r.task_id, r.status is Status.PASSED) for r in report.results)
    return summary(manifest, tally(manifest, outcomes))


def watch_status(manifest: Manifest, results: Path) -> str:
    """The one-line progress status ``--watch`` keeps below the latest table."""
    from ..problems import YamlProblem
    from .progress import from_results, status_line

    when = time.strftime("%H:%M:%S")
    if not results.is_file():
        return f"[{when}] no results: the grade stopped before writing them (see above)"
    try:
        found = from_results(manifest, results)
    except (ValueError, OSError, YamlProblem) as error:  # not the results the grade wrote
        return f"[{when}] {results} could not be read ({error}) · waiting for a save"
    return status_line(found, when) + " · waiting for a save"


def _regrade_command(args: argparse.Namespace, project: Project) -> list[str]:
    command = [sys.executable, "-m", "civicdata", "--root", str(project.root), "grade"]
    command += list(args.exercise or [])
    if args.solutions:
        command.append("--solutions")
    if args.results:
        command += ["--results", args.results]
    return command


def _stamp(paths: Iterable[Path]) -> tuple:
    stamps = []
    for path in paths:
        files = sorted(path.rglob("*")) if path.is_dir() else [path]
        stamps += [(str(f), f.stat().st_mtime_ns) for f in files if f.exists()]
    return tuple(stamps)


def watch(
    paths: list[Path],
    command: list[str],
    interval: float = 1.0,
    max_runs: int | None = None,
    run: Callable[[list[str]], object] = subprocess.run,
    status: Callable[[], str] | None = None,
) -> int:
    """Re-grade whenever a watched file changes, polling (works on every file system).

    After each grade, ``status()`` (if given) prints the one-line progress status,
    which stays the last line on screen until the next save.
    """
    runs, last = 0, None
    try:
        while max_runs is None or runs < max_runs:
            stamp = _stamp(paths)
            if stamp != last:
                last = stamp
                print(
                    f"\n--- grading at {time.strftime('%H:%M:%S')} (Ctrl-C stops) ---", flush=True
                )
                run(command)
                if status is not None:
                    print(status(), flush=True)
                runs += 1
            else:
                time.sleep(interval)
    except KeyboardInterrupt:
        pass
    return 0


HINTS_BYTES = 64 * 1024  # a hints file is a few dozen bytes: a number per exercise


def _progress_file(project: Project) -> Path:
    return project.root / ".civicdata" / "hints.json"


def run_hint(args: argparse.Namespace, project: Project) -> int:
    from .manifest import load_manifest

    manifest = load_manifest(project)
    try:
        exercise = manifest.find(args.exercise)
    except KeyError as error:
        raise UsageError(error.args[0]) from None
    from ..files_io import read_text
    from ..problems import YamlProblem

    progress_path = _progress_file(project)
    progress: object = {}
    if progress_path.exists() or progress_path.is_symlink():
        # A planted link is read (what it points at must be a hints file too) and then
        # replaced by the write below, never written through; a FIFO, a device or a
        # huge file is refused without blocking.
        try:
            source = progress_path.resolve()
            progress = json.loads(read_text(source, HINTS_BYTES, "a hints file"))
        except (ValueError, OSError, YamlProblem) as error:
            progress = error
    if not isinstance(progress, dict) or not all(
        isinstance(v, int) and not isinstance(v, bool) for v in progress.values()
    ):
        raise CivicdataError(
            f"{progress_path} is not a hints file civicdata wrote ({progress}); "
            "it was left as it is",
            hint="delete it to start the hints again",
        )
    if args.reset:
        progress.pop(exercise.id, None)
        shown = 0
        print(f"hints for {exercise.id} reset")
    else:
        shown = min(progress.get(exercise.id, 0) + 1, len(exercise.hints))
        print(f"{exercise.id}: {exercise.title}")
        for number, hint in enumerate(exercise.hints[:shown], start=1):
            print(f"  hint {number} of {len(exercise.hints)}: {hint}")
        left = len(exercise.hints) - shown
        print(f"  ({left} more: run the command again)" if left else "  (that was the last hint)")
        progress[exercise.id] = shown
    from ..files_io import write_atomically

    write_atomically(progress_path, json.dumps(progress, indent=2) + "\n")
    return 0


def run_assign(args: argparse.Namespace, project: Project) -> int:
    from .assign import assign
    from .manifest import STUBS, load_manifest

    if args.record_stubs:
        manifest = load_manifest(project)
        from ..files_io import write_atomically

        write_atomically(manifest.root / STUBS, manifest.stubs_file())
        stubs = visible(str(manifest.root / STUBS))
        print(f"wrote {stubs}: the current student files are the stubs")
        if not args.out:
            return 0
    if not args.out:
        raise UsageError("name the folder to write, e.g. `civicdata assign course`")
    student, zip_path = assign(project, Path(args.out))  # AssignError: exit 2, via cli.main
    print(f"wrote {visible(str(student))}/ (the student edition: stubs and public checks)")
    print(
        f"wrote {visible(str(zip_path))} "
        "(Gradescope: setup.sh, run_autograder, public and hidden checks)"
    )
    total = sum(e.max_score for e in load_manifest(project).exercises)
    print(f"set the Gradescope assignment's autograder points to {total} (hidden tasks included)")
    return 0


def add_commands(commands: argparse._SubParsersAction, common: argparse.ArgumentParser) -> None:
    grade_parser = commands.add_parser(
        "grade", parents=[common], help="grade the exercises: a score table, results.json"
    )
    grade_parser.add_argument(
        "exercise", nargs="*", help="exercises to grade, e.g. 03 or 03 04 (default: all)"
    )
    grade_parser.add_argument("--results", help="write Gradescope's results.json here")
    grade_parser.add_argument(
        "--solutions", action="store_true", help="grade the reference solutions"
    )
    grade_parser.add_argument("--submission", help="grade this file instead of exercise.py")
    grade_parser.add_argument("--watch", action="store_true", help="re-grade on every save")
    grade_parser.add_argument("-v", "--verbose", action="store_true", help="show pytest's output")
    grade_parser.set_defaults(run_with_project=run_grade)

    assign_parser = commands.add_parser(
        "assign",
        parents=[common],
        help="write OUT/student/ and OUT/autograder.zip (no solutions in either)",
    )
    assign_parser.add_argument(
        "out", nargs="?", help="a new or empty folder (or one assign made before)"
    )
    assign_parser.add_argument(
        "--record-stubs",
        action="store_true",
        help="after changing a stub on purpose: record the student files as the stubs",
    )
    assign_parser.set_defaults(run_with_project=run_assign)

    hint_parser = commands.add_parser(
        "hint", parents=[common], help="the next hint for an exercise"
    )
    hint_parser.add_argument("exercise", help="e.g. 03 or 03_partial_dates")
    hint_parser.add_argument("--reset", action="store_true", help="start the hints again")
    hint_parser.set_defaults(run_with_project=run_hint)
