"""Exercise 02, reference solution."""

from civicdata import Dataset


def claims_by_speaker(dataset: Dataset, speaker_id: str) -> list[str]:
    """Ids of the speaker's claims: dated ones oldest first, then undated ones.

    Claims with the same date (or both undated) are ordered by id.
    """
    claims = [claim for claim in dataset.claims if claim.speaker == speaker_id]
    dated = sorted((c for c in claims if c.date), key=lambda c: (c.date.sort_key(), c.id))
    undated = sorted(c.id for c in claims if c.date is None)
    return [c.id for c in dated] + undated


def organizations_of_class(dataset: Dataset, classification: str) -> list[str]:
    """Ids of organizations with this classification, sorted; any letter case matches."""
    wanted = classification.lower()
    return sorted(o.id for o in dataset.organizations if str(o.classification) == wanted)
