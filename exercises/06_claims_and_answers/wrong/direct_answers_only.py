"""Following only the direct answers to a claim, not the answers to those answers."""

from collections import Counter

from civicdata import Dataset


def claims_about(dataset: Dataset, record_id: str) -> list[str]:
    return sorted(claim.id for claim in dataset.claims if record_id in claim.about)


def conversation(dataset: Dataset, claim_id: str) -> list[str]:
    return sorted(claim.id for claim in dataset.claims if claim_id in claim.responds_to)


def kinds_by_speaker(dataset: Dataset, speaker_id: str) -> dict[str, int]:
    return dict(Counter(str(c.kind) for c in dataset.claims if c.speaker == speaker_id))
