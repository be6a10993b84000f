"""Mutants of a YAML reference answer: one field given a plausible wrong value at a time.

The YAML exercises ask for records true to an article, so a mutant here is
a record a careless curator could write: a date with precision the article
does not give, or a year off; another kind; another speaker or subject; a
role with no end; an evaluative word in the dataset's own voice; a quote the
article does not print; a citation or a field left out; a whole record left
out. Each is made on the parsed data and written back as YAML, so the
operators know nothing of one answer's layout: what a field is (a date, a
closed vocabulary, a reference) comes from the models.

Operators: ``date-invented-precision``, ``date-shifted``, ``kind-changed``,
``reference-changed``, ``list-item-dropped``, ``citation-dropped``,
``quote-altered``, ``evaluative-word``, ``boolean-flipped``,
``field-deleted``, ``record-dropped``.
"""

from __future__ import annotations

import copy
import json
import re
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import yaml
from pydantic import BaseModel
from pydantic.fields import FieldInfo

from ...dataset import Dataset
from ...dates import PartialDate
from ...introspect import enum_in, field_ref, leaves, model_at
from ...models import MODELS
from ...problems import format_loc
from ...strict_yaml import load as load_yaml
from . import Mutant

YEAR = re.compile(r"^\d{4}$")
MONTH = re.compile(r"^\d{4}-\d\d$")
DAY = re.compile(r"^\d{4}-\d\d-\d\d$")
# Fields that speak in the dataset's own voice: where an evaluative word does not belong.
OWN_VOICE = {"title", "summary", "description", "notes", "note"}
EVALUATIVE = ("radical", "illegal")
# Free text whose absence is less information, not a wrong value; ids are free choices.
NOT_DELETED = {"id", "notes", "note", "description"}
REFERENCE_CHOICES = 2

Path_ = tuple[str | int, ...]


def dump(data: dict[str, Any]) -> str:
    """YAML the strict loader reads back to the same data (block style, keys in order)."""
    return yaml.safe_dump(
        data, sort_keys=False, allow_unicode=True, width=10_000, default_flow_style=False
    )


def _show(value: Any) -> str:
    return json.dumps(value, ensure_ascii=False)


def _field(model: type[BaseModel], path: Path_) -> FieldInfo | None:
    """The model field a path ends in (a list item's path names its list's field)."""
    names = [(i, part) for i, part in enumerate(path) if isinstance(part, str)]
    if not names:
        return None
    last, name = names[-1]
    holder = model_at(model, path[:last])
    return holder.model_fields.get(name) if holder is not None else None


def _is_date(field: FieldInfo | None, value: Any) -> bool:
    if field is None or PartialDate not in set(leaves(field.annotation)):
        return False
    return (isinstance(value, int) and bool(YEAR.match(str(value)))) or (
        isinstance(value, str) and bool(YEAR.match(value) or MONTH.match(value) or DAY.match(value))
    )


def date_mutations(value: int | str) -> Iterator[tuple[str, int | str]]:
    """Invented precision (a month or day the text need not give), and the year off by one."""
    text = str(value)
    year = int(text[:4])
    if YEAR.match(text):
        yield "date-invented-precision", f"{year}-07"
        yield "date-invented-precision", f"{year}-07-12"
    elif MONTH.match(text):
        yield "date-invented-precision", f"{text}-12"
    else:
        day = int(text[8:])
        yield "date-invented-precision", f"{text[:8]}{day % 28 + 1:02d}"
    shifted = f"{year - 1}{text[4:]}"
    yield "date-shifted", int(shifted) if isinstance(value, int) else shifted


def evaluative(text: str, word: str) -> str:
    """``text`` with an evaluative ``word`` put in, e.g. 'An attempt' -> 'An illegal attempt'."""
    first, _, rest = text.partition(" ")
    if first.lower() in ("a", "an", "the") and rest:
        article = first if first.lower() == "the" else ("An" if word[0] in "aeiou" else "A")
        if first[0].islower():
            article = article.lower()
        return f"{article} {word} {rest}"
    return f"{word.capitalize()} {text}"


def altered_quote(quote: str) -> str:
    """A quote the article does not print: a word put in after the first."""
    first, _, rest = quote.partition(" ")
    return f"{first} really {rest}" if rest else f"{quote} really"


def _leaves(data: Any, path: Path_ = ()) -> Iterator[tuple[Path_, Any]]:
    yield path, data
    if isinstance(data, dict):
        for key, value in data.items():
            yield from _leaves(value, (*path, key))
    elif isinstance(data, list):
        for index, value in enumerate(data):
            yield from _leaves(value, (*path, index))


def _set(data: Any, path: Path_, value: Any) -> Any:
    new = copy.deepcopy(data)
    target = new
    for part in path[:-1]:
        target = target[part]
    target[path[-1]] = value
    return new


def _delete(data: Any, path: Path_) -> Any:
    new = copy.deepcopy(data)
    target = new
    for part in path[:-1]:
        target = target[part]
    del target[path[-1]]
    return new


