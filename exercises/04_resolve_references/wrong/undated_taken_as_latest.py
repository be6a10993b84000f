"""Sorting undated positions after the dated ones, so an undated position always wins."""

import datetime as dt

from civicdata import Dataset

LAST = (dt.date.max, dt.date.max)


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    vote = dataset.get(vote_id)
    ordered = sorted(
        enumerate(vote.positions),
        key=lambda pair: (pair[1].date.sort_key() if pair[1].date else LAST, pair[0]),
    )
    latest = {position.voter: str(position.position) for _, position in ordered}
    return {dataset.name_of(voter): position for voter, position in latest.items()}


def role_titles(dataset: Dataset, person_id: str, organization_id: str, on: str) -> list[str]:
    return [r.title for r in dataset.roles_on(person_id, on) if r.organization == organization_id]
