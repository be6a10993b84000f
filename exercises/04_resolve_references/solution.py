"""Exercise 04, reference solution."""

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    """Each voter's latest stated position on the vote, keyed by the voter's NAME.

    A voter may state several positions; the latest by date counts, and of two
    with the same date, the one listed later. An undated position counts as older
    than every dated one (of two undated ones, the one listed later counts).
    """
    vote = dataset.get(vote_id)
    ordered = sorted(
        enumerate(vote.positions),
        key=lambda pair: (pair[1].date.sort_key() if pair[1].date else (), pair[0]),
    )
    latest = {position.voter: str(position.position) for _, position in ordered}
    return {dataset.name_of(voter): position for voter, position in latest.items()}


def role_titles(dataset: Dataset, person_id: str, organization_id: str, on: str) -> list[str]:
    """Titles of the person's roles at the organization that they may have held on `on`.

    `on` is a partial date such as "2018" or "2018-07-11"; a role counts unless
    its start or end date certainly rules that date out. Titles in listed order.
    """
    return [r.title for r in dataset.roles_on(person_id, on) if r.organization == organization_id]
