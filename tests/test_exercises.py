"""The exercise set checks itself (as rustlings' `dev check` does).

Every reference solution passes every task, every stub fails every task, and
a file that does not even import still shows every task.
"""

from __future__ import annotations

import os
import shutil
import tempfile
import threading
import time
from pathlib import Path

import pytest

from civicdata.grading.assign import marked_tasks
from civicdata.grading.commands import watch
from civicdata.grading.manifest import load_manifest
from civicdata.project import Project
from tests.conftest import REPO, copy_exercises, grade_here

MANIFEST = load_manifest(Project(REPO))
GRADESCOPE_TEST_FIELDS = {"name", "score", "max_score", "status", "output", "visibility"}


def _grade(*args: str, root: Path = REPO) -> tuple[int, str, dict]:
    # Each call its own results file: pytest-xdist grades in several processes at once.
    with tempfile.TemporaryDirectory(prefix="civicdata-results-") as folder:
        completed, data = grade_here(*args, results=Path(folder) / "results.json", root=root)
    return completed.returncode, completed.stdout, data


def _statuses(data: dict) -> dict[str, tuple[str, str]]:
    return {test["name"]: (test["status"], test["output"]) for test in data["tests"]}


def test_at_least_twelve_exercises_in_order():
    ids = [exercise.id for exercise in MANIFEST.exercises]
    assert len(ids) >= 12
    assert ids == sorted(ids)
    for exercise in MANIFEST.exercises:
        folder = MANIFEST.folder(exercise)
        assert (folder / "README.md").is_file(), exercise.id
        assert (folder / exercise.student).exists(), exercise.id
        assert (folder / exercise.solution).exists(), exercise.id
        assert len(exercise.hints) >= 3, f"{exercise.id}: a hint ladder has at least three rungs"


def _marked_tasks(folder: Path) -> set[str]:
    return set().union(*(marked_tasks(path) for path in folder.glob("test_*.py")))


@pytest.mark.parametrize("exercise", MANIFEST.exercises, ids=lambda e: e.id)
def test_manifest_tasks_and_test_markers_agree(exercise):
    assert _marked_tasks(MANIFEST.folder(exercise)) == {task.id for task in exercise.tasks}


def test_every_reference_solution_passes_every_task():
    code, out, data = _grade("--solutions")
    failing = {name: s for name, s in _statuses(data).items() if s[0] != "passed"}
    assert failing == {}
    assert code == 0
    assert data["score"] == data["max_score"] == sum(e.max_score for e in MANIFEST.exercises)
    assert f"all {len(_statuses(data))} tasks passed" in out


@pytest.fixture(scope="module")
def checkout_graded() -> tuple[int, str, dict]:
    """One grade of this checkout as it is (the stubs, as shipped), read by two tests."""
    return _grade()


@pytest.mark.xdist_group("checkout-graded")
def test_every_stub_fails_every_task_and_scores_zero(checkout_graded):
    """Checked on the stubs as shipped: a student solving in place does not turn this red."""
    shipped = {e.id for e in MANIFEST.exercises if MANIFEST.is_shipped_stub(e)}
    if not shipped:
        pytest.skip("every exercise file was changed (solved in place); CI checks the stubs")
    code, _, data = checkout_graded
    statuses = {
        name: status for name, status in _statuses(data).items() if name.split(":")[0] in shipped
    }
    assert len(statuses) == sum(len(e.tasks) for e in MANIFEST.exercises if e.id in shipped)
    assert {status for status, _ in statuses.values()} == {"failed"}
    assert all(output and output != "passed" for _, output in statuses.values())
    assert code == 1
    if len(shipped) == len(MANIFEST.exercises):
        assert data["score"] == 0
        assert "all" not in data["output"], "never say 'all' when nothing passed"


def test_stubs_sha256_records_every_stub_as_shipped():
    """In CI the checkout is as shipped: every stub matches; locally, solved files may not."""
    assert set(MANIFEST.shipped_stubs) == {e.id for e in MANIFEST.exercises}
    if os.environ.get("CI"):
        changed = [e.id for e in MANIFEST.exercises if not MANIFEST.is_shipped_stub(e)]
        assert changed == [], "a stub changed: run `civicdata assign --record-stubs`"


