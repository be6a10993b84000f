"""`civicdata assign`: a student edition without answers, and a Gradescope package that holds."""

from __future__ import annotations

import json
import os
import shutil
import subprocess
import sys
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from civicdata.grading.assign import MARKER
from civicdata.grading.manifest import load_manifest
from civicdata.project import Project
from tests.conftest import REPO

MANIFEST = load_manifest(Project(REPO))
# assign ships the stubs as recorded in exercises/stubs.sha256; a checkout where
# exercises were solved in place has nothing to ship (CI checks the stubs as shipped).
pytestmark = pytest.mark.skipif(
    not all(MANIFEST.is_shipped_stub(e) for e in MANIFEST.exercises),
    reason="some exercise files were solved in place; assign ships stubs only",
)
BIN = Path(sys.executable).parent


def _distinctive_lines(solution: Path, stub: Path | None) -> set[str]:
    """Lines of a solution that its stub does not have: what would give an answer away."""
    stub_lines = {line.strip() for line in stub.read_text().splitlines()} if stub else set()
    found = set()
    for line in solution.read_text().splitlines():
        text = line.strip()
        if len(text) >= 24 and text not in stub_lines and not text.startswith(('"""', "#")):
            found.add(text)
    return found


def _public_text() -> str:
    """Every text of the checkout outside solutions and wrong answers (public anyway)."""
    instructor_only = {"solution", "solution.py", "wrong", ".venv", ".git"}
    found: list[str] = []
    for path in REPO.rglob("*"):
        parts = set(path.relative_to(REPO).parts)
        if parts & instructor_only or not path.is_file() or "__pycache__" in parts:
            continue
        if path.suffix in {".py", ".md", ".yaml", ".yml", ".txt", ".sql", ".sh", ".toml"}:
            text = path.read_text(errors="replace")
            found += [text, text.replace("\\n", "\n")]  # queries kept in Python strings
    return "\n".join(found)


def _answer_lines() -> dict[str, set[str]]:
    public = _public_text()
    lines: dict[str, set[str]] = {}
    for exercise in MANIFEST.exercises:
        folder = MANIFEST.folder(exercise)
        solution = folder / exercise.solution
        solutions = sorted(solution.rglob("*.yaml")) if solution.is_dir() else [solution]
        for path in solutions:
            stub = folder / exercise.student
            stub_file = stub if stub.is_file() else None
            lines[str(path.relative_to(REPO))] = {
                x for x in _distinctive_lines(path, stub_file) if x not in public
            }
        for wrong in sorted((folder / "wrong").glob("*.py")):
            lines[str(wrong.relative_to(REPO))] = {
                x for x in _distinctive_lines(wrong, folder / exercise.student) if x not in public
            }
    return lines


@pytest.fixture(scope="module")
def assigned(tmp_path_factory) -> Path:
    out = tmp_path_factory.mktemp("assign") / "course"
    completed = subprocess.run(
        [sys.executable, "-m", "civicdata", "--root", str(REPO), "assign", str(out)],
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 0, completed.stderr
    return out


def _zip_texts(zip_path: Path) -> dict[str, str]:
    with zipfile.ZipFile(zip_path) as archive:
        return {
            name: archive.read(name).decode("utf-8", errors="replace")
            for name in archive.namelist()
            if not name.endswith("/")
        }


def _student_texts(student: Path) -> dict[str, str]:
    return {
        str(path.relative_to(student)): path.read_text(errors="replace")
        for path in student.rglob("*")
        if path.is_file()
    }


def test_every_solution_has_lines_to_look_for():
    lines = _answer_lines()
    assert len(lines) >= len(MANIFEST.exercises)
    assert all(lines.values()), [name for name, found in lines.items() if not found]


def test_no_solution_or_wrong_answer_text_in_either_output(assigned):
    texts = {
        **{f"student/{k}": v for k, v in _student_texts(assigned / "student").items()},
        **{f"zip/{k}": v for k, v in _zip_texts(assigned / "autograder.zip").items()},
    }
    leaks = [
        (origin, line, where)
        for origin, lines in _answer_lines().items()
        for line in lines
        for where, text in texts.items()
        if line in text
    ]
    assert leaks == []
    names = " ".join(texts)
    assert "solution" not in names and "/wrong/" not in names


def test_the_student_edition_has_public_checks_only(assigned):
    student = assigned / "student"
    manifest = load_manifest(Project(student))
    assert [e.id for e in manifest.exercises] == [e.id for e in MANIFEST.exercises]
    assert not any(task.hidden for e in manifest.exercises for task in e.tasks)
    assert not list(student.rglob("*_hidden.py"))
    assert not (student / "tests").exists()
    for exercise in MANIFEST.exercises:
        folder = student / "exercises" / exercise.id
        assert (folder / "README.md").is_file()
        assert (folder / exercise.student).exists()
        assert list(folder.glob("test_*.py"))
    readme = (student / "README.md").read_text()
    assert "uv run civicdata grade" in readme and "uv run mkdocs serve" in readme
    hidden = [name for name in _zip_texts(assigned / "autograder.zip") if "_hidden" in name]
    assert len(hidden) == sum(1 for e in MANIFEST.exercises if any(t.hidden for t in e.tasks))


def test_the_student_edition_grades_itself(assigned):
    """`civicdata grade` in the student edition, with the edition's own package."""
    student = assigned / "student"
    results = student / "results.json"
    completed = subprocess.run(
        [sys.executable, "-m", "civicdata", "grade", "--results", str(results)],
        cwd=student,
        capture_output=True,
        text=True,
        check=False,
    )
    assert completed.returncode == 1, completed.stdout + completed.stderr
    data = json.loads(results.read_text())
    public = sum(t.points for e in MANIFEST.exercises for t in e.public_tasks)
    assert data["score"] == 0 and data["max_score"] == public
    assert "hidden" not in json.dumps(data) and "after_due_date" not in json.dumps(data)


def test_assign_refuses_a_checkout_whose_stubs_were_solved_in_place(tmp_path, cli):
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "civicdata" / "data", tmp_path / "civicdata" / "data")
    shutil.copytree(REPO / "exercises", tmp_path / "exercises")
    folder = tmp_path / "exercises" / "03_partial_dates"
    shutil.copy(folder / "solution.py", folder / "exercise.py")
    code, _, err = cli("--root", str(tmp_path), "assign", str(tmp_path.parent / "out03"))
    assert code == 2 and "03_partial_dates/exercise.py: not the stub recorded" in err
    assert not (tmp_path.parent / "out03").exists()


