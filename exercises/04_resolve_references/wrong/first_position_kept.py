"""Keeping each voter's first position, as if a stated position could not change later."""

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    vote = dataset.get(vote_id)
    ordered = sorted(
        enumerate(vote.positions),
        key=lambda pair: (pair[1].date.sort_key() if pair[1].date else (), pair[0]),
    )
    found: dict[str, str] = {}
    for _, position in ordered:
        found.setdefault(position.voter, str(position.position))
    return {dataset.name_of(voter): position for voter, position in found.items()}


def role_titles(dataset: Dataset, person_id: str, organization_id: str, on: str) -> list[str]:
    return [r.title for r in dataset.roles_on(person_id, on) if r.organization == organization_id]
