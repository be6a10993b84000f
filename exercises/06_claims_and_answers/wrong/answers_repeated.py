"""Collecting answers in a list: a claim answering two claims of the conversation comes twice."""

from collections import Counter

from civicdata import Dataset


def claims_about(dataset: Dataset, record_id: str) -> list[str]:
    return sorted(claim.id for claim in dataset.claims if record_id in claim.about)


def conversation(dataset: Dataset, claim_id: str) -> list[str]:
    found: list[str] = []
    queue = [claim_id]
    visited = {claim_id}
    while queue:
        current = queue.pop(0)
        for claim in dataset.claims:
            if current in claim.responds_to and claim.id != claim_id:
                found.append(claim.id)
                if claim.id not in visited:
                    visited.add(claim.id)
                    queue.append(claim.id)
    return sorted(found)


def kinds_by_speaker(dataset: Dataset, speaker_id: str) -> dict[str, int]:
    return dict(Counter(str(c.kind) for c in dataset.claims if c.speaker == speaker_id))
