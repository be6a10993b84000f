"""Where each generated page lives in the docs tree."""

from __future__ import annotations

RECORDS = "records"


def record_page(kind: str, record_id: str) -> str:
    return f"{RECORDS}/{kind}/{record_id}.md"


def kind_index(kind: str) -> str:
    return f"{RECORDS}/{kind}/index.md"


def seed_page(source_id: str) -> str:
    return f"seeds/{source_id}.md"


def quote_anchor(number: int) -> str:
    return f"q-{number}"


TIMELINE = "timeline.md"
RELATIONSHIPS = "relationships.md"
DATA_MODEL = "reference/data-model.md"
RECORDS_INDEX = f"{RECORDS}/index.md"
