"""The SQL page: the SQLite export, queried in the reader's browser with sql.js.

The page ships the database file beside it and loads sql.js (SQLite compiled
to WebAssembly, vendored under ``docs/javascripts/vendor/sql.js``), so a query
never leaves the site. The example buttons are the queries the SQL chapter
includes, read from the same files; the schema is read from the database.
"""

from __future__ import annotations

import re
import sqlite3
import tempfile
from pathlib import Path

from ..dataset import Dataset
from ..export import export_sqlite
from . import paths
from .markup import html, raw

PAGE = paths.SQL_PAGE
DATABASE = paths.SQL_DATABASE
CHAPTER = Path("docs/chapters/06-querying-sql.md")
_INCLUDE = re.compile(r'^--8<-- "(docs_src/sql/[^"]+\.sql)"', re.M)
# Not an exercise's answer: exercise 08 asks for claims per kind, so the page starts elsewhere.
DEFAULT = (
    "-- Organizations per classification; edit me, then Run (or Ctrl+Enter)\n"
    "SELECT classification, COUNT(*) AS organizations\nFROM organization\n"
    "GROUP BY classification\nORDER BY organizations DESC, classification;"
)


def database_bytes(dataset: Dataset) -> bytes:
    """The SQLite export, as ``civicdata export --format sqlite`` writes it."""
    with tempfile.TemporaryDirectory() as folder:
        out = Path(folder) / "civicdata.sqlite"
        export_sqlite(dataset, out)
        return out.read_bytes()


def examples(checkout: Path) -> list[tuple[str, str]]:
    """(label, query) for each SQL file the SQL chapter includes, in its order."""
    chapter = checkout / CHAPTER
    if not chapter.is_file():
        return []
    found = []
    for relative in _INCLUDE.findall(chapter.read_text(encoding="utf-8")):
        query = (checkout / relative).read_text(encoding="utf-8").strip()
        first = query.splitlines()[0] if query else ""
        label = first.removeprefix("--").strip() if first.startswith("--") else relative
        found.append((label, query))
    return found


def _schema(database: bytes) -> list[tuple[str, str, list[str]]]:
    """(type, name, columns) of each table and view."""
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "schema.sqlite"
        path.write_bytes(database)
        connection = sqlite3.connect(path)
        try:
            objects = connection.execute(
                "SELECT type, name FROM sqlite_master WHERE type IN ('table', 'view') "
                "AND name NOT LIKE 'sqlite_%' ORDER BY type, name"
            ).fetchall()
            return [
                (kind, name, [row[1] for row in connection.execute(f'PRAGMA table_info("{name}")')])
                for kind, name in objects
            ]
        finally:
            connection.close()


def page(database: bytes, queries: list[tuple[str, str]]) -> str:
    buttons = "\n".join(
        '<button type="button" class="md-button civicdata-example" '
        f'data-query="{html(query).replace(chr(10), "&#10;")}">{html(label)}</button>'
        for label, query in queries
    )
    schema = "\n".join(
        f'<li><code>{html(name)}</code> <span class="civicdata-note">({kind})</span>: '
        + ", ".join(f"<code>{html(column)}</code>" for column in columns)
        + "</li>"
        for kind, name, columns in _schema(database)
    )
    return "\n".join(
        [
            "# SQL in your browser",
            "",
            raw(
                "<p>The dataset's SQLite export, queried here in your browser: nothing is "
                "sent anywhere. Edit the query and press <strong>Run</strong> "
                "(or <kbd>Ctrl</kbd>+<kbd>Enter</kbd>). New to SQL? "
                '<a href="../chapters/06-querying-sql/">Chapter 6</a> starts from zero. '
                "The same file is what <code>civicdata export --format sqlite</code> writes; "
                '<a href="civicdata.sqlite" download>download it</a> to use with any '
                "SQLite client. The address of this page holds your query: copy it to "
                "share it.</p>",
                '<div class="civicdata-console">',
                '<form class="civicdata-sql" data-database="civicdata.sqlite" '
                'data-wasm="../javascripts/vendor/sql.js/sql-wasm-browser.wasm" '
                'data-sqljs="../javascripts/vendor/sql.js/sql-wasm-browser.js" '
                'data-worker="../javascripts/sql-worker.js" data-records="../records/" '
                'aria-label="SQL query">',
                '<label for="sql-query">Query</label>',
                '<textarea id="sql-query" rows="8" wrap="off" spellcheck="false" '
                f'autocapitalize="off">{html(DEFAULT)}</textarea>',
                '<p class="civicdata-sql-controls">'
                '<button type="submit" class="md-button md-button--primary" id="sql-run">'
                "Run</button> "
                '<button type="button" class="md-button" id="sql-cancel" disabled>Cancel</button> '
                '<label class="civicdata-sql-limit">time limit '
                '<input id="sql-limit" type="number" min="0.5" max="600" step="0.5" value="1" '
                'inputmode="decimal"> s</label> '
                '<span id="sql-status" role="status" aria-live="polite">Loading SQLite…</span></p>',
                "</form>",
                '<aside class="civicdata-schema-panel" aria-labelledby="tables-and-views" '
                'tabindex="0">',
                '<h2 id="tables-and-views">Tables and views</h2>',
                f'<ul class="civicdata-schema">{schema}</ul>',
                "</aside>",
                "</div>",
                '<div id="sql-results" class="civicdata-results"></div>',
                '<p id="sql-examples-label">Example queries from '
                '<a href="../chapters/06-querying-sql/">chapter 6</a>; each fills the box '
                "and runs:</p>",
                f'<div class="civicdata-examples" role="group" '
                f'aria-labelledby="sql-examples-label">{buttons}</div>',
            ),
            "",
            raw(
                '<script src="../javascripts/sql-page.js"></script>',
                tag="div",
                hidden="hidden",
            ),
            "",
        ]
    )


def generate(dataset: Dataset, checkout: Path) -> dict[str, str | bytes]:
    database = database_bytes(dataset)
    return {PAGE: page(database, examples(checkout)), DATABASE: database}
