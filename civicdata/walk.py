"""Walk a record's references and citations, wherever they are nested.

Each model's fields are analysed once (which hold references, which hold
nested models), so walking 10,000 records costs a few attribute reads each.
"""

from __future__ import annotations

import types
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, NamedTuple, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .models.base import Citation, Ref
from .problems import Loc


@dataclass(frozen=True)
class _FieldPlan:
    name: str
    ref: Ref | None
    model: type[BaseModel] | None


def _analyse(annotation: Any, metadata: list[Any]) -> tuple[Ref | None, type[BaseModel] | None]:
    ref = next((m for m in metadata if isinstance(m, Ref)), None)
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *extra = get_args(annotation)
        inner_ref, model = _analyse(base, extra)
        return ref or inner_ref, model
    if origin in (list, Union, types.UnionType):
        for arg in get_args(annotation):
            inner_ref, model = _analyse(arg, [])
            if inner_ref or model:
                return ref or inner_ref, model
        return ref, None
    if isinstance(annotation, type) and issubclass(annotation, BaseModel):
        return ref, annotation
    return ref, None


def field_ref(field: FieldInfo) -> Ref | None:
    """The reference marker of a model field, if it holds ids of other records."""
    return _analyse(field.annotation, list(field.metadata))[0]


@cache
def _plan(model: type[BaseModel]) -> tuple[_FieldPlan, ...]:
    plans = []
    for name, field in model.model_fields.items():
        ref, nested = _analyse(field.annotation, list(field.metadata))
        if ref or nested:
            plans.append(_FieldPlan(name, ref, nested))
    return tuple(plans)


class Reference(NamedTuple):
    """An id a record points to. A tuple, not a dataclass: there are many."""

    loc: Loc
    target: str
    kinds: tuple[str, ...]


@dataclass
class Links:
    """What a record points at: ids (with accepted kinds) and citations."""

    references: list[Reference]
    citations: list[tuple[Loc, Citation]]


def _collect(record: BaseModel, loc: Loc, links: Links) -> None:
    for plan in _plan(type(record)):
        value = getattr(record, plan.name)
        if value is None:
            continue
        field_loc = (*loc, plan.name)
        pairs = (
            [((*field_loc, i), item) for i, item in enumerate(value)]
            if isinstance(value, list)
            else [(field_loc, value)]
        )
        for item_loc, item in pairs:
            if plan.ref is not None:
                links.references.append(Reference(item_loc, item, plan.ref.kinds))
            else:
                if plan.model is Citation:
                    links.citations.append((item_loc, item))
                _collect(item, item_loc, links)


def links(record: BaseModel) -> Links:
    """Every reference and citation in a record, nested ones included, in one pass."""
    found = Links([], [])
    _collect(record, (), found)
    return found
