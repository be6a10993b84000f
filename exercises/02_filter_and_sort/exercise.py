"""Exercise 02: filter and sort."""

from civicdata import Dataset


def claims_by_speaker(dataset: Dataset, speaker_id: str) -> list[str]:
    """Ids of the speaker's claims: dated ones oldest first, then undated ones.

    Claims with the same date (or both undated) are ordered by id.
    """
    # TODO: filter dataset.claims, then sort with a key.
    raise NotImplementedError("claims_by_speaker")


def organizations_of_class(dataset: Dataset, classification: str) -> list[str]:
    """Ids of organizations with this classification, sorted; any letter case matches.

    organizations_of_class(dataset, "Court") and (dataset, "court") give the same list.
    Only a whole classification matches: "police" matches neither "police_union"
    nor "police_department".
    """
    # TODO
    raise NotImplementedError("organizations_of_class")
