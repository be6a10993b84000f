uv run civicdata validate civicdata/data/person/larry-krasner.yaml
