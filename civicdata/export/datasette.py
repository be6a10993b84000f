"""Datasette metadata for the SQLite export: labels for foreign keys, titles, sources.

Datasette shows a foreign key as its target's *label column*. It guesses one
only for tables with a ``name`` or ``title`` column; this metadata names one
for every table that has a human label (the source table's ``label`` is its
headline, or outlet and date when the article has none), so no link shows a
bare id. ``export --format sqlite --out X.db`` writes it beside the database
as ``X.metadata.json``: ``datasette X.db --metadata X.metadata.json``.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from ..kinds import REGISTRY
from .files import read_json, write_atomically

# Table -> the column Datasette shows for a row that a foreign key points to:
# the shared record table's, then what each kind declares (kinds.py).
LABEL_COLUMNS = {"record": "name"} | {
    table: column for kind in REGISTRY for table, column in kind.label_columns.items()
}


def metadata_path(database: Path) -> Path:
    return database.with_name(f"{database.stem}.metadata.json")


def metadata(database_name: str) -> dict[str, Any]:
    return {
        "title": "civicdata",
        "description": (
            "Cited records about Philadelphia's District Attorney, sanctuary policies and "
            "ICE's access to PARS, from five news articles (2018-2024). Every fact cites "
            "its article; see the citation table."
        ),
        "license": "MIT",
        "databases": {
            database_name: {
                "tables": {
                    table: {"label_column": column} for table, column in LABEL_COLUMNS.items()
                }
            }
        },
    }


def is_metadata(path: Path) -> bool:
    """Whether ``path`` holds Datasette metadata a previous export wrote."""
    document = read_json(path)
    return (
        isinstance(document, dict)
        and document.get("title") == "civicdata"
        and isinstance(document.get("databases"), dict)
    )


def write_metadata(database: Path) -> Path:
    out = metadata_path(database)
    write_atomically(out, json.dumps(metadata(database.stem), indent=2) + "\n")
    return out