def test_assign_refuses_a_folder_it_did_not_make(tmp_path, cli, assigned):
    (tmp_path / "notes.txt").write_text("mine\n")
    code, _, err = cli("--root", str(REPO), "assign", str(tmp_path))
    assert code == 2 and "not empty" in err
    assert (tmp_path / "notes.txt").read_text() == "mine\n"
    assert (assigned / MARKER).is_file()
    code, _, _ = cli("--root", str(REPO), "assign", str(assigned))  # its own folder: replaced
    assert code == 0


# --- a simulated Gradescope run -----------------------------------------------------


def _autograder(assigned: Path, root: Path, submission: dict[str, Path | str]) -> dict:
    # As Gradescope does: the zip unpacked into ROOT/source, run_autograder copied to ROOT.
    with zipfile.ZipFile(assigned / "autograder.zip") as archive:
        archive.extractall(root / "source")
    run = root / "run_autograder"
    shutil.copyfile(root / "source" / "run_autograder", run)
    (root / "submission").mkdir()
    for name, content in submission.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_text(content)
    completed = subprocess.run(
        ["bash", str(run)],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "AUTOGRADER_ROOT": str(root), "PATH": f"{BIN}:{os.environ['PATH']}"},
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    data["_stdout"] = completed.stdout
    return data


def _solutions() -> dict[str, Path | str]:
    files: dict[str, Path | str] = {}
    for exercise in MANIFEST.exercises:
        folder = MANIFEST.folder(exercise)
        solution = folder / exercise.solution
        if solution.is_dir():
            for path in solution.rglob("*.yaml"):
                files[
                    f"exercises/{exercise.id}/{exercise.student}/{path.relative_to(solution)}"
                ] = path
        else:
            files[f"exercises/{exercise.id}/{exercise.student}"] = solution
    return files


PASS_EVERYTHING = """
import pytest

@pytest.hookimpl(hookwrapper=True)
def pytest_runtest_makereport(item, call):
    outcome = yield
    report = outcome.get_result()
    report.outcome = "passed"
"""
ALWAYS_PASSES = 'import pytest\n\n@pytest.mark.task("count")\ndef test_count():\n    pass\n'


@pytest.fixture(scope="module")
def gradescope_runs(assigned, tmp_path_factory) -> dict[str, dict]:
    cheats: dict[str, Path | str] = {
        "conftest.py": PASS_EVERYTHING,
        "exercises/conftest.py": PASS_EVERYTHING,
        "exercises/01_load_and_read/conftest.py": PASS_EVERYTHING,
        "exercises/01_load_and_read/test_01_load_and_read.py": ALWAYS_PASSES,
        "exercises/01_load_and_read/test_extra.py": ALWAYS_PASSES,
        "tests/test_everything.py": ALWAYS_PASSES,
        "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '-p no:civicdata'\n",
        "exercises/manifest.yaml": "exercises: []\n",
    }
    flat: dict[str, Path | str] = {
        "03_partial_dates.py": REPO / "exercises/03_partial_dates/solution.py",
        "krasner-simply-unacceptable.yaml": REPO
        / "exercises/11_fix_a_broken_record/solution/claim/krasner-simply-unacceptable.yaml",
    }
    submissions = {"solutions": _solutions(), "stubs": {}, "cheats": cheats, "flat": flat}
    base = tmp_path_factory.mktemp("gradescope")
    with ThreadPoolExecutor(max_workers=2) as pool:
        runs = pool.map(
            lambda item: (item[0], _autograder(assigned, base / item[0], item[1])),
            submissions.items(),
        )
        return dict(runs)


