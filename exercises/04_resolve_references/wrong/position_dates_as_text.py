"""Ordering positions by their dates as text (undated as ""), then keeping the last per
voter: '2018' sorts before '2018-01-01' as text, though the year ends later."""

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    vote = dataset.get(vote_id)
    ordered = sorted(vote.positions, key=lambda p: str(p.date) if p.date else "")
    return {dataset.name_of(p.voter): str(p.position) for p in ordered}


def role_titles(dataset: Dataset, person_id: str, organization_id: str, on: str) -> list[str]:
    return [r.title for r in dataset.roles_on(person_id, on) if r.organization == organization_id]
