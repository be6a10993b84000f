"""Export to SQLite and ask it a question from Python."""

import sqlite3
import tempfile
from contextlib import closing
from pathlib import Path

import civicdata
from civicdata.export import export_sqlite

with tempfile.TemporaryDirectory() as folder:  # deleted, export and all, at the end
    path = Path(folder) / "civicdata.db"
    export_sqlite(civicdata.load(), path)
    with closing(sqlite3.connect(path)) as db:  # closed at the end of the block
        query = "SELECT voter, position, date FROM positions_per_vote ORDER BY date, voter"
        for voter, position, date in db.execute(query):
            print(date or "(undated)", voter, position)
