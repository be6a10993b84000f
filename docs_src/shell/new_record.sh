uv run civicdata new person jane-doe
