"""Hidden checks (autograder only): 20 more generated datasets."""

import pytest

from civicdata.grading.counterexample import all_of, cases
from civicdata.grading.generate import HIDDEN_SEEDS
from civicdata.walk import links


def _counts(data):
    found = {source.id: 0 for source in data.sources}
    for record in data:
        for _, citation in links(record).citations:
            found[citation.source] += 1
    return found


def _most(data):
    found = _counts(data)
    return max(found, key=found.get)


PER_SOURCE = cases(
    "citations_per_source({data})", family="07", seeds=HIDDEN_SEEDS, generated=lambda p: [()]
)
MOST = cases("most_cited({data})", family="07", seeds=HIDDEN_SEEDS, generated=lambda p: [()])


@pytest.mark.task("more_citations")
def test_more_citations(judge, dataset):
    all_of(
        lambda: PER_SOURCE.check(judge, dataset, _counts, citations=True),
        lambda: MOST.check(judge, dataset, _most, citations=True),
    )
