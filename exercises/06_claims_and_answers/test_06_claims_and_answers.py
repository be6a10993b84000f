from collections import Counter

import pytest

ABOUT = ["larry-krasner", "pars-ice-access-contract"]
ROOT = "vega-links-krasner-approach-to-violence"
CONVERSATION = f"conversation(dataset, {ROOT!r})"
UNANSWERED = "conversation(dataset, 'advocates-want-ice-dissolved')"
KINDS = "kinds_by_speaker(dataset, 'larry-krasner')"


@pytest.mark.task("claims_about")
@pytest.mark.calls(*(f"claims_about(dataset, {record_id!r})" for record_id in ABOUT))
def test_claims_about(judge, dataset):
    for record_id in ABOUT:
        expected = sorted(c.id for c in dataset.claims if record_id in c.about)
        judge.expect(f"claims_about(dataset, {record_id!r})", expected)


@pytest.mark.task("conversation")
@pytest.mark.calls(CONVERSATION, UNANSWERED)
def test_conversation(judge, dataset):
    def answers(claim_id):
        return {c.id for c in dataset.claims if claim_id in c.responds_to}

    expected, frontier = set(), {ROOT}
    while frontier:
        frontier = set().union(*(answers(c) for c in frontier)) - expected - {ROOT}
        expected |= frontier
    judge.expect(
        CONVERSATION,
        sorted(expected),
        "Include answers to answers too, and leave out the claim itself",
    )
    judge.expect(UNANSWERED, [])


@pytest.mark.task("kinds_by_speaker")
@pytest.mark.calls(KINDS)
def test_kinds_by_speaker(judge, dataset):
    expected = dict(Counter(str(c.kind) for c in dataset.claims if c.speaker == "larry-krasner"))
    judge.expect(KINDS, expected)
