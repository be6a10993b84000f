"""Where each generated page lives in the docs tree."""

from __future__ import annotations

RECORDS = "records"
EXERCISES = "exercises"


def record_page(kind: str, record_id: str) -> str:
    return f"{RECORDS}/{kind}/{record_id}.md"


def kind_index(kind: str) -> str:
    return f"{RECORDS}/{kind}/index.md"


def seed_page(source_id: str) -> str:
    return f"seeds/{source_id}.md"


def exercise_page(exercise_id: str) -> str:
    return f"{EXERCISES}/{exercise_id}.md"


def quote_anchor(number: int) -> str:
    return f"q-{number}"


TIMELINE = "timeline.md"
RELATIONSHIPS = "relationships.md"
DATA_MODEL = "reference/data-model.md"
RECORDS_INDEX = f"{RECORDS}/index.md"
EXERCISES_INDEX = f"{EXERCISES}/index.md"
SQL_PAGE = "sql/index.md"
SQL_DATABASE = "sql/civicdata.sqlite"  # beside the SQL page, which loads it
