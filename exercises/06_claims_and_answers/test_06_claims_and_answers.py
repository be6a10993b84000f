from collections import Counter

import pytest

from civicdata.grading.counterexample import Known, cases
from civicdata.grading.generate import SEEDS

ABOUT = ["larry-krasner", "pars-ice-access-contract"]
# A chain: Evans answers Vega, who answers Krasner; and a claim with answers but no deeper ones.
ROOTS = ["krasner-first-ever-unit", "vega-links-krasner-approach-to-violence"]
UNANSWERED = "advocates-want-ice-dissolved"

MISCONCEPTIONS = {
    "speaker_taken_for_subject": (
        "These are the claims the record MADE (its speaker field), not the claims ABOUT it: "
        "use claim.about, the ids a claim is about"
    ),
    "claims_about_unsorted": (
        "The ids came back in the order the dataset lists the claims: the task asks for "
        "them sorted. Return sorted(...)"
    ),
    "answers_repeated": (
        "A claim reached by two paths is listed twice: an answer to two claims of the "
        "conversation is still one claim. Keep the ids found in a set"
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
    "about_matched_as_text": (
        "A claim about another record came back because your id is part of its id "
        "('policy-oak' is in 'policy-oak-renewal'): `about` is a list of ids, so test "
        "`record_id in claim.about`, whole ids, not text inside them"
    ),
}


def about(data, record_id, chosen=lambda c, r: r in c.about, order=sorted):
    return order([c.id for c in data.claims if chosen(c, record_id)])


ABOUT_CASES = cases(
    "claims_about({data}, {0!r})",
    real=[(r,) for r in ABOUT],
    family="06",
    seeds=SEEDS,
    generated=lambda p: [(r,) for r in p.asks["subjects"]],
)
ABOUT_KNOWN = [
    Known(
        MISCONCEPTIONS["speaker_taken_for_subject"],
        lambda d, r: about(d, r, lambda c, r: c.speaker == r),
    ),
    Known(MISCONCEPTIONS["claims_about_unsorted"], lambda d, r: about(d, r, order=list)),
    Known(
        MISCONCEPTIONS["about_matched_as_text"],
        lambda d, r: about(d, r, lambda c, r: any(r in other for other in c.about)),
    ),
]


@pytest.mark.task("claims_about")
def test_claims_about(judge, dataset):
    ABOUT_CASES.check(judge, dataset, about, known=ABOUT_KNOWN)


def _answers_to(data, claim_id):
    return {c.id for c in data.claims if claim_id in c.responds_to}


def chain(data, root, deep=True):
    found, frontier = set(), {root}
    while frontier:
        frontier = set().union(*(_answers_to(data, c) for c in frontier)) - found - {root}
        found |= frontier
        if not deep:
            break
    return sorted(found)


def _with_repeats(data, root):
    """A queue without de-duplication: a claim reached by two paths is listed twice."""
    found, queue, seen = [], [root], {root}
    while queue:
        current = queue.pop(0)
        for claim in data.claims:
            if current in claim.responds_to and claim.id != root:
                found.append(claim.id)
                if claim.id not in seen:
                    seen.add(claim.id)
                    queue.append(claim.id)
    return sorted(found)


CONVERSATION = cases(
    "conversation({data}, {0!r})",
    real=[(c,) for c in [*ROOTS, UNANSWERED]],
    family="06",
    seeds=SEEDS,
    generated=lambda p: [(c,) for c in p.asks["claims"]],
)
CONVERSATION_KNOWN = [
    Known(MISCONCEPTIONS["direct_answers_only"], lambda d, r: chain(d, r, deep=False)),
    Known(MISCONCEPTIONS["claim_itself_included"], lambda d, r: sorted({*chain(d, r), r})),
    Known(
        MISCONCEPTIONS["answered_claims_followed"],
        lambda d, r: sorted(set(d.get(r).responds_to)),
    ),
    Known(MISCONCEPTIONS["answers_repeated"], _with_repeats),
]


@pytest.mark.task("conversation")
def test_conversation(judge, dataset):
    CONVERSATION.check(judge, dataset, chain, known=CONVERSATION_KNOWN)


def kinds(data, speaker):
    return dict(Counter(str(c.kind) for c in data.claims if c.speaker == speaker))


KINDS = cases(
    "kinds_by_speaker({data}, {0!r})",
    real=[("larry-krasner",), ("the-appeal",)],
    family="06",
    seeds=SEEDS,
    generated=lambda p: [(s,) for s in p.asks["speakers"]],
)


@pytest.mark.task("kinds_by_speaker")
def test_kinds_by_speaker(judge, dataset):
    KINDS.check(judge, dataset, kinds)
