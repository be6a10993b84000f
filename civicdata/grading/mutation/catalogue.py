"""The misconception catalogue: every known-wrong answer loses points and is diagnosed.

Each exercise's ``wrong/`` folder holds answers a first-year student
plausibly writes, one misconception each, described at the top of the file
(a module docstring, leading ``#`` comments in YAML, or ``wrong/<name>.md``
for a folder). The exercise's checks name each one in ``MISCONCEPTIONS``,
keyed by the file's name, and attach that explanation to a ``Known`` output.

These are hand-written mutants: the mutation run grades each one as a
student's submission (through :func:`civicdata.grading.runner.grade`, in its
worker pool) and it must score below the maximum with its own explanation,
and no other, in the messages, so the catalogue and the checks' ``Known``
lists cannot drift apart. What can be read without grading (every file named,
every name a file, a description, one explanation each) is checked by the
test suite (``tests/test_catalogue.py``) through the functions here.
"""

from __future__ import annotations

import ast
from dataclasses import dataclass
from pathlib import Path

MINIMUM = 3  # known-wrong answers per exercise
DESCRIPTION_WORDS = 5
SUFFIXES = (".py", ".yaml")


def misconceptions(folder: Path) -> dict[str, str]:
    """The ``MISCONCEPTIONS`` of an exercise's checks, read without importing them.

    Public and hidden check files may each name their own; together they are the catalogue.
    """
    found: dict[str, str] = {}
    for test_file in sorted(folder.glob("test_*.py")):
        for node in ast.parse(test_file.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "MISCONCEPTIONS"
                for target in node.targets
            ):
                found.update(ast.literal_eval(node.value))
    return found


def wrong_answers(folder: Path) -> list[Path]:
    """The catalogued wrong answers of the exercise in ``folder`` (files, or folders of records)."""
    wrong = folder / "wrong"
    if not wrong.is_dir():
        return []
    return sorted(p for p in wrong.iterdir() if p.suffix in SUFFIXES or p.is_dir())


def description(path: Path) -> str:
    """What a wrong answer gets wrong, as its author wrote it at the top of the file."""
    if path.suffix == ".py":
        return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    if path.is_dir():
        note = path.with_suffix(".md")
        return note.read_text(encoding="utf-8") if note.is_file() else ""
    comments = []
    for line in path.read_text(encoding="utf-8").splitlines():
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("# "))
    return " ".join(comments)


def catalogue_problems(folder: Path) -> list[str]:
    """What is wrong with an exercise's catalogue itself, read without grading anything."""
    answers = wrong_answers(folder)
    named = misconceptions(folder)
    problems = []
    if len(answers) < MINIMUM:
        problems.append(f"{folder.name}: at least {MINIMUM} known-wrong answers ({len(answers)})")
    files = {path.stem for path in answers}
    for stem in sorted(files - set(named)):
        problems.append(f"{folder.name}/wrong/{stem}: no MISCONCEPTIONS entry in the checks")
    for stem in sorted(set(named) - files):
        problems.append(f"{folder.name}: MISCONCEPTIONS names {stem!r}, which has no wrong/ file")
    explanations = list(named.values())
    if len(set(explanations)) != len(explanations):
        problems.append(f"{folder.name}: two misconceptions share one explanation")
    for path in answers:
        if len(description(path).split()) < DESCRIPTION_WORDS:
            problems.append(f"{folder.name}/wrong/{path.name}: describe its misconception")
    return problems


@dataclass(frozen=True)
class Diagnosis:
    """One wrong answer as graded: its score and the messages a student would read."""

    exercise: str
    name: str  # the file's stem: its key in MISCONCEPTIONS
    score: int
    max_score: int
    messages: str

    def problems(self, named: dict[str, str]) -> list[str]:
        """Why this grading does not prove the catalogue entry (nothing: it does)."""
        where = f"{self.exercise}/wrong/{self.name}"
        found = []
        if self.score >= self.max_score:
            found.append(f"{where}: scores full marks ({self.score}/{self.max_score})")
        if named.get(self.name, "\0") not in self.messages:
            found.append(f"{where}: not diagnosed (its explanation is not in the messages)")
        found += [
            f"{where}: diagnosed as {other}"
            for other, explanation in named.items()
            if other != self.name and explanation in self.messages
        ]
        return found
