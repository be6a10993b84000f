uv run civicdata export --format sqlite --out civicdata.db
