"""Helpers a graded call may name; they run in the judge's child process.

A call such as ``status_on(record('pars-ice-access-contract'), '2019')`` is
evaluated in the child with ``dataset`` (the loaded dataset), ``student``
(the path of the copied student file or folder), the probes below (each a
top-level function taking the child's :class:`Context` first, named in
:data:`PROBES`; :func:`names` binds them), and then the names the student's
file defines. Each helper returns plain data,
so what crosses back to the grader is data, never an object of the
student's: record ids and messages rather than records and Problems.

Exercises that change the project (a validation rule, a model field, a fixed
record, new records) run the project's own validator here and return its
findings as text.
"""

from __future__ import annotations

import json
import re
import shutil
import sqlite3
from collections.abc import Callable
from functools import partial
from pathlib import Path
from typing import Any

from pydantic import ValidationError

from ..checks import Index, Loaded
from ..corpus import Corpus
from ..dataset import Dataset
from ..dates import PartialDate
from ..loading import load
from ..models import MODELS
from ..problems import format_text
from ..project import Project
from ..strict_yaml import YamlProblem
from ..strict_yaml import load as load_yaml
from ..validate import validate
from .counterexample import NOT_WRITTEN
from .generate import build

Connect = Callable[[Dataset], sqlite3.Connection]  # a dataset's SQLite export


class Refused(Exception):
    """A probe could not run a call; its message is shown as is."""


def scratch_checkout(project: Project, student: Path) -> Project:
    """The judge's work folder made a checkout: the dataset and seeds copied in.

    The student's copy sits in the judge's temporary folder, at the path it has
    in the repository; the validator reads only files inside the checkout it
    checks, so the copy gets a checkout of its own rather than an exception to
    that rule. Copying is done once per child and takes milliseconds.
    """
    work = Path.cwd().resolve()
    if work not in student.parents:
        raise Refused(f"{student.name} is not inside the judge's work folder")
    scratch = Project(work)
    if not scratch.data_dir.is_dir():
        shutil.copytree(project.data_dir, scratch.data_dir, symlinks=False)
        shutil.copytree(project.seeds_dir, scratch.seeds_dir, symlinks=False)
    return scratch


class Context:
    """The child's view of the project: the dataset, loaded once, and its SQLite export.

    ``connect`` builds the SQLite export of a dataset (the ``rows`` probe's
    database). It is handed in by the child's entry point
    (:data:`civicdata.grading.judge.BOOTSTRAP`), the one place that composes
    the grader with the exports (the layers table lets grading use them).
    """

    def __init__(
        self,
        root: Path,
        student: Path,
        connect: Connect | None = None,
    ) -> None:
        self.root = root
        self.student = student
        self.dataset: Dataset = load(root)
        self.connect = connect
        self._databases: dict[int, tuple[Dataset, sqlite3.Connection]] = {}

    def database(self, data: Dataset | None = None) -> sqlite3.Connection:
        """The SQLite export of ``data`` (default: the dataset; or a generated one), made once."""
        data = self.dataset if data is None else data
        found = self._databases.get(id(data))
        if found is None:
            if self.connect is None:
                raise Refused("this grader has no SQLite export to run queries on")
            found = self._databases[id(data)] = (data, self.connect(data))
        return found[1]

    def loaded(self) -> list[Loaded]:
        return list(self.dataset.loaded)


class Unread:
    """A name of a student file read as data (``answers: strings``) whose value is not a
    plain string literal: the grader did not run the file to find out what it would be."""

    def __init__(self, why: str) -> None:
        self.why = why


def _text(value: Any, what: str) -> str:
    if isinstance(value, Unread):
        raise Refused(value.why)
    if not isinstance(value, str):
        raise Refused(f"{what} is a {type(value).__name__}, expected text")
    return value


def _model(model: Any) -> Any:
    if not (isinstance(model, type) and hasattr(model, "model_validate")):
        raise Refused(f"expected a Pydantic model class, got {type(model).__name__}")
    return model


# Each probe takes the child's Context first; a call names it without (see ``names``).


