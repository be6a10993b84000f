"""The misconception catalogue: every known-wrong answer is caught and diagnosed.

Each exercise's ``wrong/`` folder holds answers a first-year student plausibly
writes, one misconception each, described at the top of the file (a module
docstring, leading ``#`` comments in YAML, or ``wrong/<name>.md`` for a
folder). The exercise's checks name each one in ``MISCONCEPTIONS``, keyed by
the file's name, and attach that explanation to a ``Known`` output. Here each
wrong answer is graded as a student's would be, and must score below the
maximum with its own explanation (and no other) in the messages: the catalogue
and the checks' Known lists cannot drift apart.
"""

from __future__ import annotations

import ast
from pathlib import Path

import pytest

from civicdata.grading.manifest import load_manifest
from civicdata.project import Project
from tests.conftest import REPO, grade_cli

MANIFEST = load_manifest(Project(REPO))
MINIMUM = 3


def _misconceptions(exercise_id: str) -> dict[str, str]:
    """The ``MISCONCEPTIONS`` of an exercise's checks, read without importing them.

    Public and hidden check files may each name their own; together they are the catalogue.
    """
    folder = MANIFEST.root / exercise_id
    found: dict[str, str] = {}
    for test_file in sorted(folder.glob("test_*.py")):
        for node in ast.parse(test_file.read_text(encoding="utf-8")).body:
            if isinstance(node, ast.Assign) and any(
                isinstance(target, ast.Name) and target.id == "MISCONCEPTIONS"
                for target in node.targets
            ):
                found.update(ast.literal_eval(node.value))
    return found


def _wrong_answers(exercise_id: str) -> list[Path]:
    wrong = MANIFEST.root / exercise_id / "wrong"
    if not wrong.is_dir():
        return []
    return sorted(p for p in wrong.iterdir() if p.suffix in {".py", ".yaml"} or p.is_dir())


def _description(path: Path) -> str:
    if path.suffix == ".py":
        return ast.get_docstring(ast.parse(path.read_text(encoding="utf-8"))) or ""
    if path.is_dir():
        note = path.with_suffix(".md")
        return note.read_text(encoding="utf-8") if note.is_file() else ""
    lines = path.read_text(encoding="utf-8").splitlines()
    comments = []
    for line in lines:
        if not line.startswith("#"):
            break
        comments.append(line.lstrip("# "))
    return " ".join(comments)


CATALOGUE = [
    (exercise.id, path) for exercise in MANIFEST.exercises for path in _wrong_answers(exercise.id)
]


def _grade(exercise_id: str, submission: Path, tmp_path: Path) -> dict:
    number = MANIFEST.by_id[exercise_id].number
    _, data = grade_cli(number, "--submission", str(submission), results=tmp_path / "r.json")
    assert data is not None, f"grading {submission} wrote no results.json"
    return data


@pytest.mark.parametrize("exercise", MANIFEST.exercises, ids=lambda e: e.id)
def test_every_exercise_has_a_catalogue_that_matches_its_checks(exercise):
    files = {path.stem for path in _wrong_answers(exercise.id)}
    named = set(_misconceptions(exercise.id))
    assert len(files) >= MINIMUM, f"{exercise.id}: at least {MINIMUM} known-wrong answers"
    assert files == named, "each wrong answer has a MISCONCEPTIONS entry, and each entry a file"
    explanations = list(_misconceptions(exercise.id).values())
    assert len(set(explanations)) == len(explanations), "one explanation per misconception"


@pytest.mark.parametrize(
    ("exercise_id", "wrong"), CATALOGUE, ids=[f"{e}/{p.stem}" for e, p in CATALOGUE]
)
def test_wrong_answer_scores_less_and_is_diagnosed(exercise_id, wrong, tmp_path):
    assert len(_description(wrong).split()) >= 5, f"{wrong.name}: describe its misconception"
    misconceptions = _misconceptions(exercise_id)
    data = _grade(exercise_id, wrong, tmp_path)
    outputs = "\n".join(test["output"] for test in data["tests"])
    assert data["score"] < data["max_score"], f"{wrong.name} scores full marks"
    assert misconceptions[wrong.stem] in outputs, f"{wrong.name} is not diagnosed:\n{outputs}"
    for name, explanation in misconceptions.items():
        if name != wrong.stem:
            assert explanation not in outputs, f"{wrong.name} is diagnosed as {name}"
