from collections import Counter

import pytest

from civicdata.grading.expect import Known, expect_calls

ABOUT = ["larry-krasner", "pars-ice-access-contract"]
# A chain: Evans answers Vega, who answers Krasner; and a claim with answers but no deeper ones.
ROOTS = ["krasner-first-ever-unit", "vega-links-krasner-approach-to-violence"]
UNANSWERED = "advocates-want-ice-dissolved"
KINDS = "kinds_by_speaker(dataset, 'larry-krasner')"

MISCONCEPTIONS = {
    "speaker_taken_for_subject": (
        "These are the claims the record MADE (its speaker field), not the claims ABOUT it: "
        "use claim.about, the ids a claim is about"
    ),
    "direct_answers_only": (
        "Only the direct answers came back: an answer to an answer is part of the "
        "conversation too. Keep a queue and follow responds_to until no new claim is found"
    ),
    "claim_itself_included": (
        "The claim you started from is in the list: the task asks for the claims answering "
        "it, so leave the claim itself out"
    ),
    "answered_claims_followed": (
        "These are the claims the claim answers (its own responds_to): the task goes the "
        "other way, to the claims whose responds_to names it"
    ),
}


def _about(record_id):
    return f"claims_about(dataset, {record_id!r})"


def _conversation(claim_id):
    return f"conversation(dataset, {claim_id!r})"


@pytest.mark.task("claims_about")
@pytest.mark.calls(*map(_about, ABOUT))
def test_claims_about(judge, dataset):
    def answers(chosen):
        return {_about(r): sorted(c.id for c in dataset.claims if chosen(c, r)) for r in ABOUT}

    expect_calls(
        judge,
        answers(lambda claim, record_id: record_id in claim.about),
        known=[
            Known(
                answers(lambda claim, record_id: claim.speaker == record_id),
                MISCONCEPTIONS["speaker_taken_for_subject"],
            )
        ],
    )


@pytest.mark.task("conversation")
@pytest.mark.calls(*map(_conversation, [*ROOTS, UNANSWERED]))
def test_conversation(judge, dataset):
    def answers_to(claim_id):
        return {c.id for c in dataset.claims if claim_id in c.responds_to}

    def chain(root, deep=True):
        found, frontier = set(), {root}
        while frontier:
            frontier = set().union(*map(answers_to, frontier)) - found - {root}
            found |= frontier
            if not deep:
                break
        return found

    def answers(found):
        return {_conversation(root): sorted(found(root)) for root in [*ROOTS, UNANSWERED]}

    expect_calls(
        judge,
        answers(chain),
        known=[
            Known(
                answers(lambda root: chain(root, deep=False)),
                MISCONCEPTIONS["direct_answers_only"],
            ),
            Known(
                answers(lambda root: chain(root) | {root}), MISCONCEPTIONS["claim_itself_included"]
            ),
            Known(
                answers(lambda root: set(dataset.get(root).responds_to)),
                MISCONCEPTIONS["answered_claims_followed"],
            ),
        ],
    )


@pytest.mark.task("kinds_by_speaker")
@pytest.mark.calls(KINDS)
def test_kinds_by_speaker(judge, dataset):
    expected = dict(Counter(str(c.kind) for c in dataset.claims if c.speaker == "larry-krasner"))
    judge.expect(KINDS, expected)
