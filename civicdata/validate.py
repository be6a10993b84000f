"""Validate records: strict YAML, then the models, then cross-record checks.

This is the one loader: the CLI, ``civicdata.load()``, the site and the
grader all come through :func:`validate`.
"""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from pathlib import Path

from pydantic import ValidationError

from .checks import Index, privacy_in_pages, run_checks
from .corpus import Corpus
from .dataset import Dataset, Loaded
from .locate import locator
from .model_errors import problems_from
from .models import MODELS
from .problems import Problem
from .project import Project
from .record_files import (
    RECORD_SUFFIX,
    Entry,
    kind_problem,
    record_paths,
    refused,
    scan,
    select,
)
from .strict_yaml import YamlProblem, load, read_text


@dataclass
class Report:
    """What a validation run found."""

    problems: list[Problem] = field(default_factory=list)
    files_checked: int = 0
    loaded: list[Loaded] = field(default_factory=list)
    invalid_ids: dict[str, str] = field(default_factory=dict)
    dataset: Dataset | None = None  # the index the checks ran on; load() returns it

    @property
    def ok(self) -> bool:
        return not any(p.severity == "error" for p in self.problems)


def dataset_files(project: Project) -> list[Path]:
    """Every record file of the dataset as an absolute path, in a stable order."""
    return record_paths(project.data_dir)


def load_record(path: Path) -> tuple[Loaded | None, list[Problem]]:
    """One file (already let through by :mod:`civicdata.record_files`) to a record."""
    kind = path.parent.name
    if wrong_kind := kind_problem(path, kind):
        return None, [wrong_kind]
    model = MODELS[kind]
    try:
        data = load(path)
    except YamlProblem as problem:
        return None, [problem.at(path)]
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


MAX_PROBLEMS_PER_FILE = 50


def _cap(problems: list[Problem]) -> list[Problem]:
    """At most :data:`MAX_PROBLEMS_PER_FILE` per file, then one that counts the rest.

    A file with 20,000 broken references is one mistake repeated; listing
    each would bury every other file's problems (and take minutes to locate).
    """
    by_path: dict[Path, list[Problem]] = defaultdict(list)
    for problem in problems:
        by_path[problem.path].append(problem)
    kept: list[Problem] = []
    for path, found in by_path.items():
        kept.extend(found[:MAX_PROBLEMS_PER_FILE])
        rest = found[MAX_PROBLEMS_PER_FILE:]
        if rest:
            first = rest[0]
            kept.append(
                Problem(
                    path,
                    f"... and {len(rest):,} more problems in this file, not shown",
                    f"the next one: {first.message}; fix the ones above and validate again",
                    first.loc,
                    first.target,
                    first.line,
                    first.column,
                    count=len(rest),
                )
            )
    return kept


def _locate_all(problems: list[Problem]) -> None:
    """Give each problem a line and column, parsing each file once."""
    by_path: dict[Path, list[Problem]] = defaultdict(list)
    for problem in problems:
        if problem.line is None:
            by_path[problem.path].append(problem)
    for path, found in by_path.items():
        try:
            text = read_text(path)
        except (OSError, YamlProblem):
            text = ""
        find = locator(text)
        for problem in found:
            problem.line, problem.column = find(problem.loc, problem.target)


def validate(project: Project, paths: Iterable[Path] | None = None) -> Report:
    """Validate the whole dataset, reporting problems only for ``paths`` if given.

    Records outside ``paths`` are still loaded, because references and
    duplicate ids can only be checked against the whole dataset.
    """
    return _validate(project, paths)


def _validate(project: Project, paths: Iterable[Path] | None) -> Report:
    """The pipeline itself; see :func:`validate`."""
    entries = scan(project.data_dir)
    every = [entry.path for entry in entries if entry.problem is None]
    wanted = (
        entries
        if paths is None
        else select(project.root, project.data_dir, entries, [Path(p) for p in paths])
    )
    report = Report(files_checked=len(wanted))
    if not project.data_dir.is_dir():
        missing = Entry(
            project.data_dir,
            refused(project.data_dir, "no data folder here: not a civicdata checkout"),
        )
        wanted = [missing, *wanted]
    for entry in wanted:
        if entry.problem is not None:
            report.problems.append(entry.problem)
            if entry.kind in MODELS:  # references to it are not "unknown"
                report.invalid_ids.setdefault(entry.path.name.split(".")[0], entry.kind)
    records = [entry.path for entry in wanted if entry.problem is None]
    for path in dict.fromkeys([*every, *records]):
        loaded, problems = load_record(path)
        report.problems.extend(problems)
        if loaded:
            report.loaded.append(loaded)
        elif path.parent.name in MODELS:
            report.invalid_ids.setdefault(path.stem, path.parent.name)
    # The checks run on an Index over the dataset load() returns: its walk shared,
    # the validation-only state (ids shared, invalid files) kept off the Dataset.
    report.dataset = Dataset(report.loaded, Corpus(project.seeds_dir), project=project)
    index = Index.over(report.dataset, invalid=report.invalid_ids)
    report.problems.extend(run_checks(index))
    wanted_set = {entry.path for entry in wanted}
    if paths is None and project.is_checkout(project.root):
        # A whole-dataset run also checks the pages that write about the records.
        # Absolute, not resolved: a linked page is reported under its own name, never followed.
        pages = sorted(page.absolute() for page in (project.root / "docs").glob("**/*.md"))
        report.problems.extend(privacy_in_pages(index, pages))
        wanted_set.update(pages)
    if paths is None and project.seeds_dir.is_dir():
        wanted_set.update(project.seeds_dir.iterdir())  # seed_names reports at the seed
    report.problems = [p for p in report.problems if p.path in wanted_set]
    _locate_all(report.problems)
    report.problems.sort(key=Problem.sort_key)
    report.problems = _cap(report.problems)
    return report
