"""`civicdata assign`: a student edition without answers, and a Gradescope package that holds."""

from __future__ import annotations

import functools
import json
import os
import shutil
import stat
import subprocess
import sys
import tomllib
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from civicdata.grading.assign import MARKER
from civicdata.grading.manifest import load_manifest
from civicdata.project import Project
from tests.conftest import REPO, copy_exercises, copy_records

MANIFEST = load_manifest(Project(REPO))
# assign ships the stubs as recorded in exercises/stubs.sha256; a checkout where
# exercises were solved in place has nothing to ship (CI checks the stubs as shipped).
pytestmark = [
    pytest.mark.skipif(
        not all(MANIFEST.is_shipped_stub(e) for e in MANIFEST.exercises),
        reason="some exercise files were solved in place; assign ships stubs only",
    ),
]
BIN = Path(sys.executable).parent
UV = shutil.which("uv")


def _distinctive_lines(solution: Path, stub: Path | None) -> set[str]:
    """Lines of a solution that its stub does not have: what would give an answer away."""
    stub_lines = {line.strip() for line in stub.read_text().splitlines()} if stub else set()
    found = set()
    for line in solution.read_text().splitlines():
        text = line.strip()
        if len(text) >= 24 and text not in stub_lines and not text.startswith(('"""', "#")):
            found.add(text)
    return found


@functools.cache
def _public_files() -> dict[str, str]:
    """Every text of the checkout outside solutions and wrong answers (public anyway),
    by its path in the checkout."""
    instructor_only = {"solution", "solution.py", "wrong", ".venv", ".git", "__pycache__"}
    found: dict[str, str] = {}
    for folder, dirs, files in os.walk(REPO):
        dirs[:] = sorted(d for d in dirs if d not in instructor_only)  # never walked into
        for name in sorted(set(files) - instructor_only):
            path = Path(folder) / name
            if path.suffix in {".py", ".md", ".yaml", ".yml", ".txt", ".sql", ".sh", ".toml"}:
                found[str(path.relative_to(REPO))] = path.read_text(errors="replace")
    return found


def _public_text() -> str:
    """The public texts in one string, each also with its ``\\n`` as line breaks (queries
    kept in Python strings); a text with none is there once (the lines looked for
    hold no line break, so no match spans two texts)."""
    found: list[str] = []
    for text in _public_files().values():
        found.append(text)
        if "\\n" in text:
            found.append(text.replace("\\n", "\n"))
    return "\n".join(found)


@functools.cache  # the checkout's files, read once for the tests that look for them
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


