"""Walk a record's references and citations, wherever they are nested.

Each model's fields are analysed once (``introspect.linking_fields``: which
hold references, which hold nested models), so walking 10,000 records costs a
few attribute reads each. ``Dataset`` walks every record once at load and
shares the result (``dataset.links_of``); call :func:`links` directly only on
a record that is not in a dataset.
"""

from __future__ import annotations

from dataclasses import dataclass
from typing import NamedTuple

from pydantic import BaseModel

from .introspect import linking_fields
from .models.base import Citation
from .problems import Loc


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
    for plan in linking_fields(type(record)):
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
                if plan.model is not None and issubclass(plan.model, Citation):
                    links.citations.append((item_loc, item))
                _collect(item, item_loc, links)


def links(record: BaseModel) -> Links:
    """Every reference and citation in a record, nested ones included, in one pass."""
    found = Links([], [])
    _collect(record, (), found)
    return found
