"""A common mistake: returning ids where names were asked for.

expect: latest_positions fails with "dataset.name_of"
"""

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    vote = dataset.get(vote_id)
    ordered = sorted(
        enumerate(vote.positions),
        key=lambda pair: (pair[1].date.sort_key() if pair[1].date else (), pair[0]),
    )
    return {position.voter: str(position.position) for _, position in ordered}


def role_titles(dataset: Dataset, person_id: str, organization_id: str) -> list[str]:
    person = dataset.get(person_id)
    return [role.title for role in person.roles if role.organization == organization_id]
