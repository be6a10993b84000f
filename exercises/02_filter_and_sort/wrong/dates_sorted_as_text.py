"""Sorting partial dates as text: "2018" < "2018-01-01" as strings, so the year comes first."""

from civicdata import Dataset


def claims_by_speaker(dataset: Dataset, speaker_id: str) -> list[str]:
    claims = [claim for claim in dataset.claims if claim.speaker == speaker_id]
    dated = sorted((c for c in claims if c.date), key=lambda c: (str(c.date), c.id))
    undated = sorted(c.id for c in claims if c.date is None)
    return [c.id for c in dated] + undated


def organizations_of_class(dataset: Dataset, classification: str) -> list[str]:
    wanted = classification.lower()
    return sorted(o.id for o in dataset.organizations if str(o.classification) == wanted)
