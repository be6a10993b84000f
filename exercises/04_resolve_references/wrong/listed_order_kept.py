"""Letting the position listed last win, as if positions were listed in date order."""

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    vote = dataset.get(vote_id)
    found = {position.voter: str(position.position) for position in vote.positions}
    return {dataset.name_of(voter): position for voter, position in found.items()}


def role_titles(dataset: Dataset, person_id: str, organization_id: str, on: str) -> list[str]:
    return [r.title for r in dataset.roles_on(person_id, on) if r.organization == organization_id]
