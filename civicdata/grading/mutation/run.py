"""Grade every mutant of every reference answer and print the figure, like a benchmark.

Run:  uv run python -m civicdata.grading.mutation [EXERCISE ...] [--workers 2] [--catalogue-only]

Each mutant is graded as a submission by :func:`civicdata.grading.runner.grade`,
the engine of ``civicdata grade NN --submission FILE``: the grading process
runs the checks under pytest, the mutant runs in the judge's child process
with its limits, exactly as a student's file would. A pool of worker
processes (two by default: the machine's cores) grades many mutants each,
so each mutant costs one pytest session rather than a new interpreter.

Before the mutants, each exercise's reference (and, for YAML, the reference
as this tool writes YAML back) must score full marks, or every mutant would
look killed. After the mutants, each hand-written wrong answer of the
misconception catalogue (``exercises/NN_*/wrong/``, see :mod:`.catalogue`)
is graded the same way and must lose points with its own explanation.
Exit status: 0 when the exercise set proves itself (see :mod:`.verdict`
and :mod:`.catalogue`), 1 when it does not, 2 on a usage error.
"""

from __future__ import annotations

import argparse
import multiprocessing
import os
import sys
import tempfile
import textwrap
import time
from collections.abc import Sequence
from concurrent.futures import ProcessPoolExecutor
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..manifest import Exercise, Manifest, load_manifest
from . import Mutant
from .catalogue import Diagnosis, catalogue_problems, misconceptions, wrong_answers
from .verdict import LIST_FILE, Graded, Verdict, judge, load_listed

if TYPE_CHECKING:
    from ...dataset import Dataset

Job = tuple[str, tuple[tuple[str, str], ...], bool]  # exercise, files, a folder answer

_MANIFEST: Manifest | None = None


def _start_worker(root: str) -> None:
    global _MANIFEST
    from ...project import Project
    from ..counterexample import SHRINK_VARIABLE

    os.environ[SHRINK_VARIABLE] = "0"  # a mutant needs a score; its counterexample is not read

    _MANIFEST = load_manifest(Project(Path(root)))


def grade_files(manifest: Manifest, job: Job) -> tuple[int, int, str]:
    """Grade one submission (files written to a temporary folder): score, max, first failure."""
    from ..runner import grade

    exercise_id, files, folder = job
    exercise = manifest.by_id[exercise_id]
    with tempfile.TemporaryDirectory(prefix="civicdata-mutant-") as temporary:
        base = Path(temporary) / "submission"
        for name, text in files:
            path = base / name
            path.parent.mkdir(parents=True, exist_ok=True)
            path.write_text(text, encoding="utf-8")
        target = base if folder else base / files[0][0]
        report = grade(manifest, [exercise], str(target))
    failing = next((r for r in report.results if r.score < r.points), None)
    failure = f"{failing.task_id}: {failing.message}" if failing else ""
    return report.score, report.max_score, failure


def _grade_in_worker(job: Job) -> tuple[int, int, str]:
    assert _MANIFEST is not None
    return grade_files(_MANIFEST, job)


def grade_path(manifest: Manifest, job: tuple[str, str]) -> tuple[int, int, str]:
    """Grade a submission already on disk: score, max, and every task's output in results.json."""
    from ..results import gradescope
    from ..runner import grade

    exercise_id, path = job
    report = grade(manifest, [manifest.by_id[exercise_id]], str(Path(path).resolve()))
    outputs = "\n".join(test["output"] for test in gradescope(report)["tests"])
    return report.score, report.max_score, outputs


def _grade_path_in_worker(job: tuple[str, str]) -> tuple[int, int, str]:
    assert _MANIFEST is not None
    return grade_path(_MANIFEST, job)


def _is_folder(manifest: Manifest, exercise: Exercise) -> bool:
    return manifest.solution_path(exercise).is_dir()


def _reference_files(manifest: Manifest, exercise: Exercise) -> tuple[tuple[str, str], ...]:
    path = manifest.solution_path(exercise)
    if path.is_dir():
        return tuple(
            (file.relative_to(path).as_posix(), file.read_text(encoding="utf-8"))
            for file in sorted(path.rglob("*.yaml"))
        )
    name = Path(exercise.student).name
    return ((name, path.read_text(encoding="utf-8")),)


def mutants_for(manifest: Manifest, exercise: Exercise, dataset: Dataset) -> list[Mutant]:
    """Every mutant of one exercise's reference answer."""
    path = manifest.solution_path(exercise)
    if exercise.is_python:
        from .python_mutants import mutants_of

        return mutants_of(path.read_text(encoding="utf-8"), exercise.id, exercise.student)
    from .record_mutants import Answer, record_mutants

    return record_mutants(exercise.id, Answer.read(path, dataset))


