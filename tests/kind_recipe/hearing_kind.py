"""ARCHITECTURE.md's "A kind of record", step 2: the declaration in ``civicdata/kinds.py``.

The test inserts everything from ``HEARING: Kind[Hearing] = Kind(`` on into the
copy's ``kinds.py`` above the registry, imports ``Hearing`` there for type checkers
only (beside the other models, under ``if TYPE_CHECKING:``) and lists ``HEARING``
in ``REGISTRY``. The annotation is what lets mypy check what the lambdas read.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from civicdata.kinds import Kind, When, date_columns, link_rows

if TYPE_CHECKING:
    from civicdata.models.hearings import Hearing

HEARING: Kind[Hearing] = Kind(
    name="hearing",
    model="civicdata.models.hearings:Hearing",
    title="Hearings",
    plural="hearings",
    colour="#4d7c0f",
    label_columns={"hearing": "title"},
    dated=lambda hearing: [(hearing.date, "hearing")],
    summary=lambda hearing: [When(hearing.date)],
    rows=lambda hearing, dataset: [
        (
            "hearing",
            {
                "id": hearing.id,
                "title": hearing.title,
                "body_id": hearing.body,
                **date_columns("date", hearing.date),
            },
        ),
        *link_rows("hearing_witness", ("hearing_id", "actor_id"), hearing.id, hearing.witnesses),
    ],
    sqlite_schema="""
CREATE TABLE hearing (
    id         TEXT PRIMARY KEY REFERENCES record (id),
    title      TEXT NOT NULL,
    body_id    TEXT NOT NULL REFERENCES organization (id),
    date       TEXT NOT NULL,
    date_first TEXT NOT NULL,
    date_last  TEXT NOT NULL
);

CREATE TABLE hearing_witness (
    hearing_id TEXT NOT NULL REFERENCES hearing (id),
    actor_id   TEXT NOT NULL REFERENCES record (id),
    PRIMARY KEY (hearing_id, actor_id)
);
""",
    relations={("body",): "Hearings it held", ("witnesses",): "Hearings it testified at"},
    relation_rank=3,
)
