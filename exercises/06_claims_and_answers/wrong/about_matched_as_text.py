"""Testing `about` as text: any id that contains the asked id matches, so a claim about
'policy-oak-renewal' is taken for one about 'policy-oak'."""

from collections import Counter

from civicdata import Dataset


def claims_about(dataset: Dataset, record_id: str) -> list[str]:
    return sorted(
        claim.id for claim in dataset.claims if any(record_id in other for other in claim.about)
    )


def conversation(dataset: Dataset, claim_id: str) -> list[str]:
    found: set[str] = set()
    queue = [claim_id]
    while queue:
        current = queue.pop()
        for claim in dataset.claims:
            if current in claim.responds_to and claim.id not in found and claim.id != claim_id:
                found.add(claim.id)
                queue.append(claim.id)
    return sorted(found)


def kinds_by_speaker(dataset: Dataset, speaker_id: str) -> dict[str, int]:
    return dict(Counter(str(c.kind) for c in dataset.claims if c.speaker == speaker_id))
