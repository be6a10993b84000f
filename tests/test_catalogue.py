"""The misconception catalogue: what can be checked without grading, and how it is judged.

Each exercise's ``wrong/`` folder holds answers a first-year student plausibly
writes, one misconception each (see :mod:`civicdata.grading.mutation.catalogue`).
Grading every one of them is the exercise set proving itself, as mutation
testing is: ``python -m civicdata.grading.mutation`` (run by ``.ci/run`` after
the tests) grades each and fails unless it scores below the maximum with its
own explanation and no other. Here: every exercise's catalogue matches its
checks' ``MISCONCEPTIONS``, each entry describes itself, and the judgement
of one grading is right both ways (tests/test_mutation.py runs the whole
path on a tiny exercise).
"""

from __future__ import annotations

import pytest

from civicdata.grading.manifest import load_manifest
from civicdata.grading.mutation.catalogue import (
    Diagnosis,
    catalogue_problems,
    description,
    misconceptions,
    wrong_answers,
)
from civicdata.project import Project
from tests.conftest import REPO

MANIFEST = load_manifest(Project(REPO))


@pytest.mark.parametrize("exercise", MANIFEST.exercises, ids=lambda e: e.id)
def test_every_exercise_has_a_catalogue_that_matches_its_checks(exercise):
    folder = MANIFEST.folder(exercise)
    assert catalogue_problems(folder) == []
    assert {path.stem for path in wrong_answers(folder)} == set(misconceptions(folder))


def test_a_catalogue_that_drifted_from_its_checks_is_named(tmp_path):
    folder = tmp_path / "03_x"
    (folder / "wrong").mkdir(parents=True)
    (folder / "test_03_x.py").write_text(
        "MISCONCEPTIONS = {'a': 'one', 'gone': 'two', 'c': 'one'}\n"
    )
    (folder / "wrong" / "a.py").write_text('"""Compares the dates as text, not as days."""\n')
    (folder / "wrong" / "c.yaml").write_text("# Too short\nid: x\n")
    (folder / "wrong" / "d.py").write_text('"""A wrong answer that no check names at all."""\n')
    problems = catalogue_problems(folder)
    assert "03_x/wrong/d: no MISCONCEPTIONS entry in the checks" in problems
    assert "03_x: MISCONCEPTIONS names 'gone', which has no wrong/ file" in problems
    assert "03_x: two misconceptions share one explanation" in problems
    assert "03_x/wrong/c.yaml: describe its misconception" in problems
    assert not any(p.startswith("03_x: at least") for p in problems)  # three files
    assert description(folder / "wrong" / "a.py") == "Compares the dates as text, not as days."


NAMED = {"as_text": "Dates compared as text", "ends": "The end day left out"}


@pytest.mark.parametrize(
    ("score", "messages", "expected"),
    [
        (3, "x\nDates compared as text here", []),
        (5, "Dates compared as text", ["05/wrong/as_text: scores full marks (5/5)"]),
        (
            3,
            "another failure",
            ["05/wrong/as_text: not diagnosed (its explanation is not in the messages)"],
        ),
        (
            0,
            "Dates compared as text; The end day left out",
            ["05/wrong/as_text: diagnosed as ends"],
        ),
    ],
)
def test_a_grading_proves_its_entry_only_when_it_loses_points_with_its_own_explanation(
    score, messages, expected
):
    assert Diagnosis("05", "as_text", score, 5, messages).problems(NAMED) == expected


def test_a_wrong_answer_with_no_entry_is_never_diagnosed():
    problems = Diagnosis("05", "other", 0, 5, "Dates compared as text").problems(NAMED)
    assert problems == [
        "05/wrong/other: not diagnosed (its explanation is not in the messages)",
        "05/wrong/other: diagnosed as as_text",
    ]
