"""Exercise 04: resolve references."""

from civicdata import Dataset


def latest_positions(dataset: Dataset, vote_id: str) -> dict[str, str]:
    """Each voter's latest stated position on the vote, keyed by the voter's NAME.

    A voter may state several positions; the latest by date counts, and of two
    with the same date, the one listed later. Positions are text: "yes", "no",
    "undecided" ...
    """
    # TODO
    raise NotImplementedError("latest_positions")


def role_titles(dataset: Dataset, person_id: str, organization_id: str) -> list[str]:
    """Titles of the person's roles held at the organization, in listed order."""
    # TODO
    raise NotImplementedError("role_titles")
