"""The dataset as a normalised SQLite database (schema in ``schema.sql``)."""

from __future__ import annotations

import os
import sqlite3
from collections.abc import Iterator
from importlib.resources import files
from operator import itemgetter
from pathlib import Path

from ..dataset import Dataset
from ..kinds import REGISTRY, Row
from ..models.base import LinkCitation
from ..problems import format_loc
from .datasette import write_metadata
from .files import new_temporary, replace


def schema_sql() -> str:
    """``schema.sql``, then the tables of kinds that declare their own (``Kind.sqlite_schema``)."""
    text = files("civicdata.export").joinpath("schema.sql").read_text(encoding="utf-8")
    return text + "".join(kind.sqlite_schema for kind in REGISTRY)


def _rows(dataset: Dataset) -> Iterator[tuple[str, Row]]:
    """(table, {column: value}) for every record: the shared ``record`` row, each
    kind's own rows as it declares them (kinds.py), link evidence, then citations."""
    # Paths are joined onto the root (record_files.scan), so the relative path is
    # what follows the root's prefix: a string slice, not pathlib's parse of each.
    prefix = str(dataset.project.root) + os.sep
    for record in dataset:
        path = str(dataset.path_of(record.id))
        relative = path[len(prefix) :] if path.startswith(prefix) else path
        yield (
            "record",
            {
                "id": record.id,
                "kind": dataset.kind_of(record.id),
                "name": dataset.name_of(record.id),
                "path": relative,
            },
        )
    for kind in REGISTRY:
        for record in dataset.by_kind[kind.name]:
            yield from kind.rows(record, dataset)
    for record in dataset:  # claims and policies (file order), each quote for one link
        evidences: list[LinkCitation] = getattr(record, "link_citations", [])
        for seq, evidence in enumerate(evidences):
            yield (
                "link_citation",
                {
                    "record_id": record.id,
                    "seq": seq,
                    "field": evidence.field,
                    "target_id": evidence.to,
                    "source_id": evidence.source,
                    "quote": evidence.quote,
                },
            )
    for record in dataset:
        for loc, citation in dataset.links_of(record.id).citations:
            yield (
                "citation",
                {
                    "record_id": record.id,
                    "field": format_loc(loc),
                    "source_id": citation.source,
                    "quote": citation.quote,
                },
            )


def _insert(connection: sqlite3.Connection, table: str, rows: list[Row]) -> None:
    """Insert rows given by column name, in the table's own column order.

    A row whose columns are not exactly the table's is a mistake in its kind's
    declaration (kinds.py), said before anything is written. Picking the values
    out with ``itemgetter`` is faster than named placeholders.
    """
    columns = [name for _, name, *_ in connection.execute(f"PRAGMA table_info({table})")]
    pick = itemgetter(*columns) if len(columns) > 1 else lambda row: (row[columns[0]],)
    try:
        values = [pick(row) for row in rows if len(row) == len(columns)]
    except KeyError as missing:
        raise ValueError(f"a row for table {table} has no column {missing}") from None
    if len(values) != len(rows):
        wrong = next(row for row in rows if len(row) != len(columns))
        raise ValueError(f"a row for table {table} has columns {sorted(wrong)}, not {columns}")
    names = ", ".join(f'"{name}"' for name in columns)
    marks = ", ".join("?" * len(columns))
    connection.executemany(f"INSERT INTO {table} ({names}) VALUES ({marks})", values)


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
            _insert(connection, table, rows)
    problems = connection.execute("PRAGMA foreign_key_check").fetchall()
    if problems:
        raise RuntimeError(f"export produced dangling foreign keys: {problems[:5]}")
    connection.execute("PRAGMA foreign_keys = ON")


def is_export(path: Path) -> bool:
    """Whether ``path`` holds a previous SQLite export (which ``--out`` may replace)."""
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            return False
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            names = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')"
                )
            }
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return {"record", "source", "claim", "citation"} <= names


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
