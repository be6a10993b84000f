"""Export to SQLite and ask it a question from Python."""

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import civicdata
from civicdata.export import export_sqlite

QUERY = "SELECT voter, position, date FROM positions_per_vote ORDER BY date, voter"

# A folder of its own for the export: deleted, export and all, when the block ends.
with tempfile.TemporaryDirectory() as folder:
    path = Path(folder) / "civicdata.db"
    export_sqlite(civicdata.load(), path)
    # closing(): the connection is closed when the block ends.
    with closing(sqlite3.connect(path)) as db:
        for voter, position, date in db.execute(QUERY):
            print(date or "(undated)", voter, position)