def test_a_solved_file_is_no_longer_the_shipped_stub(tmp_path):
    copy_exercises(tmp_path)
    (tmp_path / "exercises" / "03_partial_dates" / "exercise.py").write_text("# a stub\n")
    shutil.rmtree(tmp_path / "exercises" / "12_extend_the_dataset" / "records")
    (tmp_path / "exercises" / "12_extend_the_dataset" / "records").mkdir()
    manifest = load_manifest(Project(tmp_path))
    (manifest.root / "stubs.sha256").write_text(manifest.stubs_file())
    manifest = load_manifest(Project(tmp_path))
    exercise = manifest.find("03")
    assert manifest.is_shipped_stub(exercise)
    folder = manifest.folder(exercise)
    shutil.copy(folder / exercise.solution, folder / exercise.student)
    assert not manifest.is_shipped_stub(exercise)
    twelve = manifest.find("12")
    assert manifest.is_shipped_stub(twelve)
    (manifest.folder(twelve) / twelve.student / "person").mkdir(parents=True)
    (manifest.folder(twelve) / twelve.student / "person" / "x.yaml").write_text("id: x\n")
    assert not manifest.is_shipped_stub(twelve)


@pytest.mark.xdist_group("checkout-graded")
def test_results_json_has_gradescopes_fields(checkout_graded):
    _, _, data = checkout_graded
    assert len(data["tests"]) == sum(len(e.tasks) for e in MANIFEST.exercises)
    assert isinstance(data["score"], int | float)
    assert isinstance(data["execution_time"], int | float)
    for test in data["tests"]:
        assert set(test) >= GRADESCOPE_TEST_FIELDS
        assert test["status"] in {"passed", "failed"}
        assert test["visibility"] in {"visible", "hidden", "after_due_date", "after_published"}
        assert 0 <= test["score"] <= test["max_score"]


def test_a_file_that_does_not_import_still_shows_every_task(tmp_path):
    broken = tmp_path / "exercise.py"
    broken.write_text("def count_records(dataset)\n    return len(dataset)\n")
    _, out, data = _grade("01", "--submission", str(broken))
    assert len(data["tests"]) == len(MANIFEST.find("01").tasks)
    assert data["score"] == 0 and data["max_score"] == MANIFEST.find("01").max_score
    for test in data["tests"]:
        assert test["status"] == "failed"
        assert "exercise.py has a syntax error on line 1" in test["output"]
    assert f"0 of {len(MANIFEST.find('01').tasks)} tasks passed" in out


def test_hint_ladder_reveals_one_more_rung_each_time(checkout, cli):
    root = str(checkout.root)
    exercise = MANIFEST.find("03")
    _, first, _ = cli("--root", root, "hint", "03")
    assert "hint 1 of 3" in first and "hint 2" not in first
    _, second, _ = cli("--root", root, "hint", "3")
    assert exercise.hints[1] in second and "1 more" in second
    _, third, _ = cli("--root", root, "hint", "03_partial_dates")
    assert "that was the last hint" in third
    _, _, _ = cli("--root", root, "hint", "03", "--reset")
    _, again, _ = cli("--root", root, "hint", "03")
    assert "hint 2" not in again


def test_grading_an_unknown_exercise_is_a_clear_error(cli):
    code, _, err = cli("grade", "99")
    assert code == 2 and "no single exercise matches '99'" in err


def test_watch_regrades_when_a_file_changes(tmp_path):
    watched = tmp_path / "exercise.py"
    watched.write_text("x = 1\n")
    runs: list[list[str]] = []

    def touch_later():
        time.sleep(0.3)
        watched.write_text("x = 2\n")

    thread = threading.Thread(target=touch_later)
    thread.start()
    watch([watched], ["grade"], interval=0.05, max_runs=2, run=runs.append)
    thread.join()
    assert runs == [["grade"], ["grade"]]


def test_an_exercise_graded_through_sql_reads_its_answers_as_strings():
    """An exercise whose checks run the student's queries (the ``rows`` probe) is read as
    data: run as Python, its file could replace the probe (tests/test_grader_attacks_more.py)."""
    for exercise in MANIFEST.exercises:
        folder = MANIFEST.folder(exercise)
        checks = " ".join(p.read_text() for p in folder.glob("test_*.py"))
        if "rows(" in checks:
            assert exercise.answers == "strings", exercise.id