@pytest.fixture(scope="session")
def assigned(assigned_course: Path) -> Path:
    """The run's one assigned course (tests/conftest.py), read only."""
    return assigned_course


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
    # A file shipped exactly as the checkout's public file at its path cannot hold a
    # line looked for: those are the lines no public text holds. Only the others are
    # searched (most of the outputs are such copies: records, seeds, docs, the library).
    public = _public_files()
    searched = {
        where: text for where, text in texts.items() if public.get(where.partition("/")[2]) != text
    }
    assert 0 < len(searched) < len(texts)
    leaks = [
        (origin, line, where)
        for origin, lines in _answer_lines().items()
        for line in lines
        for where, text in searched.items()
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
    # `uv run pytest` runs the checks in one process: each pytest-xdist worker would run
    # every exercise's children again (the checkout's own suite runs in parallel).
    options = tomllib.loads((student / "pyproject.toml").read_text())["tool"]["pytest"]
    assert options["ini_options"]["testpaths"] == ["exercises"]
    assert not {"-n", "--numprocesses", "--dist"} & set(options["ini_options"]["addopts"].split())
    hidden = [name for name in _zip_texts(assigned / "autograder.zip") if "_hidden" in name]
    assert len(hidden) == sum(1 for e in MANIFEST.exercises if any(t.hidden for t in e.tasks))


@pytest.fixture(scope="module")
def edition(assigned: Path, tmp_path_factory: pytest.TempPathFactory) -> dict:
    """The student edition's own commands, each run once in one copy of it.

    As its README and site say: `uv run ...`, in the copy's own .venv. The grade
    also writes results.json (``--results``), for the tests that read it: one
    grade of the edition serves them all. Where uv is not installed, the grade
    alone runs, as ``python -m civicdata`` with the edition's own package.

    uv links the .venv's packages to its cache (``UV_LINK_MODE=symlink``): the
    copy lies on tmpfs, another device than uv's cache, where uv's default mode
    copied all 420 MB of the locked packages (0.5 CPU-s more); the .venv, its
    interpreter and its ``__pycache__`` folders are the copy's own either way.
    """
    edition = tmp_path_factory.mktemp("edition") / "student"
    shutil.copytree(assigned / "student", edition)
    results = edition / "results.json"
    if UV is None:
        grade = subprocess.run(
            [sys.executable, "-m", "civicdata", "grade", "--results", str(results)],
            cwd=edition,
            capture_output=True,
            text=True,
            check=False,
        )
        return {"folder": edition, "results": results, "grade": grade}
    # As on a student's machine: no outer virtualenv, and Python caches bytecode (CI
    # machines set PYTHONDONTWRITEBYTECODE, which would have every command below
    # compile pydantic and pytest anew in the edition's new .venv).
    outer = {"VIRTUAL_ENV", "UV_PROJECT_ENVIRONMENT", "PYTHONDONTWRITEBYTECODE"}
    env = {k: v for k, v in os.environ.items() if k not in outer}
    env["NO_MKDOCS_2_WARNING"] = "1"
    env["UV_LINK_MODE"] = "symlink"

    def uv(*args: str) -> subprocess.CompletedProcess[str]:
        return subprocess.run(
            [str(UV), "run", *args],
            cwd=edition,
            capture_output=True,
            text=True,
            check=False,
            env=env,
            timeout=600,
        )

    site = edition.parent / "site"
    return {
        "folder": edition,
        "results": results,
        "grade": uv("civicdata", "grade", "--results", str(results)),
        # One exercise's checks: pytest still collects every exercise's (a collection
        # error anywhere shows) and loads the plugin from exercises/conftest.py; every
        # public check of every exercise runs in the grade above, through that plugin.
        "pytest": uv("pytest", "-q", "-k", "test_01_load_and_read"),
        "validate": uv("civicdata", "validate"),
        "stats": uv("civicdata", "stats"),
        "hint": uv("civicdata", "hint", "01"),
        "solutions": uv("civicdata", "grade", "--solutions"),
        "site": site,
        "mkdocs": uv("mkdocs", "build", "--strict", "-q", "-d", str(site)),
    }


@pytest.mark.xdist_group("assign-edition")
def test_the_student_edition_grades_itself(edition):
    """`civicdata grade` in the student edition, with the edition's own package."""
    completed = edition["grade"]
    assert completed.returncode == 1, completed.stdout + completed.stderr
    data = json.loads(edition["results"].read_text())
    public = sum(t.points for e in MANIFEST.exercises for t in e.public_tasks)
    assert data["score"] == 0 and data["max_score"] == public
    assert "hidden" not in json.dumps(data) and "after_due_date" not in json.dumps(data)
    assert "you edited" not in completed.stdout + data["output"]  # the library as released
    # The children ran the stubs with the .venv's packages (linked from uv's cache): each
    # Python stub's own answer, not an import failure that would score 0 as well.
    unwritten = {
        t["name"].split(":")[0] for t in data["tests"] if "is not written yet" in t["output"]
    }
    assert {"01_load_and_read", "05_timeline", "09_validation_rule"} <= unwritten, data["tests"]


def test_assign_refuses_a_checkout_whose_stubs_were_solved_in_place(tmp_path, cli):
    copy_records(tmp_path)
    copy_exercises(tmp_path)
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
    own = tmp_path.parent / f"{tmp_path.name}-course"
    shutil.copytree(assigned, own)  # a folder assign made (the run's own stays as it is)
    code, _, _ = cli("--root", str(REPO), "assign", str(own))  # its own folder: replaced
    assert code == 0


# --- a simulated Gradescope run -----------------------------------------------------


def _unpack(assigned: Path, root: Path) -> Path:
    """As Gradescope does: the zip unpacked into ROOT/source, run_autograder copied to ROOT."""
    with zipfile.ZipFile(assigned / "autograder.zip") as archive:
        archive.extractall(root / "source")
    run = root / "run_autograder"
    shutil.copyfile(root / "source" / "run_autograder", run)
    return run


def _submit(root: Path, submission: dict[str, Path | str]) -> None:
    """A fresh ROOT/submission holding ``submission`` (a callable value builds its own entry)."""
    shutil.rmtree(root / "submission", ignore_errors=True)
    (root / "submission").mkdir()
    for name, content in submission.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        if callable(content):
            content(path)
        elif isinstance(content, Path):
            shutil.copyfile(content, path)
        else:
            path.write_text(content)


def _run_autograder(root: Path, path: str | None = None) -> dict:
    completed = subprocess.run(
        ["bash", str(root / "run_autograder")],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "AUTOGRADER_ROOT": str(root),
            "PATH": path or f"{BIN}:{os.environ['PATH']}",
        },
        timeout=300,
    )
    assert completed.returncode == 0, completed.stdout + completed.stderr
    data = json.loads((root / "results" / "results.json").read_text())
    data["_stdout"] = completed.stdout + completed.stderr
    data["_forged"] = (root / "forged").exists()
    return data


def _autograder(assigned: Path, root: Path, submission: dict[str, Path | str]) -> dict:
    _unpack(assigned, root)
    _submit(root, submission)
    return _run_autograder(root)


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


