"""JSON Schema for each record kind, for editor autocompletion and checks.

Editors that run the YAML language server pick it up from the first line of a
record (``# yaml-language-server: $schema=...``), which ``civicdata new`` writes.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from .files_io import write_atomically
from .models import MODELS

SCHEMA_DIALECT = "https://json-schema.org/draft/2020-12/schema"


def schema_for(kind: str) -> dict[str, Any]:
    schema = MODELS[kind].model_json_schema()
    return {"$schema": SCHEMA_DIALECT, **schema, "title": f"civicdata {kind}"}


def schema_file_name(kind: str) -> str:
    return f"{kind}.schema.json"


def render(kind: str) -> str:
    return json.dumps(schema_for(kind), indent=2, ensure_ascii=False) + "\n"


def write_schemas(out_dir: Path) -> list[Path]:
    """Write one schema file per kind; returns the paths written.

    Each file is written to a temporary file and renamed into place, so a
    symbolic link named like a schema is replaced, never written through,
    and a folder or device of that name is refused.
    """
    out_dir.mkdir(parents=True, exist_ok=True)
    written = []
    for kind in MODELS:
        path = out_dir / schema_file_name(kind)
        write_atomically(path, render(kind))
        written.append(path)
    return written
