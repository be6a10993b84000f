"""Exercise 04, reference solution."""

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    """Each voter's latest stated position on the vote, keyed by the voter's NAME."""
    vote = dataset.get(vote_id)
    ordered = sorted(
        enumerate(vote.positions),
        key=lambda pair: (pair[1].date.sort_key() if pair[1].date else (), pair[0]),
    )
    latest = {position.voter: str(position.position) for _, position in ordered}
    return {dataset.name_of(voter): position for voter, position in latest.items()}


def role_titles(dataset: Dataset, person_id: str, organization_id: str) -> list[str]:
    """Titles of the person's roles held at the organization, in listed order."""
    person = dataset.get(person_id)
    return [role.title for role in person.roles if role.organization == organization_id]
