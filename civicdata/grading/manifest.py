"""The exercise manifest: the single source of exercises, tasks, points and hints.

Every declared task counts toward the maximum score, whether or not its test
ran: a student whose file does not even import still sees every task, each
scored 0 with the reason.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path

from pydantic import BaseModel, ConfigDict, Field, model_validator

from ..errors import UsageError
from ..project import Project
from ..strict_yaml import load as load_yaml
from .library import read_hash_list

MANIFEST = "manifest.yaml"
STUBS = "stubs.sha256"  # the stubs as shipped: `sha256sum -c` format


class _Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Task(_Strict):
    id: str = Field(pattern=r"^[a-z0-9_]+$", description="Matches @pytest.mark.task(id).")
    title: str
    points: int = Field(ge=1)
    hidden: bool = Field(
        default=False,
        description="Graded by the autograder only: left out of the student edition, "
        "shown in Gradescope after the due date (as otter's hidden tests).",
    )

    @property
    def visibility(self) -> str:
        """Gradescope's ``visibility`` for this task's result."""
        return "after_due_date" if self.hidden else "visible"


class Exercise(_Strict):
    id: str = Field(pattern=r"^\d\d_[a-z0-9_]+$", description="The exercise's folder name.")
    title: str
    minutes: int = Field(ge=1, description="Time estimate.")
    objectives: list[str] = Field(min_length=1)
    student: str = Field(description="The file students edit, relative to the folder.")
    solution: str | None = Field(
        default=None,
        description="The reference solution, relative to the folder. A student edition "
        "(`civicdata assign`) names none: it holds no solution to name.",
    )
    tasks: list[Task] = Field(min_length=1)
    timeout: float | None = Field(
        default=None,
        gt=0,
        description="Seconds each graded call (and the import) may take, if more than 10.",
    )
    hints: list[str] = Field(
        min_length=1, description="A ladder: from a nudge to nearly the answer."
    )

    @model_validator(mode="after")
    def _unique_tasks(self) -> Exercise:
        ids = [task.id for task in self.tasks]
        if len(set(ids)) != len(ids):
            raise ValueError(f"{self.id}: task ids repeat")
        return self

    @property
    def number(self) -> str:
        return self.id[:2]

    @property
    def is_python(self) -> bool:
        return self.student.endswith(".py")

    @property
    def upload_name(self) -> str:
        """The file name a flat Gradescope upload uses for this exercise, unique per exercise."""
        return f"{self.id}.py" if self.is_python else Path(self.student).name

    @property
    def public_tasks(self) -> list[Task]:
        return [task for task in self.tasks if not task.hidden]

    @property
    def max_score(self) -> int:
        return sum(task.points for task in self.tasks)


class Manifest(_Strict):
    exercises: list[Exercise]
    root: Path = Field(exclude=True)

    @cached_property
    def by_id(self) -> dict[str, Exercise]:
        return {exercise.id: exercise for exercise in self.exercises}

    def folder(self, exercise: Exercise) -> Path:
        return self.root / exercise.id

    def solution_path(self, exercise: Exercise) -> Path:
        """The reference solution's file or folder; a student edition names none."""
        if exercise.solution is None:
            raise UsageError(
                f"{exercise.id}: no reference solution here (a student edition ships none)"
            )
        return self.folder(exercise) / exercise.solution

    def find(self, name: str) -> Exercise:
        """An exercise by folder name, number (``3``, ``03``) or unique prefix."""
        if name in self.by_id:
            return self.by_id[name]
        if name.isdigit():
            name = f"{int(name):02d}"
        matches = [e for e in self.exercises if e.id.startswith(name)]
        if len(matches) != 1:
            known = ", ".join(e.id for e in self.exercises)
            raise KeyError(f"no single exercise matches {name!r}; exercises: {known}")
        return matches[0]

    # --- the stubs as shipped -------------------------------------------------------
    # A student solves exercises in place, so the project's own checks of the stubs
    # (every stub fails every task; the site shows the stub) must know whether a
    # file is still the stub that was shipped. The digests in stubs.sha256 say so.

    def stub_digest(self, exercise: Exercise) -> str:
        """sha256 of the student file, or of a student folder's files (names and bytes)."""
        path = self.folder(exercise) / exercise.student
        digest = hashlib.sha256()
        if path.is_dir():
            for file in sorted(p for p in path.rglob("*") if p.is_file() and p.name != ".gitkeep"):
                digest.update(file.relative_to(path).as_posix().encode() + b"\0")
                digest.update(file.read_bytes() + b"\0")
        elif path.is_file():
            digest.update(path.read_bytes())
        return digest.hexdigest()

    @cached_property
    def shipped_stubs(self) -> dict[str, str]:
        """Exercise id -> the digest of its stub as shipped (from stubs.sha256)."""
        listed = read_hash_list(self.root / STUBS) or {}
        return {Path(name).parts[0]: digest for name, digest in listed.items()}

    def is_shipped_stub(self, exercise: Exercise) -> bool:
        """Whether the student file is still the stub as shipped (not solved in place)."""
        return self.shipped_stubs.get(exercise.id) == self.stub_digest(exercise)

    def stubs_file(self) -> str:
        """stubs.sha256's text for the current student files (after editing a stub)."""
        return "".join(f"{self.stub_digest(e)}  {e.id}/{e.student}\n" for e in self.exercises)


def exercises_dir(project: Project) -> Path:
    return project.exercises_dir


def load_manifest(project: Project | None = None) -> Manifest:
    root = exercises_dir(project or Project.find())
    data = load_yaml(root / MANIFEST)
    return Manifest.model_validate({**data, "root": root})