def test_gradescope_gives_the_solutions_full_marks(gradescope_runs):
    data = gradescope_runs["solutions"]
    assert data["score"] == data["max_score"] == sum(e.max_score for e in MANIFEST.exercises)
    hidden = [t for t in data["tests"] if t["visibility"] == "after_due_date"]
    assert len(hidden) == sum(1 for e in MANIFEST.exercises for t in e.tasks if t.hidden) > 0
    assert all(t["status"] == "passed" for t in data["tests"])


def test_gradescope_gives_the_stubs_less(gradescope_runs):
    stubs = gradescope_runs["stubs"]
    assert stubs["score"] == 0 < stubs["max_score"] == gradescope_runs["solutions"]["max_score"]
    assert "none of the exercise files were found" in stubs["_stdout"]


def test_a_submitted_conftest_or_test_file_changes_nothing(gradescope_runs):
    cheats, stubs = gradescope_runs["cheats"], gradescope_runs["stubs"]
    assert cheats["score"] == stubs["score"]
    assert [t["status"] for t in cheats["tests"]] == [t["status"] for t in stubs["tests"]]
    assert cheats["max_score"] == stubs["max_score"]


def test_flat_uploads_use_the_documented_names(gradescope_runs):
    data = gradescope_runs["flat"]
    by_exercise: dict[str, int] = {}
    for test in data["tests"]:
        by_exercise[test["tags"][0]] = by_exercise.get(test["tags"][0], 0) + test["score"]
    full = {e.id: e.max_score for e in MANIFEST.exercises}
    assert by_exercise["03_partial_dates"] == full["03_partial_dates"]
    assert by_exercise["11_fix_a_broken_record"] == full["11_fix_a_broken_record"]
    assert data["score"] == full["03_partial_dates"] + full["11_fix_a_broken_record"]


def test_the_student_editions_site_builds(assigned, tmp_path):
    """`uv run mkdocs serve` in the edition: the same strict build, with the edition's files."""
    completed = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "-q", "-d", str(tmp_path / "site")],
        cwd=assigned / "student",
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    assert (tmp_path / "site" / "exercises" / "index.html").is_file()
    # The instructors' page (where hidden checks are, grading --solutions) stays with instructors.
    assert not (tmp_path / "site" / "instructors").exists()
    assert not (assigned / "student" / "docs" / "instructors.md").exists()
    shown = " ".join(p.read_text(encoding="utf-8") for p in (tmp_path / "site").rglob("*.html"))
    assert "--solutions" not in shown and "_hidden.py" not in shown


def test_run_autograder_still_writes_results_when_the_grader_fails(assigned, tmp_path):
    with zipfile.ZipFile(assigned / "autograder.zip") as archive:
        archive.extract("run_autograder", tmp_path)
    (tmp_path / "source").mkdir()  # no grader in it: python3 -m fails
    completed = subprocess.run(
        ["bash", str(tmp_path / "run_autograder")],
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "AUTOGRADER_ROOT": str(tmp_path), "PATH": f"{BIN}:{os.environ['PATH']}"},
    )
    assert completed.returncode == 0
    data = json.loads((tmp_path / "results" / "results.json").read_text())
    assert data["score"] == 0 and "autograder failed" in data["output"]


def test_the_zip_has_gradescopes_layout(assigned):
    """Gradescope unpacks the zip into /autograder/source and runs run_autograder from
    its root: the scripts and the package sit side by side at the top, nothing one down."""
    names = set(zipfile.ZipFile(assigned / "autograder.zip").namelist())
    for wanted in (
        "run_autograder",
        "setup.sh",
        "civicdata/__init__.py",
        "exercises/manifest.yaml",
    ):
        assert wanted in names, wanted
    assert not any(name.startswith("source/") for name in names)
    for script in ("run_autograder", "setup.sh"):
        text = zipfile.ZipFile(assigned / "autograder.zip").read(script).decode()
        checked = subprocess.run(["bash", "-n"], input=text, text=True, check=False)
        assert checked.returncode == 0, script  # parses as bash
        assert "@DEPENDENCIES@" not in text
