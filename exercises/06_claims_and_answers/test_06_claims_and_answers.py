from collections import Counter

import pytest

from civicdata.grading.expect import expect_equal


@pytest.mark.task("claims_about")
def test_claims_about(submission, dataset):
    for record_id in ["larry-krasner", "pars-ice-access-contract"]:
        expected = sorted(c.id for c in dataset.claims if record_id in c.about)
        expect_equal(
            f"claims_about(dataset, {record_id!r})",
            submission.claims_about(dataset, record_id),
            expected,
        )


@pytest.mark.task("conversation")
def test_conversation(submission, dataset):
    def answers(claim_id):
        return {c.id for c in dataset.claims if claim_id in c.responds_to}

    root = "vega-links-krasner-approach-to-violence"
    expected, frontier = set(), {root}
    while frontier:
        frontier = set().union(*(answers(c) for c in frontier)) - expected - {root}
        expected |= frontier
    expect_equal(
        f"conversation(dataset, {root!r})",
        submission.conversation(dataset, root),
        sorted(expected),
        "Include answers to answers too, and leave out the claim itself",
    )
    expect_equal(
        "conversation(dataset, 'advocates-want-ice-dissolved')",
        submission.conversation(dataset, "advocates-want-ice-dissolved"),
        [],
    )


@pytest.mark.task("kinds_by_speaker")
def test_kinds_by_speaker(submission, dataset):
    expected = dict(Counter(str(c.kind) for c in dataset.claims if c.speaker == "larry-krasner"))
    got = submission.kinds_by_speaker(dataset, "larry-krasner")
    expect_equal(
        "kinds_by_speaker(dataset, 'larry-krasner')", {str(k): v for k, v in got.items()}, expected
    )
