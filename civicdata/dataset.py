"""The in-memory dataset every consumer shares: loaded once, indexed by id."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from .checks import Loaded
from .models import MODELS
from .models.base import Record
from .problems import Problem, format_text
from .project import Project
from .validate import validate


class DatasetError(Exception):
    """The dataset has problems; ``problems`` lists them, located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(format_text(p) for p in problems[:10])
        more = f"\n… and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(f"the dataset has {len(problems)} problem(s):\n{shown}{more}")


class Dataset:
    """Validated records by kind and by id."""

    def __init__(self, loaded: list[Loaded], project: Project) -> None:
        self.project = project
        self._loaded = {item.record.id: item for item in loaded}
        self.by_kind: dict[str, list[Record]] = {kind: [] for kind in MODELS}
        for item in loaded:
            self.by_kind[item.kind].append(item.record)

    def __len__(self) -> int:
        return len(self._loaded)

    def __iter__(self) -> Iterator[Record]:
        return (item.record for item in self._loaded.values())

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._loaded

    def get(self, record_id: str) -> Record:
        """The record with this id; KeyError if there is none."""
        return self._loaded[record_id].record

    def kind_of(self, record_id: str) -> str:
        return self._loaded[record_id].kind

    def path_of(self, record_id: str) -> Path:
        return self._loaded[record_id].path


def load(root: Path | str | None = None) -> Dataset:
    """Load and validate the dataset of the checkout at ``root`` (default: found from cwd)."""
    project = Project(Path(root).resolve()) if root is not None else Project.find()
    report = validate(project)
    if not report.ok:
        raise DatasetError(report.problems)
    return Dataset(report.loaded, project)
