"""Matching the classification with `in`, so that "police" finds police unions and departments."""

from civicdata import Dataset


def claims_by_speaker(dataset: Dataset, speaker_id: str) -> list[str]:
    claims = [claim for claim in dataset.claims if claim.speaker == speaker_id]
    dated = sorted((c for c in claims if c.date), key=lambda c: (c.date.sort_key(), c.id))
    return [c.id for c in dated] + sorted(c.id for c in claims if c.date is None)


def organizations_of_class(dataset: Dataset, classification: str) -> list[str]:
    wanted = classification.lower()
    return sorted(o.id for o in dataset.organizations if wanted in str(o.classification))
