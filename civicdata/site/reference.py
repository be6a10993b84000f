"""The data-model reference page, generated from the Pydantic models themselves."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..dates import PartialDate
from ..introspect import field_ref, model_in, unwrap
from ..models import MODELS
from .markup import html, raw


def _prose(text: str) -> str:
    """A model's own description as HTML: escaped, its `code` spans shown as code."""
    parts = " ".join(text.split()).split("`")
    if len(parts) % 2 == 0:  # an unpaired backtick: show the text as written
        return html(" ".join(text.split()))
    return "".join(
        f"<code>{html(part)}</code>" if n % 2 else html(part) for n, part in enumerate(parts)
    )


def _type_name(annotation: Any) -> str:
    form, inner, _ = unwrap(annotation)
    if form == "list":
        return f"list of {_type_name(inner[0])}"
    if form == "union":
        return " or ".join(_type_name(a) for a in inner)
    if form == "annotated":
        return _type_name(inner[0])
    if annotation is PartialDate:
        return "partial date"
    if isinstance(annotation, type) and issubclass(annotation, Enum):
        return "one of " + ", ".join(f"`{m.value}`" for m in annotation)
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return annotation.__name__
    return getattr(annotation, "__name__", str(annotation))


COLUMNS = ["field", "type", "required", "description"]


def _table(model: type[BaseModel]) -> list[str]:
    """The fields as a table; on a phone each row stacks as a card (see the CSS),
    its cells labelled by their column."""
    rows = []
    for name, field in model.model_fields.items():
        ref = field_ref(field)
        kind = _type_name(field.annotation)
        if ref is not None:
            kind = "id of " + " or ".join(ref.kinds) + (" (list)" if "list" in kind else "")
        required = "yes" if field.is_required() else "no"
        cells = [
            f"<code>{html(name)}</code>",
            _prose(kind),
            required,
            _prose(field.description or ""),
        ]
        rows.append(
            "<tr>"
            + " ".join(
                f'<td data-label="{c}">{v}</td>' for c, v in zip(COLUMNS, cells, strict=True)
            )
            + "</tr>"
        )
    head = " ".join(f'<th scope="col">{c}</th>' for c in COLUMNS)
    return [
        raw(
            f'<table class="civicdata-fields">\n<thead><tr>{head}</tr></thead>\n<tbody>',
            *rows,
            "</tbody>\n</table>",
            tag="div",
            class_="civicdata-fields-wrap",
        )
    ]


def _section(heading: str, model: type[BaseModel]) -> list[str]:
    """A heading, the model's docstring, and its field table."""
    return [heading, "", f"<p>{_prose(model.__doc__ or '')}</p>", "", *_table(model), ""]


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
    for name, part in sorted(nested.items()):
        lines += _section(f"### {name}", part)
    return "\n".join(lines) + "\n"
