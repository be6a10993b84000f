"""Sorting by date alone: claims with the same date keep the order the dataset lists them in."""

from civicdata import Dataset


def claims_by_speaker(dataset: Dataset, speaker_id: str) -> list[str]:
    claims = [claim for claim in dataset.claims if claim.speaker == speaker_id]
    dated = [c for c in claims if c.date]
    dated.sort(key=lambda c: c.date.sort_key())
    return [c.id for c in dated] + sorted(c.id for c in claims if c.date is None)


def organizations_of_class(dataset: Dataset, classification: str) -> list[str]:
    wanted = classification.lower()
    return sorted(o.id for o in dataset.organizations if str(o.classification) == wanted)