def _solution(number: str) -> Path:
    exercise = MANIFEST.find(number)
    return MANIFEST.folder(exercise) / str(exercise.solution)


def _link(target: Path):
    return lambda path: path.symlink_to(target)


def _fifo(path: Path) -> None:
    os.mkfifo(path)


def _device(path: Path) -> None:
    """A character device (/dev/null's numbers): never opened, as a tape drive must not be."""
    os.mknod(path, 0o600 | stat.S_IFCHR, os.makedev(1, 3))


def _oversized(path: Path) -> None:
    """A correct solution, padded past the 1 MiB cap: it would score if it were read."""
    path.write_text(_solution("05").read_text() + "#" * (1 << 20) + "\n")


def _hostile_layout(root: Path, elsewhere: Path) -> dict:
    """Every way a submission's layout may point outside itself or block a reader.

    Each refused path holds a correct answer (or points at one), so a grader that
    followed it would give points: none may be given. 07 is a plain file and scores.
    """
    solutions = REPO / "exercises/12_extend_the_dataset/solution/records"
    # 08 here: 02 is submitted beside this layout, as a flat file (the regrade's run).
    repo = elsewhere / "repo" / "exercises" / "08_sql_queries"
    repo.mkdir(parents=True)
    shutil.copyfile(_solution("08"), repo / "exercise.py")
    person = next((solutions / "person").glob("*.yaml"))
    return {
        "03_partial_dates.py": _link(_solution("03")),  # a file that is a link
        "exercises": _link(root / "source" / "exercises"),  # a folder: into the grader's source
        "repo": _link(elsewhere / "repo"),  # one folder down
        "course/exercises/12_extend_the_dataset/records/person": _link(solutions / "person"),
        "course/exercises/12_extend_the_dataset/records/claim/x.yaml": _link(person),
        "04_resolve_references/exercise.py": _fifo,  # never opened: opening a FIFO blocks
        "05_timeline.py": _oversized,
        "07_citations_per_source.py": _solution("07"),
        **({"06_claims_and_answers.py": _device} if os.geteuid() == 0 else {}),
    }


FORGED = (
    'echo forged > "$AUTOGRADER_ROOT/forged"; '
    'printf \'{"score": 999, "tests": []}\' > "$AUTOGRADER_ROOT/results/results.json"; exit 0\n'
)


def _rewriter(run_autograder: Path) -> str:
    """Exercise 01's file, rewriting run_autograder after the grader's line when imported."""
    return f"""
import pathlib

RUN = pathlib.Path({str(run_autograder)!r})
try:
    text = RUN.read_text()
    cut = text.index("\\n", text.index("civicdata.grading.gradescope")) + 1
    with open(RUN, "r+") as script:
        script.seek(cut)
        script.write({FORGED!r} * 20)
        script.truncate()
except OSError:
    pass  # as another user it cannot: that is the other half of the protection
"""


@pytest.fixture(scope="module")
def gradescope_runs(assigned, tmp_path_factory) -> dict[str, dict]:
    """Four runs of run_autograder, each serving several tests.

    Scenarios that do not interfere share a run (each run costs a grader's start,
    a fresh copy and a pytest session): the files that try to change how the checks
    run ride along with the "flat" uploads, where exercise 01 is really graded (and
    fails), so a conftest that passed everything would show; the hostile layout rides
    along with the regrade of 02, where 07 (a plain file beside the refused ones)
    scores, and the refused links point at answers the first run on that root had.
    """
    cheats: dict[str, Path | str] = {
        "conftest.py": PASS_EVERYTHING,
        "exercises/conftest.py": PASS_EVERYTHING,
        "exercises/01_load_and_read/conftest.py": PASS_EVERYTHING,
        "exercises/01_load_and_read/test_01_load_and_read.py": ALWAYS_PASSES,
        "exercises/01_load_and_read/test_extra.py": ALWAYS_PASSES,
        "tests/test_everything.py": ALWAYS_PASSES,
        "pyproject.toml": "[tool.pytest.ini_options]\naddopts = '-p no:civicdata'\n",
        "exercises/manifest.yaml": "exercises: []\n",
        # The library edited instead of an exercise: not graded, and said so.
        "civicdata/dates.py": "def parse(text):\n    return 'anything'\n",
    }
    base = tmp_path_factory.mktemp("gradescope")
    # Flat uploads, beside an exercise file that rewrites run_autograder (scoring 0)
    # and the cheats above: one run tries them all, and its root is then graded
    # again ("regrade", below).
    flat: dict[str, Path | str] = {
        "03_partial_dates.py": REPO / "exercises/03_partial_dates/solution.py",
        "krasner-simply-unacceptable.yaml": REPO
        / "exercises/11_fix_a_broken_record/solution/claim/krasner-simply-unacceptable.yaml",
        "01_load_and_read.py": _rewriter(base / "flat" / "run_autograder"),
        **cheats,
    }
    submissions = {"solutions": _solutions(), "stubs": {}, "flat": flat}

    def grade(name: str) -> list[tuple[str, dict]]:
        found = [(name, _autograder(assigned, base / name, submissions[name]))]
        if name == "flat":  # a local batch regrade: the same root, 02 and a hostile layout
            regrade = {
                "02_filter_and_sort.py": _solution("02"),
                **_hostile_layout(base / name, base / "elsewhere"),
            }
            _submit(base / name, regrade)
            found.append(("regrade", _run_autograder(base / name)))
            stub = "exercises/03_partial_dates/exercise.py"
            shipped = zipfile.ZipFile(assigned / "autograder.zip").read(stub)
            found[-1][1]["_stub_kept"] = (base / name / "source" / stub).read_bytes() == shipped
        return found

    with ThreadPoolExecutor(max_workers=2) as pool:
        return {name: data for found in pool.map(grade, submissions) for name, data in found}


