"""`civicdata assign OUT`: the student edition and the Gradescope autograder (as ``otter assign``).

``OUT/student/`` is a repository a course can publish as a template: the
package, dataset, seeds, docs, exercises with their stubs, READMEs and
hints, and the public checks. It holds no reference solution, no known-wrong
answer, no hidden check and no manifest entry of a hidden task.

``OUT/autograder.zip`` is Gradescope's layout: ``setup.sh`` and
``run_autograder`` at its root and the grader in ``source/``, with public
and hidden checks but no reference solution either (the checks compute what
they expect from the dataset; nothing in the container can hand a student
the answers).

Both carry ``exercises/library.sha256``, the hash list of the ``civicdata/``
package as released (:mod:`civicdata.grading.library`): ``civicdata grade``
in the edition and the autograder say loudly when a student edited the
library instead of an exercise file. Neither manifest names a solution. The
zip's ``requirements.txt`` pins the exact versions of ``uv.lock``
(:mod:`civicdata.grading.lock`), which ``setup.sh`` installs. The edition's
``pyproject.toml`` points pytest at ``exercises/``, so ``uv run pytest``
runs the public checks there.
"""

from __future__ import annotations

import ast
import os
import re
import shutil
import stat
import tomllib
import zipfile
from collections.abc import Iterable
from pathlib import Path

from ..errors import UsageError
from ..project import Project
from .library import LIBRARY, hash_list
from .lock import REQUIREMENTS, LockError, locked_requirements
from .manifest import MANIFEST, STUBS, Exercise, Manifest, load_manifest

MARKER = ".civicdata-assign"
TEMPLATES = Path(__file__).resolve().parent / "autograder"
# What a student edition holds, from the checkout's top level.
STUDENT_TOP = [
    "civicdata",
    "seeds",
    "schemas",
    "docs",
    "docs_src",
    "mkdocs.yml",
    "pyproject.toml",
    "uv.lock",
    ".gitignore",
    "CONTRIBUTING.md",
]
AUTOGRADER_TOP = ["civicdata", "seeds", "schemas", "pyproject.toml"]
NEVER = shutil.ignore_patterns(
    "__pycache__", "*.pyc", ".pytest_cache", ".ruff_cache", ".venv", ".civicdata"
)


class AssignError(UsageError):
    """Why ``assign`` refused to write (exit 2)."""


def marked_tasks(test_file: Path) -> set[str]:
    """The task ids a test file's ``@pytest.mark.task(...)`` markers name."""
    tasks: set[str] = set()
    for node in ast.walk(ast.parse(test_file.read_text(encoding="utf-8"))):
        if (
            isinstance(node, ast.Call)
            and isinstance(node.func, ast.Attribute)
            and node.func.attr == "task"
            and node.args
            and isinstance(node.args[0], ast.Constant)
            and isinstance(node.args[0].value, str)  # a task id is text
        ):
            tasks.add(node.args[0].value)
    return tasks


def hidden_test_files(manifest: Manifest, exercise: Exercise) -> list[Path]:
    """Test files that check hidden tasks only; a file may not mix the two."""
    hidden = {task.id for task in exercise.tasks if task.hidden}
    found = []
    for test_file in sorted(manifest.folder(exercise).glob("test_*.py")):
        tasks = marked_tasks(test_file)
        if tasks and tasks <= hidden:
            found.append(test_file)
        elif tasks & hidden:
            raise AssignError(
                f"{test_file}: checks public and hidden tasks together; "
                "put the hidden ones in a file of their own"
            )
    return found


def _instructor_only(manifest: Manifest, exercise: Exercise) -> set[Path]:
    """Reference solutions and known-wrong answers: never copied anywhere."""
    folder = manifest.folder(exercise)
    skip = {(folder / "wrong").resolve()}
    if exercise.solution is not None:
        # A solution folder (``solution/records``) is left out from its top folder down.
        top = folder / Path(exercise.solution).parts[0]
        skip |= {(folder / exercise.solution).resolve(), top.resolve()}
    return skip


def _released_manifest(text: str, with_hidden: bool) -> str:
    """The manifest's text as released: no ``solution:`` line, no hidden task for students."""
    kept = []
    for line in text.splitlines(True):
        if line.lstrip().startswith("solution:"):
            continue  # the released copies hold no solution to name
        if not with_hidden and "hidden: true" in line:
            continue
        kept.append(line)
    return "".join(kept)


