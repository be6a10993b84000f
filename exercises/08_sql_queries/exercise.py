"""Exercise 08: SQL queries against the SQLite export.

Write each query as a string. Explore the schema first:
    uv run civicdata export --format sqlite && sqlite3 civicdata.db .schema
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