@pytest.mark.xdist_group("assign-gradescope")
def test_gradescope_gives_the_solutions_full_marks(gradescope_runs):
    data = gradescope_runs["solutions"]
    assert data["score"] == data["max_score"] == sum(e.max_score for e in MANIFEST.exercises)
    hidden = [t for t in data["tests"] if t["visibility"] == "after_due_date"]
    assert len(hidden) == sum(1 for e in MANIFEST.exercises for t in e.tasks if t.hidden) > 0
    assert all(t["status"] == "passed" for t in data["tests"])


@pytest.mark.xdist_group("assign-gradescope")
def test_gradescope_gives_the_stubs_less(gradescope_runs):
    stubs = gradescope_runs["stubs"]
    assert stubs["score"] == 0 < stubs["max_score"] == gradescope_runs["solutions"]["max_score"]
    assert "none of the exercise files were found" in stubs["_stdout"]


@pytest.mark.xdist_group("assign-gradescope")
def test_a_submitted_conftest_or_test_file_changes_nothing(gradescope_runs):
    """conftest.py files that pass every check, extra test files, a pyproject.toml that
    drops the grader's plugin and an empty manifest, beside a graded, failing 01: its
    checks still fail, no test is added or lost, and 03 and 11 score as they would alone."""
    cheats, stubs = gradescope_runs["flat"], gradescope_runs["stubs"]
    assert "01_load_and_read: 01_load_and_read.py" in cheats["_stdout"]  # 01 was graded
    ones = [t for t in cheats["tests"] if t["tags"][0] == "01_load_and_read"]
    assert ones and all(t["status"] == "failed" and t["score"] == 0 for t in ones), ones
    assert [t["tags"] for t in cheats["tests"]] == [t["tags"] for t in stubs["tests"]]
    assert cheats["score"] == MANIFEST.find("03").max_score + MANIFEST.find("11").max_score
    assert cheats["max_score"] == stubs["max_score"]


@pytest.mark.xdist_group("assign-gradescope")
def test_flat_uploads_use_the_documented_names(gradescope_runs):
    data = gradescope_runs["flat"]
    by_exercise: dict[str, int] = {}
    for test in data["tests"]:
        by_exercise[test["tags"][0]] = by_exercise.get(test["tags"][0], 0) + test["score"]
    full = {e.id: e.max_score for e in MANIFEST.exercises}
    assert by_exercise["03_partial_dates"] == full["03_partial_dates"]
    assert by_exercise["11_fix_a_broken_record"] == full["11_fix_a_broken_record"]
    assert data["score"] == full["03_partial_dates"] + full["11_fix_a_broken_record"]


def test_run_autograder_still_writes_results_when_the_grader_fails(assigned, tmp_path):
    """run_autograder's own fallback, for a grader that cannot even start.

    No grader in source/, and a python3 that finds none elsewhere either: this
    checkout's interpreter without its site-packages (``-S``), where the editable
    install would have found this checkout's grader, which writes its own failure
    result (``test_the_grader_writes_its_own_failure_result``), not the fallback's.
    """
    with zipfile.ZipFile(assigned / "autograder.zip") as archive:
        archive.extract("run_autograder", tmp_path)
    (tmp_path / "source").mkdir()  # no grader in it: python3 -m fails
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text(f'#!/bin/sh\nexec {sys.executable} -S -I "$@"\n')
    (fake / "python3").chmod(0o755)
    completed = subprocess.run(
        ["bash", str(tmp_path / "run_autograder")],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "AUTOGRADER_ROOT": str(tmp_path),
            "PATH": f"{fake}:{os.environ['PATH']}",
        },
    )
    assert completed.returncode == 0
    assert "No module named 'civicdata'" in completed.stderr, completed.stderr
    data = json.loads((tmp_path / "results" / "results.json").read_text())
    assert data == {
        "score": 0,
        "output": "The autograder failed (exit 1); please tell your instructor.",
        "tests": [],
    }


