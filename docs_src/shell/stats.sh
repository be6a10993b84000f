uv run civicdata stats
