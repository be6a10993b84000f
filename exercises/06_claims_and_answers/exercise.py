"""Exercise 06: claims, and who answered whom."""

from civicdata import Dataset


def claims_about(dataset: Dataset, record_id: str) -> list[str]:
    """Sorted ids of the claims whose `about` names record_id."""
    # TODO
    raise NotImplementedError("claims_about")


def conversation(dataset: Dataset, claim_id: str) -> list[str]:
    """Sorted ids of every claim answering claim_id, directly or through other answers.

    The claim itself is not included.
    """
    # TODO: a queue of claims to visit works well.
    raise NotImplementedError("conversation")


def kinds_by_speaker(dataset: Dataset, speaker_id: str) -> dict[str, int]:
    """How many claims of each kind the speaker made, e.g. {"pledge": 4, "opinion": 7}."""
    # TODO
    raise NotImplementedError("kinds_by_speaker")