def test_the_zip_has_gradescopes_layout(assigned):
    """Gradescope unpacks the zip into /autograder/source and runs run_autograder from
    its root: the scripts and the package sit side by side at the top, nothing one down."""
    names = set(zipfile.ZipFile(assigned / "autograder.zip").namelist())
    for wanted in (
        "run_autograder",
        "setup.sh",
        "civicdata/__init__.py",
        "exercises/manifest.yaml",
        "exercises/library.sha256",
        "requirements.txt",
    ):
        assert wanted in names, wanted
    assert not any(name.startswith("source/") for name in names)
    for script in ("run_autograder", "setup.sh"):
        text = zipfile.ZipFile(assigned / "autograder.zip").read(script).decode()
        checked = subprocess.run(["bash", "-n"], input=text, text=True, check=False)
        assert checked.returncode == 0, script  # parses as bash
        assert "@DEPENDENCIES@" not in text


# --- the autograder cannot be changed under it; every run starts from the stubs ------


def _by_exercise(data: dict) -> dict[str, int]:
    found: dict[str, int] = {}
    for test in data["tests"]:
        found[test["tags"][0]] = found.get(test["tags"][0], 0) + test["score"]
    return found


@pytest.mark.xdist_group("assign-gradescope")
def test_a_submission_rewriting_run_autograder_changes_nothing(gradescope_runs):
    data = gradescope_runs["flat"]  # 01's file rewrites it; 03 and 11 are solved (flat names)
    assert not data["_forged"]
    assert _by_exercise(data)["01_load_and_read"] == 0
    assert data["score"] == MANIFEST.find("03").max_score + MANIFEST.find("11").max_score
    assert len(data["tests"]) == len(gradescope_runs["stubs"]["tests"])


def test_run_autograder_is_read_whole_before_it_runs(assigned, tmp_path):
    """Whoever rewrites the script while the grader runs changes nothing: bash read all of it.

    Here a stand-in for the grader does the rewriting (as any user could, so the
    test does not depend on which user student code runs as); a script that bash
    reads line by line would then run the forged lines after the grader's.
    """
    root = tmp_path / "root"
    _unpack(assigned, root)
    _submit(root, {})
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text(
        f"#!{sys.executable}\n"
        "import json, os, pathlib\n"
        "root = pathlib.Path(os.environ['AUTOGRADER_ROOT'])\n"
        "run = root / 'run_autograder'\n"
        "text = run.read_text()\n"
        "cut = text.index('\\n', text.index('civicdata.grading.gradescope')) + 1\n"
        "with open(run, 'r+') as script:\n"
        f"    script.seek(cut); script.write({FORGED!r} * 20); script.truncate()\n"
        "(root / 'results' / 'results.json').write_text(json.dumps({'score': 0, 'tests': []}))\n"
    )
    (fake / "python3").chmod(0o755)
    data = _run_autograder(root, path=f"{fake}:{os.environ['PATH']}")
    assert FORGED in (root / "run_autograder").read_text()  # it was rewritten
    assert not data["_forged"] and data["score"] == 0


@pytest.mark.parametrize("script", ["run_autograder", "setup.sh"])
def test_the_scripts_are_one_function_called_on_their_last_line(assigned, script):
    text = zipfile.ZipFile(assigned / "autograder.zip").read(script).decode()
    lines = text.rstrip("\n").splitlines()
    assert lines[-1] == 'main "$@"; exit $?'
    before = lines[: lines.index("main() {")]
    assert all(not line.strip() or line.startswith("#") for line in before), before


@pytest.mark.xdist_group("assign-gradescope")
def test_one_root_graded_twice_starts_from_the_stubs(gradescope_runs):
    """A local batch regrade: the second submission holds 02 (and the hostile layout,
    where only 07 is read) and scores 02 and 07 only.

    The first is the "flat" run's (03 and 11 solved, 01 rewriting run_autograder), on
    the same root: neither a Python file nor a record of it reaches the second.
    """
    first, second = gradescope_runs["flat"], gradescope_runs["regrade"]
    assert first["score"] == MANIFEST.find("03").max_score + MANIFEST.find("11").max_score
    scored = {"02_filter_and_sort", "07_citations_per_source"}
    assert second["score"] == MANIFEST.find("02").max_score + MANIFEST.find("07").max_score
    assert {name for name, points in _by_exercise(second).items() if points} == scored
    others = [t for t in second["tests"] if t["tags"][0] not in scored]
    assert others and all(t["output"].startswith("not found in your submission") for t in others)
    assert "not written yet" not in json.dumps(second)
    assert second["_stub_kept"]  # source/ as shipped: the grader wrote its own copy only