def record(context: Context, record_id: str) -> Any:
    """The record with this id, as the student's function receives it."""
    return context.dataset.get(record_id)


def generated(context: Context, family: str, seed: int, drop: tuple[int, ...] = ()) -> Dataset:
    """A small generated dataset (:mod:`.generate`), the same one the grader builds."""
    return build(context.dataset.project, family, seed, drop)


_COMMENTS = re.compile(r"--[^\n]*|/\*.*?(\*/|$)", re.DOTALL)


def rows(context: Context, query: Any, data: Dataset | None = None) -> list[list[Any]]:
    """Run an SQL query on the export of ``data`` (default: the dataset); rows as lists."""
    database = context.database(data)
    try:
        cursor = database.execute(_text(query, "the query"))
        found = cursor.fetchall()
    except sqlite3.Error as error:
        raise Refused(f"the query did not run: {error}") from None
    if cursor.description is None:
        # Only comments (the stub's `-- TODO`) or a statement that is not a query: no rows
        # to compare, told as such on every dataset, not as a wrong answer of none (whose
        # counterexample, shrunk in more children, only showed a dataset and `[]`).
        if _COMMENTS.sub("", query).strip():
            raise Refused("the query selects nothing: it is not a SELECT statement")
        raise Refused(f"the query {NOT_WRITTEN}: write a SELECT statement in place of -- TODO")
    return [list(row) for row in found]


def problems(
    context: Context,
    rule: Callable[[Index], Any],
    shift: str | None = None,
    data: Dataset | None = None,
    without: str | None = None,
) -> list[dict]:
    """Run a validation rule on ``data`` (default: the dataset), with CLAIM's date
    moved to ``shift``, and the record ``without`` left out: what points at it then
    dangles, as in a dataset being validated (the reference checks report that)."""
    loaded = context.loaded() if data is None else list(data.loaded)
    if without is not None:
        loaded = [item for item in loaded if item.record.id != without]
    if shift is not None:
        claim_id, date = shift.split("@")
        loaded = [
            Loaded(
                item.kind,
                item.path,
                item.record.model_copy(update={"date": PartialDate.parse(date)}),
            )
            if item.record.id == claim_id
            else item
            for item in loaded
        ]
    corpus = Corpus(context.dataset.project.seeds_dir) if data is None else data.corpus
    index = Index(loaded, corpus)
    found = []
    for problem in rule(index):
        found.append(
            {
                "file": Path(problem.path).name,
                "message": str(problem.message),
                "loc": list(problem.loc or ()),
            }
        )
    return found


def fields(context: Context, model: Any) -> list[str]:
    return sorted(_model(model).model_fields)


def accepts(context: Context, model: Any, event_id: str, **changes: Any) -> dict[str, Any]:
    """Validate an existing event with ``changes``: accepted, and the value read back."""
    data = {**context.dataset.get(event_id).model_dump(mode="json", exclude_none=True), **changes}
    try:
        event = _model(model).model_validate(data)
    except ValueError as error:  # pydantic's ValidationError is a ValueError
        errors = getattr(error, "errors", None)
        first = errors()[0]["msg"] if callable(errors) else str(error)
        return {"accepted": False, "error": first}
    return {
        "accepted": True,
        **{name: getattr(event, name, None) for name in changes},
    }


def read_back(context: Context, model: Any, event_id: str, name: str) -> Any:
    """An existing event validated unchanged with ``model``: the value of field ``name``."""
    data = context.dataset.get(event_id).model_dump(mode="json", exclude_none=True)
    try:
        event = _model(model).model_validate(data)
    except ValueError as error:
        raise Refused(f"{event_id} no longer validates: {error}") from None
    return getattr(event, name, None)


def rejected_events(context: Context, model: Any) -> list[str]:
    """The dataset's events the model no longer accepts, as `id: reason`."""
    failing = []
    for event in context.dataset.events:
        try:
            _model(model).model_validate(event.model_dump(mode="json", exclude_none=True))
        except ValueError as error:
            errors = getattr(error, "errors", None)
            reason = errors()[0]["msg"] if callable(errors) else str(error)
            failing.append(f"{event.id}: {reason}")
    return failing


