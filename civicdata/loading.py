"""``load()``: the validated dataset of a checkout, built once and reused.

This module sits above :mod:`civicdata.validate` in the layers: it runs the
validator and hands back the :class:`~civicdata.dataset.Dataset` the checks
ran on. The index itself (:mod:`civicdata.dataset`) never imports the
validator, so no import has to hide inside a function to break a circle.
"""

from __future__ import annotations

from pathlib import Path

from .dataset import Dataset
from .errors import CivicdataError
from .problems import Problem, format_text
from .project import Project
from .record_files import scan
from .validate import validate


class DatasetError(CivicdataError):
    """The dataset has problems; ``problems`` lists them, located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(format_text(p) for p in problems[:10])
        more = f"\n… and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(f"the dataset has {len(problems)} problem(s):\n{shown}{more}")


_CACHE: dict[Path, tuple[tuple[tuple[str, int, int], ...], Dataset]] = {}


def _fingerprint(project: Project) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times: cheap, and changes when any file does."""
    files = [entry.path for entry in scan(project.data_dir)]
    files += sorted(project.seeds_dir.glob("*.txt"))
    stamps = []
    for path in files:
        try:  # lstat: a dangling link is a problem validate reports, not a crash
            info = path.lstat()
        except OSError:
            continue
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamps)


def load(root: Path | str | Project | None = None) -> Dataset:
    """The validated dataset of the checkout at ``root`` (default: found from cwd).

    ``root`` may also be a :class:`Project`, e.g. the installed package's dataset.

    Loaded once per checkout and reused until a record or seed file changes,
    so every caller in a process shares one ``Dataset``. Raises
    :class:`DatasetError` listing the problems if the dataset is invalid.
    """
    if isinstance(root, Project):
        project = root
    else:
        project = Project(Path(root).resolve()) if root is not None else Project.find()
    fingerprint = _fingerprint(project)
    cached = _CACHE.get(project.root)
    if cached and cached[0] == fingerprint:
        return cached[1]
    report = validate(project)
    if not report.ok or report.dataset is None:
        raise DatasetError(report.problems)
    dataset = report.dataset
    _CACHE[project.root] = (fingerprint, dataset)
    return dataset
