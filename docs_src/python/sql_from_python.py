"""Export to SQLite and ask it a question from Python."""

import sqlite3
import tempfile
from pathlib import Path

import civicdata
from civicdata.export import export_sqlite

path = Path(tempfile.mkdtemp()) / "civicdata.db"
export_sqlite(civicdata.load(), path)

with sqlite3.connect(path) as db:
    query = "SELECT voter, position, date FROM positions_per_vote ORDER BY date, voter"
    for voter, position, date in db.execute(query):
        print(date or "(undated)", voter, position)