def field_schema(context: Context, model: Any, name: str) -> Any:
    return _model(model).model_json_schema().get("properties", {}).get(name)


def record_check(context: Context, path: Path) -> dict[str, Any]:
    """One record file through the validator's stages: parse, fields, the whole check."""
    result: dict[str, Any] = {"parse": None, "fields": None, "problems": [], "data": None}
    try:
        data = load_yaml(path)
    except YamlProblem as problem:
        hint = f" (hint: {problem.hint})" if problem.hint else ""
        result["parse"] = f"{path.name}:{problem}{hint}"
        return result
    result["data"] = json.loads(json.dumps(data, default=str))  # the fields, as plain data
    try:
        MODELS[path.parent.name].model_validate(data)
    except ValidationError as error:
        first = error.errors()[0]
        result["fields"] = f"{'.'.join(map(str, first['loc']))}: {first['msg']}"
    scratch = scratch_checkout(context.dataset.project, path)
    result["problems"] = _findings(validate(scratch, [path]).problems)
    return result


def records_check(context: Context, folder: Path) -> dict[str, Any]:
    """New record files validated with the dataset: problems and the new records.

    Problems come roots first: those of files that did not validate, then
    the ones they cause elsewhere (a reference to a record that did not
    load). ``invalid`` lists those files, with the kind their fields fit,
    so a check can say "fix this file first" rather than "found 0".
    """
    scratch = scratch_checkout(context.dataset.project, folder)
    report = validate(scratch, [folder] if folder.is_dir() else [])
    new = [item for item in report.loaded if _inside(item.path, folder)]
    loaded = {item.path for item in new}
    failed = sorted({p.path for p in report.problems if _inside(p.path, folder)} - loaded, key=str)
    ordered = sorted(report.problems, key=lambda p: p.path not in failed)
    return {
        "files": report.files_checked,
        "problems": [
            {**found, "file": _relative(problem.path, folder)}
            for problem, found in zip(ordered, _findings(ordered), strict=True)
        ],
        "invalid": [_invalid_file(path, folder) for path in failed],
        "records": [
            {
                "kind": item.kind,
                "file": _relative(item.path, folder),
                "data": item.record.model_dump(mode="json"),
            }
            for item in new
        ],
    }


# What a graded call may name, and the probe it runs: one entry per probe.
PROBES: dict[str, Callable[..., Any]] = {
    "generated": generated,
    "record": record,
    "rows": rows,
    "problems": problems,
    "fields": fields,
    "accepts": accepts,
    "read_back": read_back,
    "rejected_events": rejected_events,
    "field_schema": field_schema,
    "record_check": record_check,
    "records_check": records_check,
}


def names(context: Context) -> dict[str, Callable[..., Any]]:
    """The probes bound to this child's context, by the names a call uses."""
    return {name: partial(probe, context) for name, probe in PROBES.items()}


def _inside(path: Path, folder: Path) -> bool:
    """``folder in path.parents``, in a quarter of its time for the dataset's two hundred
    files that are not inside (``parents`` makes a path per level to compare)."""
    return path != folder and path.is_relative_to(folder)


def _relative(path: Path, folder: Path) -> str:
    return path.relative_to(folder).as_posix() if _inside(path, folder) else path.name


def _invalid_file(path: Path, folder: Path) -> dict[str, Any]:
    """A new file that did not validate: where it is and the kind its fields fit best."""
    fits = None
    try:
        data = load_yaml(path)
    except (YamlProblem, OSError):
        data = None
    if isinstance(data, dict) and data:
        keys = {str(key) for key in data}
        score = {
            kind: len(keys & set(model.model_fields)) - len(keys - set(model.model_fields))
            for kind, model in MODELS.items()
        }
        best = max(score.values())
        fits = next(kind for kind, value in score.items() if value == best)
    return {"file": _relative(path, folder), "folder": path.parent.name, "fits": fits}


def _findings(found: list) -> list[dict[str, str]]:
    return [{"message": problem.message, "text": format_text(problem)} for problem in found]