@pytest.mark.xdist_group("assign-gradescope")
def test_links_fifos_and_large_files_are_refused_by_name(gradescope_runs):
    """The hostile layout, submitted with 02 as a flat file (the regrade run's)."""
    data = gradescope_runs["regrade"]
    scores = _by_exercise(data)
    assert scores["07_citations_per_source"] == MANIFEST.find("07").max_score
    assert {name for name, points in scores.items() if points} == {
        "02_filter_and_sort",  # the flat file submitted with the layout
        "07_citations_per_source",
    }
    for refused in (
        "03_partial_dates.py: a symbolic link",
        "exercises: a symbolic link",
        "repo: a symbolic link",
        "course/exercises/12_extend_the_dataset/records/person: a symbolic link",
        "course/exercises/12_extend_the_dataset/records/claim/x.yaml: a symbolic link",
        "04_resolve_references/exercise.py: a named pipe (FIFO), not read",
        "05_timeline.py: 10",
        "bytes, over the 1 MiB limit, not read",
        *(["06_claims_and_answers.py: a device, not read"] if os.geteuid() == 0 else []),
    ):
        assert refused in data["output"], refused
    for test in data["tests"]:
        if test["tags"][0] not in {"07_citations_per_source", "02_filter_and_sort"}:
            assert test["output"].startswith("not found in your submission"), test
    three = next(t for t in data["tests"] if t["tags"][0] == "03_partial_dates")
    assert "03_partial_dates.py: a symbolic link" in three["output"]


@pytest.mark.xdist_group("assign-gradescope")
def test_a_submitted_library_edit_is_named_and_not_graded(gradescope_runs):
    output = gradescope_runs["flat"]["output"]  # the cheats rode along with the flat uploads
    assert "you edited civicdata/ (edited civicdata/dates.py)" in output
    assert "the autograder uses the released library" in output
    assert "you edited" not in gradescope_runs["solutions"]["output"]


def test_an_autograder_whose_own_library_changed_refuses_to_grade(
    assigned, tmp_path, monkeypatch, capsys
):
    """The grader's ``main`` in this process, from the unpacked source/ (as run_autograder
    starts it): it compares its fresh copy of source/'s files, whoever runs it, and
    refuses before grading, so no student code runs here."""
    from civicdata.grading import gradescope

    root = tmp_path / "root"
    _unpack(assigned, root)
    _submit(root, {"03_partial_dates.py": _solution("03")})
    with (root / "source/civicdata/dates.py").open("a") as library:
        library.write("\n# changed after release\n")
    monkeypatch.chdir(root / "source")
    assert gradescope.main(["--autograder-root", str(root)]) == 0
    data = json.loads((root / "results" / "results.json").read_text())
    assert data["score"] == 0 and data["tests"] == []
    assert "not as released: edited civicdata/dates.py" in data["output"]
    assert "not as released" in capsys.readouterr().err


# --- the released library, in the student edition -----------------------------------


def test_the_hash_list_is_the_released_library(assigned):
    from civicdata.grading.library import LIBRARY, check

    student = assigned / "student"
    listed = (student / "exercises" / LIBRARY).read_text()
    assert (
        zipfile.ZipFile(assigned / "autograder.zip").read(f"exercises/{LIBRARY}").decode() == listed
    )
    assert "civicdata/dates.py" in listed and "civicdata/data/" in listed
    assert check(student / "exercises", student) == []
    # A developer checkout has no hash list: changing the library is its purpose.
    assert not (REPO / "exercises" / LIBRARY).exists()
    assert check(REPO / "exercises", REPO) is None


def test_the_student_edition_warns_when_its_library_was_edited(assigned, tmp_path, cli):
    """`civicdata grade` in an edition whose civicdata/ was changed names the change.

    Run in this process (``--root`` the edition): the check reads the edition's files
    against its hash list, whichever process reads them; the edition's own commands
    in a fresh process are the ``edition`` fixture's.
    """
    edition = tmp_path / "student"
    shutil.copytree(assigned / "student", edition, ignore=shutil.ignore_patterns(".venv"))
    with (edition / "civicdata/dates.py").open("a") as library:
        library.write("\n# solved here instead of in exercise.py\n")
    (edition / "civicdata/helper.py").write_text("ANSWER = 42\n")
    results = tmp_path / "results.json"
    code, table, _ = cli("--root", str(edition), "grade", "01", "--results", str(results))
    assert code == 1  # the stub fails its checks
    assert table.startswith("!! WARNING: you edited civicdata/"), table
    assert "edited civicdata/dates.py; added civicdata/helper.py" in table.replace("\n", " ")
    output = json.loads(results.read_text())["output"]
    assert output.startswith("WARNING: you edited civicdata/ (edited civicdata/dates.py")
    assert "only exercise files are graded; the autograder uses the released library" in output


# --- the student edition's own commands ----------------------------------------------


