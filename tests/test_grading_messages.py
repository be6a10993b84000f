"""Messages in full: what was called, what came back, what was expected; never cut."""

from __future__ import annotations

import re
import shutil

import pytest

from civicdata.grading.expect import Known, Mismatch, expect_equal
from civicdata.grading.manifest import load_manifest
from civicdata.grading.results import GradeReport, Status, TaskResult, table
from civicdata.project import Project
from tests.conftest import REPO, grade_here

LONG = "x" * 400


def test_expect_equal_names_a_misconception_only_when_the_output_matches_it():
    known = [Known(["2018", "2018-06-15"], "dates compared as text")]
    with pytest.raises(Mismatch) as matched:
        expect_equal("f()", ["2018", "2018-06-15"], ["2018-06-15", "2018"], "sort by days", known)
    assert "dates compared as text" in str(matched.value)
    assert str(matched.value).startswith(
        "f() returned ['2018', '2018-06-15'], expected ['2018-06-15', '2018']"
    )
    with pytest.raises(Mismatch) as other:
        expect_equal("f()", [], ["2018-06-15", "2018"], "sort by days", known)
    assert "dates compared as text" not in str(other.value)
    assert str(other.value).endswith(". sort by days")


def test_expect_equal_does_not_confuse_true_with_one():
    with pytest.raises(Mismatch):
        expect_equal("f()", 1, True)
    expect_equal("f()", [1.0, "a"], (1, "a"))


def test_the_table_wraps_long_messages_and_keeps_every_word():
    exercise = load_manifest(Project(REPO)).exercises[0]
    words = " ".join(f"word{n}" for n in range(120))
    report = GradeReport([TaskResult(exercise, exercise.tasks[0], Status.FAILED, words)], 1.0)
    text = table(report, width=100)
    assert "…" not in text
    assert all(len(line) <= 100 for line in text.splitlines())
    assert " ".join(text.split()).count("word119") == 1
    assert " ".join(" ".join(text.split()).split(" word0 ", 1)[1].split()).startswith("word1 word2")


def test_an_exception_in_student_code_names_the_file_the_line_and_its_text(tmp_path):
    attempt = tmp_path / "exercise.py"
    attempt.write_text(
        "def count_records(dataset):\n"
        "    return len(dataset)\n"
        "\n"
        "def person_name(dataset, person_id):\n"
        "    names = {}\n"
        f"    return names[person_id + {LONG!r}]\n"
        "\n"
        "def source_outlet(dataset, source_id):\n"
        "    return dataset.get(source_id).outlet.upper()\n"
    )
    completed, data = grade_here("01", "--submission", str(attempt), results=tmp_path / "r.json")
    assert completed.returncode == 1, completed.stderr
    outputs = {t["tags"][1]: t["output"] for t in data["tests"]}
    assert outputs["count"] == "passed"
    name = outputs["person_name"]
    assert re.match(r"person_name\(dataset, '[a-z-]+'\) failed: exercise\.py:6: KeyError: ", name)
    assert LONG in name  # in full
    assert f"\n    return names[person_id + {LONG!r}]\n" in name
    assert name.endswith(
        "fails the same way on 20 of the 20 generated datasets this task is checked on."
    )
    assert "grading" not in name and "child.py" not in name  # grader frames hidden
    assert re.search(
        r"source_outlet\(dataset, '[a-z0-9-]+'\) returned '[A-Z ]+', expected '\w[^']*[a-z]",
        outputs["source_outlet"],
    )
    assert "Traceback" not in completed.stdout


def test_exercise_12_and_the_validator_agree_on_yml_files(tmp_path, sandbox, cli):
    """One gate decides what a record file is: the grader runs the validator's."""
    records = tmp_path / "records"
    shutil.copytree(REPO / "exercises" / "12_extend_the_dataset" / "solution" / "records", records)
    (records / "person" / "lou-barletta.yaml").rename(records / "person" / "lou-barletta.yml")
    _, data = grade_here("12", "--submission", str(records), results=tmp_path / "results.json")
    graded = {t["tags"][1]: t["output"] for t in data["tests"]}
    shutil.copy(
        records / "person" / "lou-barletta.yml", sandbox.data_dir / "person" / "lou-barletta.yml"
    )
    code, validated, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 1
    message = "lou-barletta.yml:1:1: error: record files end in `.yaml`"
    assert message in graded["records_validate"]
    assert message in validated


def test_a_record_returned_is_told_to_return_what_the_docstring_asks(tmp_path):
    attempt = tmp_path / "exercise.py"
    attempt.write_text(
        "def count_records(dataset):\n"
        "    return len(dataset)\n"
        "\n"
        "def person_name(dataset, person_id):\n"
        "    return dataset.get(person_id)\n"
        "\n"
        "def source_outlet(dataset, source_id):\n"
        "    return dataset.get(source_id + '-x').outlet\n"
    )
    _, data = grade_here("01", "--submission", str(attempt), results=tmp_path / "r.json")
    outputs = {t["tags"][1]: t["output"] for t in data["tests"]}
    assert "Person record, which is not plain data" in outputs["person_name"]
    assert "as the docstring asks" in outputs["person_name"]
    assert "return its id instead" not in outputs["person_name"]
    outlet = outputs["source_outlet"]
    # raised inside the library, shown once, at the student's line that led to it
    assert "(raised inside dataset.py, called from this line)" in outlet
    assert outlet.count("KeyError") == 1, outlet
    assert "return dataset.get(source_id + '-x').outlet" in outlet
