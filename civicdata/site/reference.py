"""The data-model reference page, generated from the Pydantic models themselves."""

from __future__ import annotations

from enum import Enum
from typing import Any, get_args, get_origin

from pydantic import BaseModel

from ..dates import PartialDate
from ..model_errors import model_in
from ..models import MODELS
from ..walk import field_ref
from .markup import html, md


def _spaced(text: str) -> str:
    """``md(text)``, keeping a space at either end (md trims them)."""
    lead = " " if text[:1].isspace() else ""
    trail = " " if text[-1:].isspace() and text.strip() else ""
    return lead + md(text) + trail


def _prose(text: str) -> str:
    """A model's own description: escaped, with its `code` spans shown as code."""
    parts = " ".join(text.split()).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show the text as written
        return md(text)
    return "".join(
        f"<code>{html(part)}</code>" if odd else _spaced(part)
        for odd, part in ((n % 2 == 1, p) for n, p in enumerate(parts))
    )


def _type_name(annotation: Any) -> str:
    origin = get_origin(annotation)
    if origin is list:
        return f"list of {_type_name(get_args(annotation)[0])}"
    args = [a for a in get_args(annotation) if a is not type(None)]
    if args and origin is not None and not isinstance(origin, type):
        return " or ".join(_type_name(a) for a in args)
    if annotation is PartialDate:
        return "partial date"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    if origin is not None:
        return _type_name(get_args(annotation)[0])
    return getattr(annotation, "__name__", str(annotation))


def _table(model: type[BaseModel]) -> list[str]:
    lines = ["| field | type | required | description |", "| --- | --- | --- | --- |"]
    for name, field in model.model_fields.items():
        ref = field_ref(field)
        kind = _type_name(field.annotation)
        if ref is not None:
            kind = "id of " + " or ".join(ref.kinds) + (" (list)" if "list" in kind else "")
        required = "yes" if field.is_required() else "no"
        lines.append(f"| `{name}` | {kind} | {required} | {_prose(field.description or '')} |")
    return lines


def _section(heading: str, model: type[BaseModel]) -> list[str]:
    """A heading, the model's docstring, and its field table."""
    return [heading, "", _prose(model.__doc__ or ""), "", *_table(model), ""]


def data_model() -> str:
    lines = [
        "# Data model reference",
        "",
        "Generated from the Pydantic models in `civicdata/models/`, so it is always",
        "current. Each kind lives in `civicdata/data/<kind>/<id>.yaml`.",
        "",
    ]
    nested: dict[str, type[BaseModel]] = {}
    for kind, model in MODELS.items():
        lines += _section(f"## {kind}", model)
        for field in model.model_fields.values():
            inner = model_in(field.annotation)
            if inner is not None:
                nested.setdefault(inner.__name__, inner)
    lines += ["## Nested parts", ""]
    for name, model in sorted(nested.items()):
        lines += _section(f"### {name}", model)
    return "\n".join(lines) + "\n"