@pytest.mark.skipif(UV is None, reason="uv is not installed")
@pytest.mark.xdist_group("assign-edition")
def test_every_command_the_student_edition_gives_works_there(edition):
    """`uv run ...` as the edition's README and site say, in a copy with its own .venv."""
    folder = edition["folder"]
    public = sum(t.points for e in MANIFEST.exercises for t in e.public_tasks)
    grade = edition["grade"]
    assert grade.returncode == 1 and f"Score 0/{public}" in grade.stdout, grade.stderr
    assert "you edited" not in grade.stdout  # uv's own files never count as library edits
    readme = (folder / "README.md").read_text()
    assert "uv run pytest" in readme and "uv run civicdata hint 03" in readme
    tests = edition["pytest"]
    assert tests.returncode == 1, tests.stdout + tests.stderr  # checks ran, and failed on stubs
    assert "pytest_plugins" not in tests.stdout + tests.stderr
    assert "error" not in tests.stdout.splitlines()[-1] or "failed" in tests.stdout.splitlines()[-1]
    # One pytest process (see test_the_student_edition_has_public_checks_only).
    assert "bringing up nodes" not in tests.stdout + tests.stderr
    for command in ("validate", "stats"):
        ran = edition[command]
        assert ran.returncode == 0, (command, ran.stdout, ran.stderr)
    hint = edition["hint"]
    assert hint.returncode == 0 and "hint 1 of" in hint.stdout, hint.stderr
    solutions = edition["solutions"]
    assert solutions.returncode == 2 and "no reference solution" in solutions.stderr
    site, built = edition["site"], edition["mkdocs"]
    assert built.returncode == 0, built.stdout + built.stderr
    assert (site / "exercises" / "index.html").is_file()
    # The instructors' page (where hidden checks are, grading --solutions) stays with instructors.
    assert not (site / "instructors").exists()
    shown = " ".join(p.read_text(encoding="utf-8") for p in site.rglob("*.html"))
    assert "--solutions" not in shown and "_hidden.py" not in shown
    # The edition's lock still fits its pyproject: uv ran it as shipped, relocking nothing.
    assert (folder / "uv.lock").read_bytes() == (REPO / "uv.lock").read_bytes()


def test_the_student_editions_manifest_names_no_solution(assigned):
    text = (assigned / "student" / "exercises" / "manifest.yaml").read_text()
    assert "solution" not in text
    assert all(e.solution is None for e in load_manifest(Project(assigned / "student")).exercises)
    packaged = zipfile.ZipFile(assigned / "autograder.zip").read("exercises/manifest.yaml")
    assert b"solution" not in packaged


# --- the versions setup.sh installs --------------------------------------------------


def test_the_zip_pins_exactly_uv_locks_versions(assigned):
    archive = zipfile.ZipFile(assigned / "autograder.zip")
    pinned: dict[str, str] = {}
    for line in archive.read("requirements.txt").decode().splitlines():
        if line and not line.startswith("#"):
            requirement, _, _marker = line.partition(" ; ")
            name, equals, version = requirement.partition("==")
            assert equals and version, line  # every line an exact pin
            pinned[name] = version
    locked: dict[str, set[str]] = {}
    for package in tomllib.loads((REPO / "uv.lock").read_text())["package"]:
        locked.setdefault(package["name"], set()).add(package["version"])
    assert {"pydantic", "pyyaml", "pytest"} <= set(pinned)
    assert all(version in locked[name] for name, version in pinned.items()), pinned
    if UV is not None:  # the same set uv itself exports from the lock
        export = ["export", "--frozen", "--no-default-groups", "--extra", "grade"]
        export += ["--no-hashes", "--no-emit-project", "--no-header", "--no-annotate"]
        exported = subprocess.run(
            [UV, *export],
            cwd=REPO,
            capture_output=True,
            text=True,
            check=True,
        ).stdout
        expected = {
            tuple(line.split(" ; ")[0].split("=="))
            for line in exported.splitlines()
            if "==" in line
        }
        assert set(pinned.items()) == expected
    setup = archive.read("setup.sh").decode()
    assert setup.count('-r "$requirements"') == 3 and "@DEPENDENCIES@" not in setup


# --- results.json as Gradescope shows it ---------------------------------------------


def _gradescope_view(data: dict, after_due_date: bool) -> tuple[list[dict], float | None]:
    """The tests and the total a student sees, per Gradescope's results.json specification.

    A test is shown if its visibility is `visible`, or `after_due_date` once the due
    date passed; while any test is hidden from the student, the total score is not
    shown (tests with `hidden` visibility do not count: they carry no points). The
    total, when shown, is the top-level `score` (it overrides the tests' sum).
    """
    default = data.get("visibility", "visible")
    shown, withheld = [], False
    for test in data["tests"]:
        visibility = test.get("visibility", default)
        if visibility == "visible" or (after_due_date and visibility == "after_due_date"):
            shown.append(test)
        elif visibility != "hidden":
            withheld = True
    return shown, None if withheld else data["score"]


