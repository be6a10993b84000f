"""Exports of the dataset: SQLite, JSON, CSV with a data package, and Popolo."""

from __future__ import annotations

from .csv_package import export_csv
from .json_dump import export_json
from .popolo import export_popolo
from .sqlite import export_sqlite

FORMATS = {
    "sqlite": export_sqlite,
    "json": export_json,
    "csv": export_csv,
    "popolo": export_popolo,
}

__all__ = ["FORMATS", "export_csv", "export_json", "export_popolo", "export_sqlite"]
