"""Ordering positions by their first day only, then keeping the last per voter: '2018'
and '2018-01-01' start the same day, so listed order decides, not which ends later."""

import datetime as dt

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    vote = dataset.get(vote_id)
    ordered = sorted(vote.positions, key=lambda p: p.date.first_day if p.date else dt.date.min)
    return {dataset.name_of(p.voter): str(p.position) for p in ordered}


def role_titles(dataset: Dataset, person_id: str, organization_id: str, on: str) -> list[str]:
    return [r.title for r in dataset.roles_on(person_id, on) if r.organization == organization_id]
