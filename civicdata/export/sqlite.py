"""The dataset as a normalised SQLite database (schema in ``schema.sql``)."""

from __future__ import annotations

import sqlite3
from collections.abc import Iterator
from importlib.resources import files
from pathlib import Path
from typing import Any

from ..dataset import Dataset
from ..dates import PartialDate
from ..models import Claim, Organization, Person, Policy
from ..problems import format_loc
from .datasette import write_metadata
from .files import new_temporary, replace

Row = tuple[Any, ...]


def schema_sql() -> str:
    return files("civicdata.export").joinpath("schema.sql").read_text(encoding="utf-8")


def _date(value: PartialDate | None) -> tuple[str | None, str | None, str | None]:
    """A partial date as written, plus the first and last day it may mean."""
    if value is None:
        return None, None, None
    return str(value), value.first_day.isoformat(), value.last_day.isoformat()


def _link_rows(table: str, owner_id: str, targets: list[str]) -> Iterator[tuple[str, Row]]:
    """Rows of a link table: the owner and each target once (YAML lists may repeat)."""
    for target in dict.fromkeys(targets):
        yield table, (owner_id, target)


def _rows(dataset: Dataset) -> Iterator[tuple[str, Row]]:
    """(table, row) pairs for every record, parents before children."""
    root = dataset.project.root
    for record in dataset:
        path = dataset.path_of(record.id)
        relative = path.relative_to(root) if path.is_relative_to(root) else path
        yield (
            "record",
            (record.id, dataset.kind_of(record.id), dataset.name_of(record.id), str(relative)),
        )
    for org in dataset.organizations:
        yield (
            "organization",
            (org.id, org.name, org.classification, org.ocd_id, org.parent, org.notes),
        )
    for source in dataset.sources:
        yield (
            "source",
            (
                source.id,
                source.file,
                source.headline,
                source.outlet,
                source.publisher,
                *_date(source.published),
                source.byline,
                source.date_note,
                source.notes,
                dataset.name_of(source.id),
            ),
        )
    for person in dataset.persons:
        yield (
            "person",
            (person.id, person.name, int(person.public_figure), person.description, person.notes),
        )
        for seq, role in enumerate(person.roles):
            yield (
                "role",
                (
                    person.id,
                    seq,
                    role.title,
                    role.organization,
                    *_date(role.start),
                    *_date(role.end),
                    *_date(role.ended_by),
                    role.note,
                ),
            )
    actors: list[Person | Organization] = [*dataset.persons, *dataset.organizations]
    for record in actors:
        yield from _link_rows("alias", record.id, record.aliases)
    for policy in dataset.policies:
        yield "policy", (policy.id, policy.title, policy.kind, policy.summary, policy.notes)
        yield from _link_rows("policy_adopter", policy.id, policy.adopted_by)
        for seq, status in enumerate(policy.statuses):
            yield "policy_status", (policy.id, seq, status.status, *_date(status.date), status.note)
    for vote in dataset.votes:
        yield (
            "vote",
            (
                vote.id,
                vote.title,
                vote.rule,
                vote.threshold,
                vote.result,
                *_date(vote.date),
                vote.notes,
            ),
        )
        yield from _link_rows("vote_about", vote.id, vote.about)
        yield from _link_rows("vote_eligible", vote.id, vote.eligible)
        for seq, position in enumerate(vote.positions):
            yield (
                "vote_position",
                (
                    vote.id,
                    seq,
                    position.voter,
                    position.position,
                    *_date(position.date),
                    position.note,
                ),
            )
    for ruling in dataset.rulings:
        yield (
            "ruling",
            (
                ruling.id,
                ruling.title,
                ruling.court,
                *_date(ruling.date),
                ruling.outcome,
                ruling.held,
                ruling.appeal,
                ruling.notes,
            ),
        )
        yield from _link_rows("ruling_judge", ruling.id, ruling.judges)
        for party in ruling.parties:
            yield "ruling_party", (ruling.id, party.actor, party.side)
        yield from _link_rows("ruling_policy", ruling.id, ruling.policies)
    for event in dataset.events:
        yield (
            "event",
            (
                event.id,
                event.title,
                event.kind,
                *_date(event.date),
                *_date(event.end_date),
                event.location,
                event.notes,
            ),
        )
        for participant in event.participants:
            yield "event_participant", (event.id, participant.actor, participant.role)
        yield from _link_rows("event_related", event.id, event.related)
    for claim in dataset.claims:
        yield (
            "claim",
            (
                claim.id,
                claim.speaker,
                claim.kind,
                claim.quote,
                *_date(claim.date),
                claim.event,
                claim.summary,
                claim.notes,
            ),
        )
        yield from _link_rows("claim_about", claim.id, claim.about)
        yield from _link_rows("claim_response", claim.id, claim.responds_to)
    linked: list[Claim | Policy] = [*dataset.claims, *dataset.policies]
    for record in linked:
        for seq, evidence in enumerate(record.link_citations):
            yield (
                "link_citation",
                (record.id, seq, evidence.field, evidence.to, evidence.source, evidence.quote),
            )
    for record in dataset:
        for loc, citation in dataset.links_of(record.id).citations:
            yield "citation", (record.id, format_loc(loc), citation.source, citation.quote)


def _placeholders(connection: sqlite3.Connection, table: str) -> str:
    columns = connection.execute(f"PRAGMA table_info({table})").fetchall()
    return ", ".join("?" * len(columns))


def fill(connection: sqlite3.Connection, dataset: Dataset) -> None:
    """Create the schema in ``connection`` and insert every record and link."""
    connection.executescript(schema_sql())
    # Rows arrive kind by kind, so a reference may precede its target; check
    # every foreign key once at the end instead of row by row.
    connection.execute("PRAGMA foreign_keys = OFF")
    by_table: dict[str, list[Row]] = {}
    for table, row in _rows(dataset):
        by_table.setdefault(table, []).append(row)
    with connection:
        for table, rows in by_table.items():
            connection.executemany(
                f"INSERT INTO {table} VALUES ({_placeholders(connection, table)})", rows
            )
    problems = connection.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"export produced dangling foreign keys: {problems[:5]}")
    connection.execute("PRAGMA foreign_keys = ON")


def connect(dataset: Dataset) -> sqlite3.Connection:
    """An in-memory database of the dataset, for queries and other exports."""
    connection = sqlite3.connect(":memory:")
    fill(connection, dataset)
    return connection


def export_sqlite(dataset: Dataset, out: Path) -> list[Path]:
    """Write the database to ``out`` and its Datasette metadata beside it.

    A failed export leaves any old file untouched.
    """
    temporary = new_temporary(out.parent, ".db")
    try:
        connection = sqlite3.connect(temporary)
        try:
            fill(connection, dataset)
        finally:
            connection.close()
        replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
    return [out, write_metadata(out)]