def baselines(manifest: Manifest, exercise: Exercise, dataset: Dataset) -> list[Job]:
    """The reference as it is, and for YAML as this tool writes it back: both must pass."""
    folder = _is_folder(manifest, exercise)
    jobs = [(exercise.id, _reference_files(manifest, exercise), folder)]
    if not exercise.is_python:
        from .record_mutants import Answer

        answer = Answer.read(manifest.solution_path(exercise), dataset)
        jobs.append((exercise.id, tuple(sorted(answer.text().items())), folder))
    return jobs


class Graders:
    """A pool of grading processes (``workers`` of them; 1 grades in this process)."""

    def __init__(self, root: Path, workers: int) -> None:
        self.root = root
        self.workers = workers
        self.pool: ProcessPoolExecutor | None = None
        self.restore: dict[str, str | None] = {}

    def __enter__(self) -> Graders:
        if self.workers <= 1:  # this process grades: its environment is put back on exit
            from ..counterexample import SHRINK_VARIABLE

            self.restore = {SHRINK_VARIABLE: os.environ.get(SHRINK_VARIABLE)}
            _start_worker(str(self.root))
        else:
            context = multiprocessing.get_context("spawn")  # never fork a process with threads
            self.pool = ProcessPoolExecutor(
                max_workers=self.workers,
                mp_context=context,
                initializer=_start_worker,
                initargs=(str(self.root),),
            )
        return self

    def __exit__(self, *exc: object) -> None:
        if self.pool is not None:
            self.pool.shutdown(cancel_futures=True)
        for name, value in self.restore.items():
            if value is None:
                os.environ.pop(name, None)
            else:
                os.environ[name] = value

    def grade(self, jobs: Sequence[Any], on_disk: bool = False) -> list[tuple[int, int, str]]:
        """Grade every job, in order, saying on stderr how far it got.

        A job is a :data:`Job` (files written for the run), or with ``on_disk`` an
        ``(exercise, path)`` pair naming a submission that is already a file or folder.
        """
        start = time.perf_counter()
        results: list[tuple[int, int, str]] = []
        function = _grade_path_in_worker if on_disk else _grade_in_worker
        graded = (
            self.pool.map(function, jobs, chunksize=1)
            if self.pool is not None
            else map(function, jobs)
        )
        for result in graded:
            results.append(result)
            if len(results) % 25 == 0 or len(results) == len(jobs):
                elapsed = time.perf_counter() - start
                print(f"graded {len(results)}/{len(jobs)} ({elapsed:.0f} s)", file=sys.stderr)
        return results


def _cut(text: str, width: int = 160) -> str:
    return text if len(text) <= width else text[: width - 1] + "…"


def report(verdict: Verdict, exercises: list[Exercise], seconds: float, workers: int) -> str:
    """The benchmark-style report: per exercise, the survivors, the figure, the time."""
    header = f"{'exercise':<26}{'mutants':>8}{'killed':>8}{'equivalent':>12}{'survived':>10}"
    lines = [header, "-" * len(header)]
    for exercise in exercises:
        mine = [g for g in verdict.graded if g.mutant.exercise == exercise.id]
        equivalent = sum(1 for g in verdict.equivalent if g.mutant.exercise == exercise.id)
        killed = sum(1 for g in mine if g.killed)
        survived = len(mine) - killed - equivalent
        lines.append(f"{exercise.id:<26}{len(mine):>8}{killed:>8}{equivalent:>12}{survived:>10}")
    lines.append("")
    listed_survivors = [("not killed, not listed", verdict.survivors)]
    listed_survivors.append(("known survivors (listed, not killed)", verdict.known))
    for title, group in listed_survivors:
        if not group:
            continue
        lines.append(f"{title}: {len(group)}")
        for item in group:
            mutant = item.mutant
            where = f"line {mutant.lineno}" if mutant.lineno else "field"
            lines.append(
                f"  {mutant.exercise} {mutant.function} [{mutant.operator}] {where}, "
                f"{item.score}/{item.max_score}"
            )
            lines.append(textwrap.indent(_cut(f"was: {mutant.line}"), "      "))
            lines.append(textwrap.indent(_cut(f"now: {mutant.mutant}"), "      "))
        lines.append("")
    for problem in verdict.failures():
        lines.append(f"FAIL: {problem}")
    lines.append(verdict.figure())
    lines.append(f"wall-clock {seconds:.1f} s ({workers} worker processes)")
    return "\n".join(lines)


def main(argv: Sequence[str] | None = None) -> int:
    """The command: every refusal printed as ``civicdata`` prints its own (exit 2)."""
    from ...errors import CivicdataError
    from ...problems import format_error

    try:
        return _main(argv)
    except CivicdataError as error:
        print(format_error(error), file=sys.stderr)
        return error.exit_code


