"""Exports of the dataset: SQLite, JSON, CSV with a data package, and Popolo.

The formats are declared once, in :mod:`civicdata.export.formats`. Importing
this package imports no exporter: ``FORMATS`` and the ``export_*`` functions
are looked up on first use (PEP 562), so the command line can read the
declarations without loading the models.
"""

from __future__ import annotations

from typing import Any

from .formats import EXPORT_FORMATS, FORMATS_BY_NAME, ExportFormat

_WRITERS = {fmt.writer.rpartition(":")[2]: fmt for fmt in EXPORT_FORMATS}


def __getattr__(name: str) -> Any:
    if name == "FORMATS":  # name -> writer, as before the declarations
        return {fmt.name: fmt.function for fmt in EXPORT_FORMATS}
    if name in _WRITERS:
        return _WRITERS[name].function
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")


# The export_* functions and FORMATS come from __getattr__.
__all__ = [
    "EXPORT_FORMATS",
    "FORMATS",
    "FORMATS_BY_NAME",
    "ExportFormat",
    "export_csv",
    "export_json",
    "export_popolo",
    "export_sqlite",
]
