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
    schema = _anchored(MODELS[kind].model_json_schema())
    return {"$schema": SCHEMA_DIALECT, **schema, "title": f"civicdata {kind}"}


def _anchored(node: Any) -> Any:
    """Every ``pattern`` ending in ``$`` also refuses a final newline, as the models do.

    The models' patterns run in pydantic-core's Rust engine, where ``$`` is the end of
    the text; a JSON Schema checker in Python (the ``jsonschema`` package) uses ``re``,
    whose ``$`` also matches before a final newline, so ``id: "x\n"`` passed the
    shipped schema and failed the validator. ``(?!\n)`` after the ``$`` is the same
    rule in both engines (and in the JavaScript of an editor).
    """
    if isinstance(node, dict):
        found = {key: _anchored(value) for key, value in node.items()}
        pattern = found.get("pattern")
        if isinstance(pattern, str) and pattern.endswith("$"):
            found["pattern"] = pattern + "(?!\n)"
        return found
    if isinstance(node, list):
        return [_anchored(item) for item in node]
    return node


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