def _main(argv: Sequence[str] | None) -> int:
    from ... import load
    from ...errors import UsageError
    from ...project import Project

    parser = argparse.ArgumentParser(
        prog="python -m civicdata.grading.mutation",
        description="Mutation testing of the exercise set: each reference answer changed in one "
        "place must lose points, unless listed as equivalent.",
    )
    parser.add_argument("exercise", nargs="*", help="exercises to mutate, e.g. 03 (default: all)")
    parser.add_argument("--workers", type=int, default=2, help="grading processes (default 2)")
    parser.add_argument(
        "--list", action="store_true", help="print the mutants without grading them"
    )
    parser.add_argument(
        "--equivalents", type=Path, help=f"the list (default: exercises/{LIST_FILE})"
    )
    parser.add_argument("--root", type=Path, help="the checkout (default: the one here)")
    parser.add_argument(
        "--catalogue-only",
        action="store_true",
        help="grade only the catalogued wrong answers (exercises/NN_*/wrong/), no mutants",
    )
    args = parser.parse_args(argv)

    start = time.perf_counter()
    project = Project(args.root.resolve()) if args.root else Project.find()
    if project.packaged or not (project.exercises_dir / "manifest.yaml").is_file():
        raise UsageError(
            f"{project.description} has no exercises/manifest.yaml: mutation testing "
            "runs in a checkout, where the reference answers are"
        )
    manifest = load_manifest(project)
    try:
        chosen = (
            [manifest.find(name) for name in args.exercise] if args.exercise else manifest.exercises
        )
    except KeyError as error:
        raise UsageError(error.args[0]) from None
    chosen = list({e.id: e for e in chosen}.values())
    missing = [e.id for e in chosen if e.solution is None or not manifest.solution_path(e).exists()]
    if missing:
        raise UsageError(
            f"no reference answer for {', '.join(missing)}: mutation testing needs the "
            "solutions (a student edition has none)"
        )
    dataset = load(project)
    mutants = [m for exercise in chosen for m in mutants_for(manifest, exercise, dataset)]
    if args.list:
        for m in mutants:
            print(f"{m.exercise} {m.function} [{m.operator}] {m.line}  ->  {m.mutant}")
        print(f"{len(mutants)} mutants")
        return 0
    listed = load_listed(args.equivalents or manifest.root / LIST_FILE)

    references = [(e, job) for e in chosen for job in baselines(manifest, e, dataset)]
    folders = {e.id: _is_folder(manifest, e) for e in chosen}
    wrong = [(e.id, str(path)) for e in chosen for path in wrong_answers(manifest.folder(e))]
    with Graders(project.root, args.workers) as graders:
        if not args.catalogue_only:
            results = graders.grade([job for _, job in references])
            broken = [
                f"{exercise.id}: the reference scores {score}/{top} here ({failure})"
                for (exercise, _), (score, top, failure) in zip(references, results, strict=True)
                if score < top
            ]
            if broken:
                print("\n".join(["FAIL: a reference answer does not score full marks:", *broken]))
                return 1
            results = graders.grade([(m.exercise, m.files, folders[m.exercise]) for m in mutants])
        diagnosed = graders.grade(wrong, on_disk=True)
    catalogue = catalogue_report(manifest, chosen, wrong, diagnosed)
    failed = any(line.startswith("FAIL") for line in catalogue)
    if args.catalogue_only:
        print("\n".join(catalogue))
        print(f"wall-clock {time.perf_counter() - start:.1f} s ({args.workers} worker processes)")
        return 1 if failed else 0
    graded = [
        Graded(m, score, top, failure)
        for m, (score, top, failure) in zip(mutants, results, strict=True)
    ]
    verdict = judge(graded, listed, {e.id for e in chosen})
    table, _, wall = report(verdict, chosen, time.perf_counter() - start, args.workers).rpartition(
        "\n"
    )
    print("\n".join([table, *catalogue, wall]))  # the mutants' figure, the catalogue's, the time
    return 1 if verdict.failures() or failed else 0


def catalogue_report(
    manifest: Manifest,
    chosen: list[Exercise],
    wrong: list[tuple[str, str]],
    diagnosed: list[tuple[int, int, str]],
) -> list[str]:
    """What the misconception catalogue proved: a FAIL line per problem, then the figure."""
    named = {e.id: misconceptions(manifest.folder(e)) for e in chosen}
    problems = [p for e in chosen for p in catalogue_problems(manifest.folder(e))]
    proved = 0
    for (exercise_id, path), (score, top, messages) in zip(wrong, diagnosed, strict=True):
        found = Diagnosis(exercise_id, Path(path).stem, score, top, messages).problems(
            named[exercise_id]
        )
        proved += not found
        problems += found
    return [
        *(f"FAIL: {problem}" for problem in problems),
        f"wrong answers: {proved} of {len(wrong)} lose points and are diagnosed "
        "with their own explanation only",
    ]