@pytest.mark.parametrize("name", ["solutions", "stubs", "flat", "regrade"])
@pytest.mark.xdist_group("assign-gradescope")
def test_results_totals_match_what_gradescope_shows(gradescope_runs, name):
    data = gradescope_runs[name]
    points = {(e.id, t.id): t.points for e in MANIFEST.exercises for t in e.tasks}
    hidden = {(e.id, t.id) for e in MANIFEST.exercises for t in e.tasks if t.hidden}
    assert [tuple(t["tags"]) for t in data["tests"]] == list(points)
    assert all(t["max_score"] == points[tuple(t["tags"])] for t in data["tests"])
    assert {
        tuple(t["tags"]) for t in data["tests"] if t["visibility"] == "after_due_date"
    } == hidden
    assert {t["visibility"] for t in data["tests"]} <= {"visible", "after_due_date"}
    assert data["score"] == sum(t["score"] for t in data["tests"])
    assert data["max_score"] == sum(points.values())

    before, total = _gradescope_view(data, after_due_date=False)
    assert total is None  # hidden tasks exist: no total before the due date
    seen, seen_max = sum(t["score"] for t in before), sum(t["max_score"] for t in before)
    assert f"Visible checks: Score {seen}/{seen_max}" in data["output"]
    assert f"Score {seen}/{seen_max}" in data["_stdout"]  # the table students see
    for text in (data["output"], data["_stdout"]):  # never the total with hidden tasks in it
        assert f"{data['score']}/{data['max_score']}" not in text

    after, total = _gradescope_view(data, after_due_date=True)
    assert after == data["tests"] and total == sum(t["score"] for t in after)


@pytest.mark.parametrize("python_is_recent", [True, False])
def test_setup_sh_installs_the_requirements_file(assigned, tmp_path, python_is_recent):
    """setup.sh as Gradescope runs it, with a python3 that logs what it is asked to do."""
    source = tmp_path / "source"
    with zipfile.ZipFile(assigned / "autograder.zip") as archive:
        archive.extract("setup.sh", source)
        archive.extract("requirements.txt", source)
    log = tmp_path / "calls.log"
    fake = tmp_path / "bin"
    fake.mkdir()
    (fake / "python3").write_text(
        "#!/usr/bin/env bash\n"
        f'echo "$*" >> {log}\n'
        f'if [ "$1" = "-c" ]; then exit {0 if python_is_recent else 1}; fi\n'
    )
    (fake / "python3").chmod(0o755)
    completed = subprocess.run(
        ["bash", str(source / "setup.sh")],
        capture_output=True,
        text=True,
        check=False,
        env={
            **os.environ,
            "AUTOGRADER_ROOT": str(tmp_path),
            "PATH": f"{fake}:{os.environ['PATH']}",
        },
    )
    assert completed.returncode == 0, completed.stderr
    calls = log.read_text().splitlines()
    requirements = str(source / "requirements.txt")
    if python_is_recent:
        assert calls[1:] == [f"-m pip install --break-system-packages -r {requirements}"]
    else:
        assert calls[-2:] == [
            f"-m uv venv --python 3.11 {tmp_path}/venv",
            f"-m uv pip install --python {tmp_path}/venv/bin/python -r {requirements}",
        ]
    assert not any("pydantic" in call or "pyyaml" in call for call in calls)  # never unpinned


def test_a_submitted_name_reaches_the_output_escaped(tmp_path):
    """A link named with a terminal escape is named, escaped, never written raw."""
    from civicdata.grading.gradescope import take

    submission = tmp_path / "submission"
    submission.mkdir()
    (submission / "03_partial_dates.py").symlink_to(_solution("03"))
    (submission / "\x1b[2Kevil").symlink_to(tmp_path)
    work = tmp_path / "work"
    copy_exercises(work)
    intake = take(submission, load_manifest(Project(work)))
    assert intake.taken == {}
    assert "03_partial_dates.py: a symbolic link, not followed" in intake.refused
    assert not any("\x1b" in why for why in intake.refused)
    assert any("evil: a symbolic link" in why for why in intake.refused)


def test_the_grader_writes_its_own_failure_result(tmp_path, monkeypatch, capsys):
    """Whatever fails inside the grader, the grader (root on Gradescope) writes the result.

    Its ``main`` runs in this process, from ``source/`` as run_autograder starts it
    (run_autograder's own fallback, for a grader that cannot start, is tested above).
    """
    from civicdata.grading import gradescope

    (tmp_path / "source").mkdir()  # no exercises to grade: the grader fails inside
    monkeypatch.chdir(tmp_path / "source")
    assert gradescope.main(["--autograder-root", str(tmp_path)]) == 0
    assert "Traceback" in capsys.readouterr().err  # for the instructor, in the run's log
    data = json.loads((tmp_path / "results" / "results.json").read_text())
    assert data["score"] == 0 and data["tests"] == []
    assert data["output"].startswith("The autograder failed (") and "Error" in data["output"]
