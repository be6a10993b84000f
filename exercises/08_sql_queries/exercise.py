"""Exercise 08: SQL queries against the SQLite export.

Write each query as a string. Try each one first, on the SQL page of the
course's site or in the sqlite3 shell (chapter 6 shows how):
    uv run civicdata export --format sqlite --out civicdata.db
    sqlite3 -header -column civicdata.db
Chapter 6's "The tables you will join" lists the tables and columns you need.
"""

# Rows of (kind, count) for every claim kind, most frequent first, ties by kind.
CLAIMS_PER_KIND = """
-- TODO
"""

# Names (from the `record` table) of everyone who made a claim about the policy
# 'pars-ice-access-contract', each once, sorted by name. Rows of (name,).
SPEAKERS_ABOUT_PARS = """
-- TODO
"""

# Ids of events certainly in July 2018 (the whole date interval inside the
# month), sorted by id. Rows of (id,).
EVENTS_IN_JULY_2018 = """
-- TODO
"""
