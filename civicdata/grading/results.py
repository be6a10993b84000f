"""Scores per task from the manifest and the test outcomes; Gradescope's format.

The manifest decides what counts: a task whose tests never ran scores 0 and
says why, so the maximum never shrinks and a broken file cannot look better
than a wrong one. Wording is honest: "all tasks passed" only when they did.
"""

from __future__ import annotations

import json
import shutil
import textwrap
from dataclasses import dataclass, field, replace
from enum import StrEnum
from pathlib import Path
from typing import Any

# Imported now, not when results are written: the grader loads every module it needs
# before any student code runs, so nothing a child wrote can be imported afterwards.
from ..files_io import write_atomically
from .judge import shown as judge_shown
from .manifest import Exercise, Task
from .plugin import Collector

MESSAGE_CHARS = 10_000  # a task's message; a value of megabytes in it is cut, not carried


class Status(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    NOT_RUN = "not run"


@dataclass(frozen=True)
class TaskResult:
    exercise: Exercise
    task: Task
    status: Status
    message: str

    @property
    def task_id(self) -> str:
        return self.task.id

    @property
    def title(self) -> str:
        return self.task.title

    @property
    def points(self) -> int:
        return self.task.points

    @property
    def score(self) -> int:
        return self.points if self.status is Status.PASSED else 0


@dataclass(frozen=True)
class GradeReport:
    results: list[TaskResult]
    seconds: float
    outputs: dict[str, str] = field(default_factory=dict)  # exercise -> the student's output
    # Said loudly above and below the table and first in results.json's output: what
    # makes this score differ from the autograder's (an edited library, refused files).
    notices: tuple[str, ...] = ()

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
            results.append(TaskResult(exercise, task, status, shown(message)))
    outputs = {
        exercise.id: shown(run.output, limit=None)
        for exercise in exercises
        if (run := collector.runs.get(exercise.id)) and run.output.strip()
    }
    return GradeReport(results, seconds, outputs)


def shown(text: str, limit: int | None = MESSAGE_CHARS) -> str:
    """A task's message or a student's output as shown: :func:`judge.shown` at this limit."""
    return judge_shown(text, limit)


def _wrap(text: str, width: int) -> list[str]:
    lines: list[str] = []
    for paragraph in text.splitlines() or [""]:
        indent = paragraph[: len(paragraph) - len(paragraph.lstrip())]
        lines += textwrap.wrap(
            paragraph,
            width,
            subsequent_indent=indent,
            break_long_words=False,  # paths stay whole, to copy and click
            break_on_hyphens=False,
        ) or [""]
    return lines


def table(report: GradeReport, width: int | None = None) -> str:
    """The score table a student sees in the terminal; messages wrap, never cut."""
    header = ("exercise", "task", "points", "status", "first failure")
    rows = [
        (r.exercise.id, r.task_id, f"{r.score}/{r.points}", str(r.status), r.message)
        for r in report.results
    ]
    widths = [max(len(row[i]) for row in [header, *rows]) for i in range(4)]
    left = sum(widths) + 2 * 4
    if width is None:
        width = shutil.get_terminal_size((120, 24)).columns
    room = max(40, width - left)
    lines = [
        "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(header[:4])) + "  " + header[4]
    ]
    lines.append("  ".join("-" * w for w in widths) + "  " + "-" * 13)
    for row in rows:
        start = "  ".join(cell.ljust(widths[i]) for i, cell in enumerate(row[:4]))
        message = _wrap(row[4], room) if row[4] else [""]
        lines.append(f"{start}  {message[0]}".rstrip())
        lines += [" " * left + more for more in message[1:]]
    notices = [line for notice in report.notices for line in _wrap(f"!! {notice}", width)]
    top = [*notices, ""] if notices else []
    return "\n".join([*top, *lines, "", report.summary(), *notices])


def student_output(report: GradeReport) -> str:
    """What the student's code printed, labelled so it never reads as the grader's."""
    parts = []
    for exercise, output in report.outputs.items():
        parts.append(f"--- printed by your code in {exercise} (not by the grader) ---")
        parts += [f"| {line}" for line in shown(output.rstrip("\n"), limit=None).split("\n")]
    return "\n".join(parts)


def visible(report: GradeReport) -> GradeReport:
    """The report without hidden tasks: what a student may see before the due date."""
    shown = [r for r in report.results if not r.task.hidden]
    return GradeReport(shown, report.seconds, report.outputs, report.notices)


def with_notices(report: GradeReport, notices: list[str]) -> GradeReport:
    """The same report, with ``notices`` said first wherever it is shown."""
    return replace(report, notices=(*notices, *report.notices))


def visible_summary(report: GradeReport) -> str:
    if len(visible(report).results) == len(report.results):
        return report.summary()
    hidden = len(report.results) - len(visible(report).results)
    return (
        f"Visible checks: {visible(report).summary()}. "
        f"{hidden} hidden checks are shown after the due date."
    )


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
                "visibility": r.task.visibility,
            }
        )
    return {
        "score": report.score,
        "max_score": report.max_score,
        "execution_time": round(report.seconds, 2),
        "output": "\n\n".join(
            filter(None, [*report.notices, visible_summary(report), student_output(report)])
        ),
        "visibility": "visible",
        "stdout_visibility": "visible",
        "tests": tests,
    }


def write_results(report: GradeReport, path: Path) -> None:
    """Write results.json atomically: a temporary file in the same folder, then a rename.

    Called after every child process was reaped, so nothing a student's code
    wrote to this path survives.
    """
    text = json.dumps(gradescope(report), indent=2, ensure_ascii=False) + "\n"
    write_atomically(path, text)  # never through a link planted at the path; umask permissions
