"""Keeping the latest position with `>`: a position replaces the one kept only when its
date is strictly later, so of two with the same date the first listed wins."""

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    vote = dataset.get(vote_id)
    best: dict[str, tuple] = {}
    for position in vote.positions:
        key = position.date.sort_key() if position.date else ()
        if position.voter not in best or key > best[position.voter][0]:
            best[position.voter] = (key, str(position.position))
    return {dataset.name_of(voter): kept for voter, (_, kept) in best.items()}


def role_titles(dataset: Dataset, person_id: str, organization_id: str, on: str) -> list[str]:
    return [r.title for r in dataset.roles_on(person_id, on) if r.organization == organization_id]
