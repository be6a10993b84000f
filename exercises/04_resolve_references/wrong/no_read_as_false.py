"""A common mistake: reading the YAML file with PyYAML's defaults, which turn `no` into False.

expect: latest_positions fails with "YAML 1.1"
"""

import yaml

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    path = dataset.path_of(vote_id)
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    latest = {}
    for position in sorted(data["positions"], key=lambda p: str(p.get("date", ""))):
        latest[position["voter"]] = position["position"]
    return {dataset.name_of(voter): position for voter, position in latest.items()}


def role_titles(dataset: Dataset, person_id: str, organization_id: str) -> list[str]:
    person = dataset.get(person_id)
    return [role.title for role in person.roles if role.organization == organization_id]
