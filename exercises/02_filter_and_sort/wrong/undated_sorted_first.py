"""Giving undated claims an empty sort key, which puts them before every dated claim."""

from civicdata import Dataset


def claims_by_speaker(dataset: Dataset, speaker_id: str) -> list[str]:
    claims = [claim for claim in dataset.claims if claim.speaker == speaker_id]
    ordered = sorted(claims, key=lambda c: (c.date.sort_key() if c.date else (), c.id))
    return [c.id for c in ordered]


def organizations_of_class(dataset: Dataset, classification: str) -> list[str]:
    wanted = classification.lower()
    return sorted(o.id for o in dataset.organizations if str(o.classification) == wanted)
