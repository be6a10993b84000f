"""What the models say about their fields: the one module that reads annotations.

The loader's error messages, the link walker, ``civicdata new``'s skeletons
and the site's data-model page all need to look inside annotations such as
``list[Annotated[str, Ref("person")]] | None``. :func:`unwrap` peels one
layer; everything else here is built on it, and nothing outside this module
calls ``typing.get_origin``/``get_args`` on a model field.
"""

from __future__ import annotations

import types
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from enum import Enum
from functools import cache
from typing import Annotated, Any, Literal, TypeGuard, TypeVar, Union, get_args, get_origin

from pydantic import BaseModel
from pydantic.fields import FieldInfo

from .models.base import Ref
from .problems import Loc

Form = Literal["annotated", "list", "union", "type"]


def unwrap(annotation: Any) -> tuple[Form, tuple[Any, ...], tuple[Any, ...]]:
    """One layer of an annotation: its form, the types inside, and any metadata.

    ``Annotated[X, m]`` -> ``("annotated", (X,), (m,))``; ``list[X]`` ->
    ``("list", (X,), ())``; ``X | Y | None`` -> ``("union", (X, Y), ())``
    (``None`` dropped); anything else -> ``("type", (), ())``.
    """
    origin = get_origin(annotation)
    if origin is Annotated:
        base, *metadata = get_args(annotation)
        return "annotated", (base,), tuple(metadata)
    if origin is list:
        return "list", get_args(annotation)[:1], ()
    if origin in (Union, types.UnionType):
        return "union", tuple(a for a in get_args(annotation) if a is not type(None)), ()
    return "type", (), ()


def leaves(annotation: Any) -> Iterator[Any]:
    """The plain types at the bottom of an annotation, outermost first."""
    form, inner, _ = unwrap(annotation)
    if form == "type":
        yield annotation
    for part in inner:
        yield from leaves(part)


_T = TypeVar("_T")


def _first(annotation: Any, wanted: Callable[[Any], TypeGuard[_T]]) -> _T | None:
    return next((leaf for leaf in leaves(annotation) if wanted(leaf)), None)


def is_model(value: Any) -> TypeGuard[type[BaseModel]]:
    return isinstance(value, type) and issubclass(value, BaseModel)


def _is_enum(value: Any) -> TypeGuard[type[Enum]]:
    return isinstance(value, type) and issubclass(value, Enum)


def model_in(annotation: Any) -> type[BaseModel] | None:
    """The Pydantic model inside ``list[X]``, ``X | None`` or ``Annotated[X, ...]``."""
    return _first(annotation, is_model)


def enum_in(annotation: Any) -> type[Enum] | None:
    """The Enum inside an annotation, if any (a field's choices)."""
    return _first(annotation, _is_enum)


def literal_values(annotation: Any) -> tuple[Any, ...]:
    """The choices of a ``Literal[...]`` inside an annotation, or ``()``."""
    found = next((leaf for leaf in leaves(annotation) if get_origin(leaf) is Literal), None)
    return get_args(found) if found is not None else ()


def is_list(annotation: Any) -> bool:
    """Whether the field holds a list, possibly optional or annotated."""
    form, inner, _ = unwrap(annotation)
    return form == "list" or any(is_list(part) for part in inner)


def ref_in(annotation: Any, metadata: tuple[Any, ...] | list[Any] = ()) -> Ref | None:
    """The :class:`Ref` marker on an annotation or anywhere inside it."""
    found = next((m for m in metadata if isinstance(m, Ref)), None)
    if found is not None:
        return found
    _, inner, own = unwrap(annotation)
    found = next((m for m in own if isinstance(m, Ref)), None)
    return found or next((r for part in inner if (r := ref_in(part)) is not None), None)


def field_ref(field: FieldInfo) -> Ref | None:
    """The reference marker of a model field, if it holds ids of other records."""
    return ref_in(field.annotation, field.metadata)


def model_at(model: type[BaseModel], loc: Loc) -> type[BaseModel] | None:
    """The model class that holds the field at the end of ``loc``."""
    current: type[BaseModel] | None = model
    for part in loc:
        if isinstance(part, int):
            continue
        if current is None or part not in current.model_fields:
            return None
        current = model_in(current.model_fields[part].annotation)
    return current


@dataclass(frozen=True)
class FieldPlan:
    """A field that holds references (``ref``) or nested models (``model``)."""

    name: str
    ref: Ref | None
    model: type[BaseModel] | None


@cache
def linking_fields(model: type[BaseModel]) -> tuple[FieldPlan, ...]:
    """The fields of ``model`` that the link walker must visit, worked out once per model."""
    plans = []
    for name, field in model.model_fields.items():
        ref, nested = field_ref(field), model_in(field.annotation)
        if ref or nested:
            plans.append(FieldPlan(name, ref, None if ref else nested))
    return tuple(plans)
