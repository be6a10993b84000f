"""Reading the vote's YAML file with PyYAML's safe_load, which turns `no` into False."""

import yaml

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    path = dataset.path_of(vote_id)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    latest = {}
    for position in sorted(data["positions"], key=lambda p: str(p.get("date", ""))):
        latest[position["voter"]] = position["position"]
    return {dataset.name_of(voter): position for voter, position in latest.items()}


def role_titles(dataset: Dataset, person_id: str, organization_id: str, on: str) -> list[str]:
    return [r.title for r in dataset.roles_on(person_id, on) if r.organization == organization_id]
