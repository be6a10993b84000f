"""Walk a record's references and citations, wherever they are nested.

Each model's fields are analysed once (which hold references, which hold
nested models), so walking 10,000 records costs a few attribute reads each.
"""

from __future__ import annotations

import types
from collections.abc import Iterator
from dataclasses import dataclass
from functools import cache
from typing import Annotated, Any, Union, get_args, get_origin

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


@dataclass(frozen=True)
class Reference:
    loc: Loc
    target: str
    kinds: tuple[str, ...]


def _items(value: Any, loc: Loc) -> Iterator[tuple[Loc, Any]]:
    if isinstance(value, list):
        for index, item in enumerate(value):
            yield (*loc, index), item
    elif value is not None:
        yield loc, value


def references(record: BaseModel, loc: Loc = ()) -> Iterator[Reference]:
    """Every id this record points to, with the kinds each field accepts."""
    for plan in _plan(type(record)):
        for item_loc, item in _items(getattr(record, plan.name), (*loc, plan.name)):
            if plan.ref is not None:
                yield Reference(item_loc, item, plan.ref.kinds)
            elif plan.model is not None:
                yield from references(item, item_loc)


def citations(record: BaseModel, loc: Loc = ()) -> Iterator[tuple[Loc, Citation]]:
    """Every citation in this record, nested ones (roles, statuses, positions) included."""
    for plan in _plan(type(record)):
        if plan.model is None:
            continue
        for item_loc, item in _items(getattr(record, plan.name), (*loc, plan.name)):
            if isinstance(item, Citation):
                yield item_loc, item
            else:
                yield from citations(item, item_loc)
