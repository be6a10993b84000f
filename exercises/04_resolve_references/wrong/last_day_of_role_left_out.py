"""Leaving a role out on its last day: `end.last_day <= day` where `<` was meant."""

from civicdata import Dataset
from civicdata.dates import PartialDate


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    vote = dataset.get(vote_id)
    ordered = sorted(
        enumerate(vote.positions),
        key=lambda pair: (pair[1].date.sort_key() if pair[1].date else (), pair[0]),
    )
    latest = {position.voter: str(position.position) for _, position in ordered}
    return {dataset.name_of(voter): position for voter, position in latest.items()}


def role_titles(dataset: Dataset, person_id: str, organization_id: str, on: str) -> list[str]:
    when = PartialDate.parse(on)
    return [
        role.title
        for role in dataset.get(person_id).roles
        if role.organization == organization_id
        and not (role.start and when.certainly_before(role.start))
        and not (role.end and role.end.last_day <= when.first_day)
    ]