class Answer:
    """A YAML reference answer: its files, their data and kinds, and the ids it names."""

    def __init__(self, root: Path, files: dict[str, dict[str, Any]], dataset: Dataset) -> None:
        self.root = root
        self.files = files
        self.dataset = dataset

    @classmethod
    def read(cls, path: Path, dataset: Dataset) -> Answer:
        """The answer at ``path``: one record file, or a folder of ``<kind>/<id>.yaml``."""
        if path.is_file():
            return cls(path.parent, {path.name: load_yaml(path)}, dataset)
        files = {
            file.relative_to(path).as_posix(): load_yaml(file)
            for file in sorted(path.rglob("*.yaml"))
        }
        return cls(path, files, dataset)

    def kind(self, name: str) -> str | None:
        parent = (self.root / name).parent.name
        return parent if parent in MODELS else None

    def own_kinds(self) -> dict[str, str]:
        """Id -> kind of every record in the answer."""
        found = {}
        for name, data in self.files.items():
            kind = self.kind(name)
            if kind and isinstance(data.get("id"), str):
                found[data["id"]] = kind
        return found

    def kind_of(self, record_id: str) -> str | None:
        own = self.own_kinds()
        if record_id in own:
            return own[record_id]
        return self.dataset.kind_of(record_id) if record_id in self.dataset else None

    def candidates(self, kinds: tuple[str, ...], exclude: set[str]) -> list[str]:
        """Other ids a careless answer might name here: the answer's own records first,
        then the ids it refers to, then records citing the same sources."""
        ordered: list[str] = sorted(self.own_kinds())
        referred, sources = set(), set()
        for data in self.files.values():
            for path, value in _leaves(data):
                if isinstance(value, str) and value in self.dataset:
                    referred.add(value)
                if path and path[-1] == "source" and isinstance(value, str):
                    sources.add(value)
        ordered += sorted(referred)
        for source in sorted(sources):
            if source in self.dataset:
                ordered += sorted(record.id for record in self.dataset.cited_by(source))
        for kind in kinds:  # and, failing those, any record of a kind the field takes
            ordered += sorted(item.record.id for item in self.dataset.of_kind(kind))
        chosen = []
        for record_id in ordered:
            if record_id in exclude or record_id in chosen:
                continue
            if not kinds or self.kind_of(record_id) in kinds:
                chosen.append(record_id)
        return chosen[:REFERENCE_CHOICES]

    def text(self, replaced: dict[str, dict[str, Any] | None] | None = None) -> dict[str, str]:
        """The answer's files as YAML text, with some files' data replaced (None: left out)."""
        replaced = replaced or {}
        out = {}
        for name, original in self.files.items():
            data = replaced.get(name, original)
            if data is not None:
                out[name] = dump(data)
        return out


def _field_mutations(
    answer: Answer, name: str, data: dict[str, Any]
) -> Iterator[tuple[str, Path_, Any]]:
    """(operator, path, new value or DELETED) for one record file's data."""
    kind = answer.kind(name)
    model = MODELS.get(kind) if kind else None
    for path, value in _leaves(data):
        if not path:
            continue
        key = path[-1] if isinstance(path[-1], str) else None
        field = _field(model, path) if model else None
        if isinstance(value, bool):
            yield "boolean-flipped", path, not value
        elif _is_date(field, value):
            for operator, new in date_mutations(value):
                yield operator, path, new
        elif field is not None and enum_in(field.annotation) and isinstance(value, str):
            for member in enum_in(field.annotation) or ():
                if str(member.value) != value:
                    yield "kind-changed", path, str(member.value)
        elif field is not None and (ref := field_ref(field)) and isinstance(value, str):
            siblings = set(_parent(data, path)) if isinstance(path[-1], int) else set()
            exclude = {value, data.get("id"), *siblings}
            for other in answer.candidates(ref.kinds, exclude):
                yield "reference-changed", path, other
        elif key == "quote" and isinstance(value, str):
            yield "quote-altered", path, altered_quote(value)
        elif key in OWN_VOICE and isinstance(value, str):
            for word in EVALUATIVE:
                yield "evaluative-word", path, evaluative(value, word)
        if isinstance(path[-1], int):
            parent_key = path[-2] if len(path) > 1 else None
            operator = "citation-dropped" if parent_key == "citations" else "list-item-dropped"
            yield operator, path, DELETED
        elif key not in NOT_DELETED and "citations" not in path[:-1]:
            # (a citation missing its source or quote is citation-dropped's invalid twin)
            yield "field-deleted", path, DELETED


def _parent(data: Any, path: Path_) -> Any:
    for part in path[:-1]:
        data = data[part]
    return data


DELETED = object()


def record_mutants(exercise: str, answer: Answer) -> list[Mutant]:
    """Every one-field mutant of the answer, and (for a folder) each record left out."""
    found: list[Mutant] = []
    seen: set[tuple[tuple[str, str], ...]] = {tuple(sorted(answer.text().items()))}
    for name, data in answer.files.items():
        for operator, path, new in _field_mutations(answer, name, data):
            changed = _delete(data, path) if new is DELETED else _set(data, path, new)
            files = tuple(sorted(answer.text({name: changed}).items()))
            if files in seen:
                continue
            seen.add(files)
            before = f"{format_loc(path)}: {_show(_parent(data, path)[path[-1]])}"
            after = "(left out)" if new is DELETED else f"{format_loc(path)}: {_show(new)}"
            found.append(Mutant(exercise, name, operator, before, after, files))
        if len(answer.files) > 1:
            files = tuple(sorted(answer.text({name: None}).items()))
            found.append(Mutant(exercise, name, "record-dropped", name, "(left out)", files))
    return found