def _copy_exercises(manifest: Manifest, target: Path, with_hidden: bool) -> None:
    target.mkdir(parents=True)
    for name in ("conftest.py",):
        if (manifest.root / name).is_file():
            shutil.copy2(manifest.root / name, target / name)
    for exercise in manifest.exercises:
        folder = manifest.folder(exercise)
        skip = _instructor_only(manifest, exercise)
        if not with_hidden:
            skip |= {path.resolve() for path in hidden_test_files(manifest, exercise)}

        def ignore(directory: str, names: list[str], skip: set[Path] = skip) -> set[str]:
            left_out = set(NEVER(directory, names))
            return left_out | {n for n in names if (Path(directory) / n).resolve() in skip}

        shutil.copytree(folder, target / exercise.id, ignore=ignore)
        student = target / exercise.id / exercise.student
        if not student.exists() and not exercise.is_python:
            student.mkdir(parents=True)  # an empty folder to add records to
    text = (manifest.root / MANIFEST).read_text(encoding="utf-8")
    (target / MANIFEST).write_text(_released_manifest(text, with_hidden), encoding="utf-8")
    edited = load_manifest(Project(target.parent))
    if not with_hidden and any(task.hidden for e in edited.exercises for task in e.tasks):
        raise AssignError("write each hidden task on one line: {id: ..., hidden: true}")
    if any(e.solution is not None for e in edited.exercises):
        raise AssignError("write each exercise's `solution:` on a line of its own")
    if [t.id for e in edited.exercises for t in e.tasks if not t.hidden] != [
        t.id for e in manifest.exercises for t in e.tasks if not t.hidden
    ]:
        raise AssignError("the released manifest lost a public task; check exercises/manifest.yaml")


def _copy_top(root: Path, names: Iterable[str], target: Path) -> None:
    for name in names:
        source = root / name
        if source.is_dir():
            shutil.copytree(source, target / name, ignore=NEVER)
        elif source.is_file():
            shutil.copy2(source, target / name)


INSTRUCTORS_PAGE = "instructors.md"


def _drop_instructors_page(student: Path) -> None:
    """The student edition's site leaves out the instructors' page.

    It tells where hidden checks are and how to grade the reference
    solutions, neither of which a student's copy has; its nav entry goes too,
    so the edition's ``mkdocs build --strict`` still passes.
    """
    (student / "docs" / INSTRUCTORS_PAGE).unlink(missing_ok=True)
    config = student / "mkdocs.yml"
    lines = config.read_text(encoding="utf-8").splitlines(keepends=True)
    kept = [line for line in lines if not line.rstrip().endswith(f": {INSTRUCTORS_PAGE}")]
    config.write_text("".join(kept), encoding="utf-8")


def _prepare(out: Path) -> None:
    if out.exists() and not out.is_dir():
        raise AssignError(f"{out} exists and is not a folder")
    if out.is_dir() and any(out.iterdir()):
        if not (out / MARKER).is_file():
            raise AssignError(
                f"{out} is not empty and was not made by `civicdata assign`; "
                "choose an empty or new folder"
            )
        for made in ("student", "autograder.zip", "autograder"):
            path = out / made
            if path.is_dir():
                shutil.rmtree(path)
            elif path.exists():
                path.unlink()
    out.mkdir(parents=True, exist_ok=True)
    (out / MARKER).write_text("made by `civicdata assign`; it may replace this folder's contents\n")


def student_readme(manifest: Manifest) -> str:
    lines = [
        "# civicdata exercises",
        "",
        "Cited, validated records about Philadelphia's District Attorney, sanctuary",
        "policies and ICE's access to PARS, and graded exercises on them.",
        "",
        "```console",
        "uv run civicdata grade          # a score table of every task",
        "uv run civicdata grade 03       # one exercise",
        "uv run civicdata hint 03        # one more hint each time",
        "uv run pytest                   # the same public checks, in pytest's words",
        "uv run mkdocs serve             # the chapters and exercises at http://127.0.0.1:8000",
        "```",
        "",
        "Each exercise's folder under `exercises/` has a README and the file you edit:",
        "",
    ]
    for exercise in manifest.exercises:
        student = f"exercises/{exercise.id}/{exercise.student}"
        lines.append(f"- {exercise.id}: {exercise.title} (`{student}`)")
    lines += [
        "",
        "Your course may grade more cases than the checks here (hidden checks), so",
        "make your code right, not only these tests green.",
        "",
    ]
    return "\n".join(lines)


# pytest-xdist's options in ``addopts`` (the checkout's suite runs in parallel).
XDIST_OPTIONS = re.compile(r"(?:^|\s+)(?:-n|--numprocesses|--dist)(?:=|\s+)\S+")
ADDOPTS = re.compile(r'(?m)^(addopts\s*=\s*")([^"\n]*)(")')


