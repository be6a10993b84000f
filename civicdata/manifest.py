"""The exercise manifest (``exercises/manifest.yaml``) as plain data.

Exercises, their tasks, points, objectives and hint ladders: what the grader
scores and what the site's exercise pages show. It sits in the core, below
both, because the site may not import the grader (ARCHITECTURE.md, Layers).
It holds no solution and no check: the manifest names the reference
solution's file, and only the grader (``civicdata.grading``) ever opens it.
``civicdata.grading.manifest`` extends :class:`Manifest` with the digests of
the stubs as shipped.
"""

from __future__ import annotations

from functools import cached_property
from pathlib import Path
from typing import Literal, Self

from pydantic import BaseModel, ConfigDict, Field, model_validator

from .project import Project
from .strict_yaml import load as load_yaml

MANIFEST = "manifest.yaml"


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
    answers: Literal["code", "strings"] = Field(
        default="code",
        description="`strings`: the student file's answers are its top-level string "
        "literals (SQL queries), read by the grader as data and never run as Python, so "
        "nothing the file does reaches the code that runs them.",
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

    @classmethod
    def load(cls, project: Project | None = None) -> Self:
        """The manifest of ``project`` (found from the working directory if None)."""
        root = exercises_dir(project or Project.find())
        data = load_yaml(root / MANIFEST)
        return cls.model_validate({**data, "root": root})


def exercises_dir(project: Project) -> Path:
    return project.exercises_dir


def load_manifest(project: Project | None = None) -> Manifest:
    return Manifest.load(project)
