"""Exercise pages, generated from the manifest and each exercise's README.

The student's file is included from disk (pymdownx.snippets), so the page
always shows the stub the grader tests; hints are collapsed, one per rung.
"""

from __future__ import annotations

import html
import posixpath
import re

from ..manifest import Exercise, Manifest
from . import paths

INDEX = paths.EXERCISES_INDEX
LANGUAGES = {".py": "python", ".yaml": "yaml"}


def page_of(exercise: Exercise) -> str:
    return paths.exercise_page(exercise.id)


_CODE_SPAN = re.compile(r"(`[^`]*`)")


def _text(text: str) -> str:
    """Manifest text as Markdown: code spans kept, `<`, `>` and `&` shown as typed.

    Manifest text is also printed in the terminal, so `records/<kind>/<id>.yaml`
    outside backticks is a path, not an HTML tag for the browser to swallow.
    """
    parts = _CODE_SPAN.split(text)
    return "".join(p if p.startswith("`") else html.escape(p, quote=False) for p in parts)


_LINK = re.compile(r"\]\((?P<target>[^)\s:]+)\)")


def _site_links(text: str, exercise_id: str) -> str:
    """README links, written to work on GitHub, made to work from the site's page.

    ``../../docs/chapters/05-querying-python.md`` in ``exercises/<id>/README.md``
    is ``../chapters/05-querying-python.md`` from ``docs/exercises/<id>.md``.
    """

    def fix(match: re.Match[str]) -> str:
        target = posixpath.normpath(posixpath.join("exercises", exercise_id, match["target"]))
        if not target.startswith("docs/"):
            return match[0]
        return f"]({posixpath.relpath(target, 'docs/exercises')})"

    return _LINK.sub(fix, text)


def _indent(text: str) -> str:
    return "\n".join("    " + line if line else "" for line in text.splitlines())


def exercise_page(manifest: Manifest, exercise: Exercise) -> str:
    folder = manifest.folder(exercise)
    student = folder / exercise.student
    relative_student = f"exercises/{exercise.id}/{exercise.student}"
    lines = [
        f"# Exercise {exercise.number}: {_text(exercise.title)}",
        "",
        f"**Time:** about {exercise.minutes} minutes · **Points:** {exercise.max_score}",
        "",
        "New to the course? [Before you start](../start/index.md) says how to get it and",
        "run the grader, and its [Python refresher](../start/python.md) shows the Python",
        "the exercises use.",
        "",
        "## Objectives",
        "",
        *(f"- {_text(objective)}" for objective in exercise.objectives),
        "",
        "## Instructions",
        "",
        _site_links((folder / "README.md").read_text(encoding="utf-8").strip(), exercise.id),
        "",
        "## Tasks",
        "",
        "| task | what | points |",
        "| --- | --- | --- |",
        *(f"| `{t.id}` | {_text(t.title)} | {t.points} |" for t in exercise.tasks),
        "",
    ]
    if student.is_file():
        language = LANGUAGES.get(student.suffix, "text")
        lines += [
            "## Your file",
            "",
            f"Edit `{relative_student}`:",
            "",
            f"```{language}",
            f'--8<-- "{relative_student}"',
            "```",
            "",
        ]
    lines += [
        "## Check your work",
        "",
        f"Run `uv run civicdata grade {exercise.number}` for your score on each task, and",
        f"`uv run civicdata grade {exercise.number} --watch` to re-grade every time you save.",
        f"Stuck? `uv run civicdata hint {exercise.number}` shows one more hint each time.",
        "",
        "## Hints",
        "",
    ]
    for number, hint in enumerate(exercise.hints, start=1):
        lines += [f'??? tip "Hint {number}"', "", _indent(_text(hint)), ""]
    lines += ["## What next", "", *_way_on(manifest, exercise), ""]
    return "\n".join(lines) + "\n"


def _way_on(manifest: Manifest, exercise: Exercise) -> list[str]:
    """Links on from an exercise: the next one, and the previous, so no page is a dead end."""
    order = list(manifest.exercises)
    position = order.index(exercise)
    found = []
    if position + 1 < len(order):
        after = order[position + 1]
        found.append(f"- Next: [Exercise {after.number}: {_text(after.title)}]({after.id}.md)")
    else:
        found.append("- That was the last exercise: [all exercises](index.md) and your totals.")
    if position > 0:
        before = order[position - 1]
        found.append(
            f"- Previous: [Exercise {before.number}: {_text(before.title)}]({before.id}.md)"
        )
    found.append("- [All exercises](index.md)")
    return found


_CHAPTER_LINK = re.compile(r"\(\.\./\.\./docs/chapters/(\d+)-[^)]*\.md\)")


def ready_after(manifest: Manifest, exercise: Exercise) -> int | None:
    """The last chapter an exercise's README says it builds on: it is ready after that."""
    readme = manifest.folder(exercise) / "README.md"
    if not readme.is_file():
        return None
    numbers = [int(n) for n in _CHAPTER_LINK.findall(readme.read_text(encoding="utf-8"))]
    return max(numbers, default=None)


def index_page(manifest: Manifest) -> str:
    lines = [
        "# Exercises",
        "",
        "Graded exercises, in order. Each has a file to edit, tests tied to its tasks,",
        "and a hint ladder. Run `uv run civicdata grade` for your score on all of them.",
        "New to the course? [Before you start](../start/index.md) says how to set up.",
        "Each exercise is ready once you have read the chapter its row names.",
        "",
        "| exercise | ready after | time | points |",
        "| --- | --- | --- | --- |",
    ]
    for exercise in manifest.exercises:
        link = f"[{exercise.number}. {_text(exercise.title)}]({exercise.id}.md)"
        after = ready_after(manifest, exercise)
        chapter = f"chapter {after}" if after is not None else "—"
        lines.append(f"| {link} | {chapter} | {exercise.minutes} min | {exercise.max_score} |")
    total = sum(e.max_score for e in manifest.exercises)
    lines += ["", f"{len(manifest.exercises)} exercises, {total} points in all."]
    return "\n".join(lines) + "\n"


def generate(manifest: Manifest) -> dict[str, str]:
    pages = {INDEX: index_page(manifest)}
    for exercise in manifest.exercises:
        pages[page_of(exercise)] = exercise_page(manifest, exercise)
    return pages