def _student_pyproject(student: Path) -> None:
    """``uv run pytest`` in the edition runs the exercises' checks (it has no tests/).

    The grading plugin is loaded by ``exercises/conftest.py``; pytest accepts that
    only from a conftest it reads before collecting, as it does for a testpath. The
    checkout's pytest-xdist options are left out: the plugin runs every exercise's
    children in each pytest process, so under ``-n auto`` each worker graded every
    exercise again (once per CPU of the student's machine) for a run of seconds.
    """
    path = student / "pyproject.toml"
    text = path.read_text(encoding="utf-8")
    edited = text.replace('testpaths = ["tests"]', 'testpaths = ["exercises"]', 1)
    edited = ADDOPTS.sub(
        lambda found: found[1] + XDIST_OPTIONS.sub("", found[2]).strip() + found[3], edited, 1
    )
    options = tomllib.loads(edited).get("tool", {}).get("pytest", {}).get("ini_options", {})
    if options.get("testpaths") != ["exercises"]:
        raise AssignError(
            'pyproject.toml: expected `testpaths = ["tests"]` under [tool.pytest.ini_options], '
            "to point the student edition's pytest at exercises/"
        )
    if XDIST_OPTIONS.search(f" {options.get('addopts', '')}"):
        raise AssignError(
            "pyproject.toml: the pytest-xdist options in [tool.pytest.ini_options] addopts "
            'could not be left out (expected one line: addopts = "...")'
        )
    path.write_text(edited, encoding="utf-8")


def _zip(folder: Path, zip_path: Path) -> None:
    with zipfile.ZipFile(zip_path, "w", zipfile.ZIP_DEFLATED) as archive:
        for path in sorted(folder.rglob("*")):
            if path.is_file():
                info = zipfile.ZipInfo.from_file(path, path.relative_to(folder).as_posix())
                info.compress_type = zipfile.ZIP_DEFLATED
                archive.writestr(info, path.read_bytes())


def assign(project: Project, out: Path) -> tuple[Path, Path]:
    """Write ``OUT/student/`` and ``OUT/autograder.zip``; refuse a folder it did not make."""
    manifest = load_manifest(project)
    for exercise in manifest.exercises:
        hidden_test_files(manifest, exercise)  # refuse mixed files before writing anything
    changed = [e for e in manifest.exercises if not manifest.is_shipped_stub(e)]
    if changed:
        names = ", ".join(f"{e.id}/{e.student}" for e in changed)
        raise AssignError(
            f"{names}: not the stub recorded in exercises/{STUBS}. If it was solved in "
            "place, restore it (git checkout); if you changed the stub on purpose, run "
            "`civicdata assign --record-stubs`"
        )
    try:
        requirements = locked_requirements(project.root)
    except LockError as error:
        raise AssignError(str(error)) from None
    out = out.resolve()
    if project.root.resolve() in (out, *out.parents):
        raise AssignError(f"{out} is inside the checkout; choose a folder outside it")
    _prepare(out)
    student = out / "student"
    student.mkdir()
    _copy_top(project.root, STUDENT_TOP, student)
    _copy_exercises(manifest, student / "exercises", with_hidden=False)
    _drop_instructors_page(student)
    _student_pyproject(student)
    (student / "README.md").write_text(student_readme(load_manifest(Project(student))))
    released = hash_list(student)
    (student / "exercises" / LIBRARY).write_text(released, encoding="utf-8")

    # Gradescope unpacks the zip into /autograder/source: the package, the data and the
    # checks sit at the zip's root beside setup.sh and run_autograder.
    build = out / "autograder"
    source = build
    source.mkdir(parents=True)
    _copy_top(project.root, AUTOGRADER_TOP, source)
    _copy_exercises(manifest, source / "exercises", with_hidden=True)
    if hash_list(source) != released:
        raise AssignError("the autograder's civicdata/ differs from the student edition's")
    (source / "exercises" / LIBRARY).write_text(released, encoding="utf-8")
    (build / REQUIREMENTS).write_text(requirements, encoding="utf-8")
    for name in ("run_autograder", "setup.sh"):
        shutil.copyfile(TEMPLATES / name, build / name)
        mode = (build / name).stat().st_mode
        os.chmod(build / name, mode | stat.S_IXUSR | stat.S_IXGRP | stat.S_IXOTH)
    zip_path = out / "autograder.zip"
    _zip(build, zip_path)
    shutil.rmtree(build)
    return student, zip_path
