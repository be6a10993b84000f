"""A CSV file per table plus a Frictionless ``datapackage.json`` describing them.

The tables are those of the SQLite export, so the two never disagree; the
data package's field types, primary keys and foreign keys are read from
SQLite's own catalogue rather than written twice.
"""

from __future__ import annotations

import csv
import io
import json
import sqlite3
from pathlib import Path
from typing import Any

from ..dataset import Dataset
from .files import read_json, write_atomically
from .sqlite import connect

_TYPES = {"TEXT": "string", "INTEGER": "integer"}
# A spreadsheet runs a cell that starts with one of these as a formula
# (`=HYPERLINK("http://evil.example","click")`, `@SUM(…)`, `+cmd|…`): CSV
# injection. As OWASP advises, such a text cell is written with a leading `'`,
# which spreadsheets show as text and do not display, and every text cell is
# quoted: a `;` or `,` inside one (`a;=cmd|…`) cannot start a new cell where a
# spreadsheet splits on another separator than the file's. A cell whose first
# character after blank space is one of these counts too (an import that trims
# spaces would make ` =1+1` a formula). Numbers are left alone.
FORMULA_START = frozenset("=+-@\t\r")


def neutralise(value: Any) -> Any:
    """A cell value a spreadsheet will not run as a formula."""
    if isinstance(value, str) and (
        value[:1] in FORMULA_START or value.lstrip()[:1] in FORMULA_START
    ):
        return "'" + value
    return value


def _tables(connection: sqlite3.Connection) -> list[str]:
    rows = connection.execute(
        "SELECT name FROM sqlite_schema WHERE type = 'table' ORDER BY rowid"
    ).fetchall()
    return [name for (name,) in rows]


def _field(column: tuple[Any, ...], table: str) -> dict[str, Any]:
    _, name, declared, not_null, _, _ = column
    field: dict[str, Any] = {"name": name, "type": _TYPES.get(declared, "string")}
    if name.endswith(("_first", "_last")):
        field["type"] = "date"
        field["description"] = "First or last calendar day the partial date may mean."
    if name == "public_figure":
        field.update(type="boolean", trueValues=["1"], falseValues=["0"])
    if not_null:
        field["constraints"] = {"required": True}
    return field


def table_schema(connection: sqlite3.Connection, table: str) -> dict[str, Any]:
    columns = connection.execute(f"PRAGMA table_info({table})").fetchall()
    schema: dict[str, Any] = {
        "fields": [_field(column, table) for column in columns],
        "primaryKey": [c[1] for c in sorted(columns, key=lambda c: c[5]) if c[5]],
    }
    foreign: dict[int, dict[str, Any]] = {}
    for key_id, _, target, source_column, target_column, *_ in connection.execute(
        f"PRAGMA foreign_key_list({table})"
    ):
        entry = foreign.setdefault(
            key_id, {"fields": [], "reference": {"resource": target, "fields": []}}
        )
        entry["fields"].append(source_column)
        entry["reference"]["fields"].append(target_column)
    if foreign:
        schema["foreignKeys"] = list(foreign.values())
    return schema


def _csv_text(connection: sqlite3.Connection, table: str) -> str:
    cursor = connection.execute(f"SELECT * FROM {table} ORDER BY 1, 2")
    buffer = io.StringIO()
    writer = csv.writer(buffer, lineterminator="\n", quoting=csv.QUOTE_NONNUMERIC)
    writer.writerow(column[0] for column in cursor.description)
    writer.writerows([neutralise(value) for value in row] for row in cursor)
    return buffer.getvalue()


def is_export(folder: Path) -> bool:
    """Whether ``folder`` holds a previous CSV export (its datapackage.json is ours)."""
    package = folder / "datapackage.json"
    if not package.is_file() or package.is_symlink():
        return False
    document = read_json(package)
    return isinstance(document, dict) and document.get("name") == "civicdata"


def export_csv(dataset: Dataset, out: Path) -> list[Path]:
    """Write ``out/<table>.csv`` for every table and ``out/datapackage.json``."""
    connection = connect(dataset)
    resources: list[dict[str, Any]] = []
    written: list[Path] = []
    for table in _tables(connection):
        path = out / f"{table}.csv"
        write_atomically(path, _csv_text(connection, table))
        written.append(path)
        resources.append(
            {
                "name": table.replace("_", "-"),
                "path": path.name,
                "profile": "tabular-data-resource",
                "format": "csv",
                "mediatype": "text/csv",
                "encoding": "utf-8",
                "schema": table_schema(connection, table),
            }
        )
    for resource in resources:
        for key in resource["schema"].get("foreignKeys", []):
            key["reference"]["resource"] = key["reference"]["resource"].replace("_", "-")
    package = {
        "profile": "tabular-data-package",
        "name": "civicdata",
        "title": "civicdata: Philadelphia's DA, sanctuary policy and ICE access to PARS",
        "licenses": [{"name": "CC-BY-4.0", "title": "Creative Commons Attribution 4.0"}],
        "resources": resources,
    }
    package_path = out / "datapackage.json"
    write_atomically(package_path, json.dumps(package, indent=2, ensure_ascii=False) + "\n")
    return [*written, package_path]
