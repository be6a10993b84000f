"""The whole dataset as one JSON document, with a schema version to check against."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .. import __version__
from ..dataset import Dataset
from ..models import MODELS
from .files import read_json, write_atomically

SCHEMA_VERSION = 1


def as_document(dataset: Dataset) -> dict[str, Any]:
    """Records grouped by kind, each exactly as the models dump it (dates as text)."""
    return {
        "schema_version": SCHEMA_VERSION,
        "generator": f"civicdata {__version__}",
        "counts": {kind: len(dataset.by_kind[kind]) for kind in MODELS},
        "records": {
            kind: [
                record.model_dump(mode="json", exclude_none=True)
                for record in sorted(dataset.by_kind[kind], key=lambda r: r.id)
            ]
            for kind in MODELS
        },
    }


def is_export(path: Path) -> bool:
    """Whether ``path`` holds a previous JSON export (which ``--out`` may replace)."""
    document = read_json(path)
    return (
        isinstance(document, dict)
        and "schema_version" in document
        and str(document.get("generator", "")).startswith("civicdata ")
    )


def export_json(dataset: Dataset, out: Path) -> list[Path]:
    text = json.dumps(as_document(dataset), ensure_ascii=False, indent=2) + "\n"
    write_atomically(out, text)
    return [out]
