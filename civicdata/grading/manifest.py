"""The exercise manifest: the single source of exercises, tasks, points and hints.

Every declared task counts toward the maximum score, whether or not its test
ran: a student whose file does not even import still sees every task, each
scored 0 with the reason.
"""

from __future__ import annotations

import hashlib
from functools import cached_property
from pathlib import Path

from .. import manifest as plain
from ..errors import UsageError
from ..manifest import MANIFEST, Exercise, Task, exercises_dir
from ..project import Project
from .library import read_hash_list

__all__ = ["MANIFEST", "STUBS", "Exercise", "Manifest", "Task", "exercises_dir", "load_manifest"]
STUBS = "stubs.sha256"  # the stubs as shipped: `sha256sum -c` format


class Manifest(plain.Manifest):
    """The manifest as the grader reads it: the plain data (``civicdata.manifest``)
    and the digests of the stubs as shipped."""

    def solution_path(self, exercise: Exercise) -> Path:
        """The reference solution's file or folder; a student edition names none."""
        if exercise.solution is None:
            raise UsageError(
                f"{exercise.id}: no reference solution here (a student edition ships none)"
            )
        return self.folder(exercise) / exercise.solution

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


def load_manifest(project: Project | None = None) -> Manifest:
    return Manifest.load(project)
