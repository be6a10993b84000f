"""Validate records: strict YAML, then the models, then cross-record checks.

This is the one loader: the CLI, ``civicdata.load()``, the site and the
grader all come through :func:`validate`.
"""

from __future__ import annotations

import gc
from collections import defaultdict
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .checks import Index, Loaded, privacy_in_pages, run_checks
from .corpus import Corpus
from .locate import locate
from .model_errors import closest, problems_from
from .models import MODELS
from .problems import Problem
from .project import Project
from .strict_yaml import YamlProblem, load, read_text
from .walk import Links

RECORD_SUFFIX = ".yaml"
_IRREGULAR_PLURALS = {"people": "person", "persons": "person", "policies": "policy"}


@dataclass
class Report:
    """What a validation run found."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    loaded: list[Loaded] = field(default_factory=list)
    invalid_ids: dict[str, str] = field(default_factory=dict)
    links: dict[str, Links] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def dataset_files(project: Project) -> list[Path]:
    """Every record file of the dataset as an absolute path, in a stable order."""
    return sorted(project.data_dir.resolve().glob(f"*/*{RECORD_SUFFIX}"), key=str)


def _expand(paths: Iterable[Path]) -> list[Path]:
    files: list[Path] = []
    for path in paths:
        if path.is_dir():
            files.extend(sorted(path.rglob(f"*{RECORD_SUFFIX}")))
            files.extend(sorted(path.rglob("*.yml")))
        else:
            files.append(path)
    return files


def load_record(path: Path) -> tuple[Loaded | None, list[Problem]]:
    """One file to one validated record, or the problems that stop it."""
    kind = path.parent.name
    if path.suffix != RECORD_SUFFIX:
        return None, [
            Problem(
                path,
                f"record files end in `{RECORD_SUFFIX}`",
                f"rename it to `{path.stem}{RECORD_SUFFIX}`",
                line=1,
                column=1,
            )
        ]
    model = MODELS.get(kind)
    if model is None:
        guess = _IRREGULAR_PLURALS.get(kind) or closest(kind.removesuffix("s"), list(MODELS))
        return None, [
            Problem(
                path,
                f"`{kind}/` is not a record folder; records live in civicdata/data/<kind>/",
                f"did you mean `{guess}/`?" if guess else f"kinds: {', '.join(MODELS)}",
                line=1,
                column=1,
            )
        ]
    if not path.is_file():
        return None, [Problem(path, "no such file", line=1, column=1)]
    try:
        data = load(path)
    except YamlProblem as problem:
        return None, [
            Problem(path, problem.message, problem.hint, line=problem.line, column=problem.column)
        ]
    except OSError as error:
        return None, [Problem(path, f"cannot read the file: {error.strerror}", line=1, column=1)]
    problems: list[Problem] = []
    record_id = data.get("id")
    if isinstance(record_id, str) and record_id != path.stem:
        problems.append(
            Problem(
                path,
                f"id `{record_id}` does not match the file name `{path.name}`",
                f"rename the file to `{record_id}{RECORD_SUFFIX}` or set `id: {path.stem}`",
                ("id",),
            )
        )
    try:
        record = model.model_validate(data)
    except ValidationError as error:
        return None, problems + problems_from(model, error, path)
    return (None if problems else Loaded(kind, path, record)), problems


def _locate_all(problems: list[Problem]) -> None:
    by_path: dict[Path, list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.line is None:
            by_path[problem.path].append(problem)
    for path, found in by_path.items():
        try:
            text = read_text(path)
        except (OSError, YamlProblem):
            text = ""
        for problem in found:
            problem.line, problem.column = locate(text, problem.loc, problem.target)


@contextmanager
def gc_paused() -> Iterator[None]:
    """Keep the cyclic garbage collector off while records pile up.

    Loading builds hundreds of thousands of small, acyclic objects that all
    stay alive. With the collector on, each pass re-scans them (10,000
    records took 40% longer than 10 x 1,000); switching it back on afterwards
    costs one more full scan of everything just built. So the collector is
    paused, and what exists at the end is frozen (``gc.freeze``: left out of
    later collections) before it is switched back on. Reference counting
    still frees every object the moment it is no longer used; freezing only
    means a reference cycle among these objects would never be collected,
    and records hold no cycles.
    """
    was_enabled = gc.isenabled()
    gc.disable()
    try:
        yield
    finally:
        if was_enabled:
            gc.freeze()
            gc.enable()


def validate(project: Project, paths: Iterable[Path] | None = None) -> Report:
    """Validate the whole dataset, reporting problems only for ``paths`` if given.

    Records outside ``paths`` are still loaded, because references and
    duplicate ids can only be checked against the whole dataset.
    """
    with gc_paused():
        return _validate(project, paths)


def _validate(project: Project, paths: Iterable[Path] | None) -> Report:
    """The pipeline itself; see :func:`validate`."""
    every = dataset_files(project)
    wanted = [p.resolve() for p in _expand(paths)] if paths is not None else every
    report = Report(files_checked=len(wanted))
    known = set(every)
    for path in dict.fromkeys([*every, *wanted]):
        if path not in known and not path.exists():
            report.problems.append(Problem(path, "no such file", line=1, column=1))
            continue
        loaded, problems = load_record(path)
        report.problems.extend(problems)
        if loaded:
            report.loaded.append(loaded)
        elif path.parent.name in MODELS:
            report.invalid_ids.setdefault(path.stem, path.parent.name)
    index = Index(report.loaded, Corpus(project.seeds_dir), report.invalid_ids)
    report.problems.extend(run_checks(index))
    if paths is None and project.is_checkout(project.root):
        # A whole-dataset run also checks the pages that write about the records.
        pages = sorted((project.root / "docs").glob("**/*.md"))
        report.problems.extend(privacy_in_pages(index, pages))
        wanted.extend(page.resolve() for page in pages)
    # The checks walked every record; keep the walk for the Dataset's indexes.
    report.links = {item.record.id: index.links(item) for item in report.loaded}
    wanted_set = set(wanted)
    report.problems = [p for p in report.problems if p.path in wanted_set]
    _locate_all(report.problems)
    report.problems.sort(key=Problem.sort_key)
    return report
