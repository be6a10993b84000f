"""Ids and references: every id is unique, every reference names a record of the right kind."""

from __future__ import annotations

from collections.abc import Iterator

from ..models.base import kinds_text
from ..problems import Problem
from .index import Index


def unique_ids(index: Index) -> Iterator[Problem]:
    for item in index.loaded:
        others = [o for o in index.sharing[item.record.id] if o is not item]
        if others:
            names = ", ".join(f"{o.path.parent.name}/{o.path.name}" for o in others)
            yield Problem(
                item.path,
                f"id `{item.record.id}` is already used by {names}",
                "ids are unique across all kinds; pick a more specific one",
                ("id",),
            )


def references_resolve(index: Index) -> Iterator[Problem]:
    for item in index.loaded:
        for ref in index.links(item).references:
            if len(index.sharing.get(ref.target, ())) > 1:
                continue  # ambiguous target: the duplicate id is the problem reported
            target_kind = index.known_kind(ref.target)
            if target_kind is None:
                guess = index.close_ids(ref.target, ref.kinds)
                hint = (
                    f"did you mean `{guess[0]}`?"
                    if guess
                    else f"create it with `uv run civicdata new {ref.kinds[0]} {ref.target}`"
                )
                yield Problem(
                    item.path,
                    f"no record `{ref.target}`; this field takes the id of {kinds_text(ref.kinds)}",
                    hint,
                    ref.loc,
                )
            elif target_kind not in ref.kinds and ref.target not in index.by_id:
                # Only a file in a kind folder that did not validate: likely the wrong folder.
                yield Problem(
                    item.path,
                    f"`{ref.target}` is only a file in `{target_kind}/` that does not validate, "
                    f"but this field takes {kinds_text(ref.kinds)}",
                    f"if {ref.target}.yaml is {kinds_text(ref.kinds[:1])}, move it to "
                    f"`{ref.kinds[0]}/` and fix what the validator says about it there",
                    ref.loc,
                )
            elif target_kind not in ref.kinds:
                yield Problem(
                    item.path,
                    f"`{ref.target}` is {kinds_text((target_kind,))}, but this field "
                    f"takes {kinds_text(ref.kinds)}",
                    None,
                    ref.loc,
                )
