uv run civicdata validate civicdata/data/person/jane-doe.yaml
