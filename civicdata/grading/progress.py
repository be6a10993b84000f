"""Progress across the exercises: done/total per exercise, and what to do next.

``civicdata grade`` ends with :func:`summary`; ``civicdata grade --watch``
keeps :func:`status_line` as its last line, recomputed after every re-grade
from the results.json the grade wrote.
"""

from __future__ import annotations

import json
import re
from collections.abc import Iterable
from dataclasses import dataclass
from pathlib import Path

from ..files_io import read_text
from .manifest import Exercise, Manifest

RESULTS_BYTES = 16 * 1024 * 1024  # results.json of every exercise, messages included

CHAPTER_LINK = re.compile(r"\(((?:\.\./)*docs/chapters/[^)#\s]+\.md)")


@dataclass(frozen=True)
class Progress:
    """One exercise: how many of its tasks pass."""

    exercise: Exercise
    done: int
    total: int

    @property
    def finished(self) -> bool:
        return self.done == self.total


def tally(manifest: Manifest, passed: Iterable[tuple[str, str, bool]]) -> list[Progress]:
    """Progress per graded exercise, in the manifest's order, from (exercise, task, passed)."""
    outcomes: dict[str, dict[str, bool]] = {}
    for exercise_id, task_id, ok in passed:
        outcomes.setdefault(exercise_id, {})[task_id] = ok
    return [
        Progress(exercise, sum(found.values()), len(exercise.tasks))
        for exercise in manifest.exercises
        if (found := outcomes.get(exercise.id)) is not None
    ]


def from_results(manifest: Manifest, path: Path) -> list[Progress]:
    """Progress from a results.json that ``civicdata grade --results`` wrote."""
    data = json.loads(read_text(path, RESULTS_BYTES, "a results.json"))  # no link or FIFO
    return tally(
        manifest,
        ((t["tags"][0], t["tags"][1], t["status"] == "passed") for t in data.get("tests", [])),
    )


def chapters(manifest: Manifest, exercise: Exercise) -> list[str]:
    """The chapters an exercise's README says it builds on, as repository paths."""
    readme = manifest.folder(exercise) / "README.md"
    if not readme.is_file():
        return []
    root = manifest.root.parent
    found = []
    for link in CHAPTER_LINK.findall(readme.read_text(encoding="utf-8")):
        path = (readme.parent / link).resolve()
        try:
            found.append(path.relative_to(root.resolve()).as_posix())
        except ValueError:
            continue
    return list(dict.fromkeys(found))


def site_url(manifest: Manifest, chapter: str) -> str | None:
    """The page mkdocs builds for a chapter, when mkdocs.yml names the site's URL."""
    config = manifest.root.parent / "mkdocs.yml"
    if not config.is_file():
        return None
    match = re.search(r"^site_url:\s*(\S+)", config.read_text(encoding="utf-8"), re.M)
    if not match:
        return None
    page = Path(chapter).relative_to("docs").with_suffix("")
    return f"{match.group(1).rstrip('/')}/{page.as_posix()}/"


def next_unfinished(progress: list[Progress]) -> Progress | None:
    return next((p for p in progress if not p.finished), None)


def summary(manifest: Manifest, progress: list[Progress]) -> str:
    """The lines ``civicdata grade`` ends with."""
    if not progress:
        return ""
    width = max(len(p.exercise.id) for p in progress)
    lines = ["Progress:"]
    for p in progress:
        mark = "done" if p.finished else f"{p.total - p.done} to go"
        lines.append(f"  {p.exercise.id.ljust(width)}  {p.done}/{p.total} tasks  {mark}")
    finished = sum(p.finished for p in progress)
    lines.append(f"  {finished} of {len(progress)} exercises done")
    upcoming = next_unfinished(progress)
    if upcoming is None:
        lines.append("Next: nothing left here; every graded exercise is done.")
        return "\n".join(lines)
    exercise = upcoming.exercise
    lines.append(f"Next: {exercise.id}: {exercise.title}")
    for chapter in chapters(manifest, exercise):
        url = site_url(manifest, chapter)
        lines.append(f"  read {chapter}" + (f" ({url})" if url else ""))
    lines.append(f"  then: uv run civicdata grade {exercise.number} --watch")
    lines.append(f"  stuck: uv run civicdata hint {exercise.number}")
    return "\n".join(lines)


def status_line(progress: list[Progress], when: str = "") -> str:
    """One line: exercises done, tasks done, and the next exercise to work on."""
    if not progress:
        return f"{when} no result yet".strip()
    finished = sum(p.finished for p in progress)
    done = sum(p.done for p in progress)
    total = sum(p.total for p in progress)
    upcoming = next_unfinished(progress)
    then = f"next: {upcoming.exercise.id}" if upcoming else "all done"
    prefix = f"[{when}] " if when else ""
    return f"{prefix}{finished}/{len(progress)} exercises done, {done}/{total} tasks · {then}"


__all__ = [
    "Progress",
    "chapters",
    "from_results",
    "next_unfinished",
    "site_url",
    "status_line",
    "summary",
    "tally",
]
