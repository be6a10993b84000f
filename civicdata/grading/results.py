"""Scores per task from the manifest and the test outcomes; Gradescope's format.

The manifest decides what counts: a task whose tests never ran scores 0 and
says why, so the maximum never shrinks and a broken file cannot look better
than a wrong one. Wording is honest: "all tasks passed" only when they did.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from enum import StrEnum
from pathlib import Path
from typing import Any

from .manifest import Exercise
from .plugin import Collector


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not run"


@dataclass(frozen=True)
class TaskResult:
    exercise: Exercise
    task_id: str
    title: str
    points: int
    status: Status
    message: str

    @property
    def score(self) -> int:
        return self.points if self.status is Status.PASSED else 0


@dataclass(frozen=True)
class GradeReport:
    results: list[TaskResult]
    seconds: float

    @property
    def score(self) -> int:
        return sum(r.score for r in self.results)

    @property
    def max_score(self) -> int:
        return sum(r.points for r in self.results)

    def count(self, status: Status) -> int:
        return sum(1 for r in self.results if r.status is status)

    def summary(self) -> str:
        total = len(self.results)
        passed, failed, missing = (self.count(s) for s in Status)
        if passed == total:
            verdict = f"all {total} tasks passed"
        else:
            parts = [f"{passed} of {total} tasks passed", f"{failed} failed"]
            if missing:
                parts.append(f"{missing} not run")
            verdict = ", ".join(parts)
        return f"Score {self.score}/{self.max_score}: {verdict}"


def score(exercises: list[Exercise], collector: Collector, seconds: float) -> GradeReport:
    results = []
    for exercise in exercises:
        for task in exercise.tasks:
            outcomes = [
                o for o in collector.outcomes if o.exercise == exercise.id and o.task == task.id
            ]
            if not outcomes:
                reason = (
                    collector.errors.get(exercise.id)
                    or collector.session_error
                    or "no test ran for this task"
                )
                status, message = Status.NOT_RUN, f"not run: {reason}"
            elif all(o.passed for o in outcomes):
                status, message = Status.PASSED, ""
            else:
                status = Status.FAILED
                message = next(o.message for o in outcomes if not o.passed)
            results.append(TaskResult(exercise, task.id, task.title, task.points, status, message))
    return GradeReport(results, seconds)


def table(report: GradeReport, width: int = 60) -> str:
    """The score table a student sees in the terminal."""
    rows = [("exercise", "task", "points", "status", "first failure")]
    for r in report.results:
        failure = r.message if len(r.message) <= width else r.message[: width - 1] + "…"
        rows.append((r.exercise.id, r.task_id, f"{r.score}/{r.points}", str(r.status), failure))
    widths = [max(len(row[i]) for row in rows) for i in range(4)]
    lines = [
        "  ".join(cell.ljust(widths[i]) if i < 4 else cell for i, cell in enumerate(row)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths) + "  " + "-" * 13)
    return "\n".join([*lines, "", report.summary()])


def gradescope(report: GradeReport) -> dict[str, Any]:
    """results.json as Gradescope's autograder reads it."""
    tests = []
    for number, r in enumerate(report.results, start=1):
        tests.append(
            {
                "name": f"{r.exercise.id}: {r.title}",
                "number": f"{r.exercise.number}.{number}",
                "score": r.score,
                "max_score": r.points,
                "status": "passed" if r.status is Status.PASSED else "failed",
                "output": r.message or "passed",
                "tags": [r.exercise.id, r.task_id],
                "visibility": "visible",
            }
        )
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.seconds, 2),
        "output": report.summary(),
        "visibility": "visible",
        "stdout_visibility": "visible",
        "tests": tests,
    }


def write_results(report: GradeReport, path: Path) -> None:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(json.dumps(gradescope(report), indent=2, ensure_ascii=False) + "\n")
