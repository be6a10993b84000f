"""Hidden checks (autograder only): other records, claims and generated conversations."""

from collections import Counter

import pytest

from civicdata.grading.counterexample import all_of, cases
from civicdata.grading.generate import HIDDEN_SEEDS


def _about(data, record_id):
    return sorted(c.id for c in data.claims if record_id in c.about)


def _conversation(data, root):
    found, frontier = set(), {root}
    while frontier:
        frontier = {c.id for c in data.claims if set(c.responds_to) & frontier} - found - {root}
        found |= frontier
    return sorted(found)


def _kinds(data, speaker):
    return dict(Counter(str(c.kind) for c in data.claims if c.speaker == speaker))


def _cases(template, real, key):
    return cases(
        template,
        real=real,
        family="06",
        seeds=HIDDEN_SEEDS,
        generated=lambda p: [(x,) for x in p.asks[key]],
    )


ABOUT = _cases(
    "claims_about({data}, {0!r})", [("jim-kenney",), ("da-immigration-counsel",)], "subjects"
)
CONVERSATION = _cases("conversation({data}, {0!r})", [("krasner-rebukes-mcswain",)], "claims")
KINDS = _cases("kinds_by_speaker({data}, {0!r})", [("carlos-vega",)], "speakers")


@pytest.mark.task("more_conversations")
def test_more_conversations(judge, dataset):
    all_of(
        lambda: ABOUT.check(judge, dataset, _about),
        lambda: CONVERSATION.check(judge, dataset, _conversation),
        lambda: KINDS.check(judge, dataset, _kinds),
    )
