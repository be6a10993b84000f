"""Hidden checks (autograder only): each query on 20 hidden generated datasets."""

from collections import Counter

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.counterexample import all_of, cases
from civicdata.grading.generate import HIDDEN_SEEDS

POLICY = "pars-ice-access-contract"
JULY = PartialDate.parse("2018-07")


def _cases(query):
    return cases(
        f"rows({query}, {{data}})", family="08", seeds=HIDDEN_SEEDS, generated=lambda p: [()]
    )


def _per_kind(data):
    counts = Counter(str(c.kind) for c in data.claims)
    return [list(row) for row in sorted(counts.items(), key=lambda r: (-r[1], r[0]))]


def _speakers(data):
    return [
        [n] for n in sorted({data.name_of(c.speaker) for c in data.claims if POLICY in c.about})
    ]


def _july(data):
    return sorted([e.id] for e in data.events if JULY.contains(e.date))


PER_KIND = _cases("CLAIMS_PER_KIND")
SPEAKERS = _cases("SPEAKERS_ABOUT_PARS")
EVENTS = _cases("EVENTS_IN_JULY_2018")


@pytest.mark.task("more_queries")
def test_more_queries(judge, dataset):
    all_of(
        lambda: PER_KIND.check(judge, dataset, _per_kind),
        lambda: SPEAKERS.check(judge, dataset, _speakers),
        lambda: EVENTS.check(judge, dataset, _july),
    )
