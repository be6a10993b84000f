import pytest

from civicdata.grading.expect import Known
from civicdata.walk import links

CALL = "citations_per_source(dataset)"
MOST = "most_cited(dataset)"

MISCONCEPTIONS = {
    "top_level_only": (
        "These counts miss nested citations: roles, status changes and vote positions carry "
        "citations of their own. civicdata.walk.links(record).citations lists them all"
    ),
    "top_level_counted_twice": (
        "Each record's own citations are counted twice: links(record).citations already "
        "includes record.citations, so adding both counts those again"
    ),
    "records_counted_not_citations": (
        "These are the numbers of records citing each source: a record that cites a source "
        "three times counts three citations. Count every citation"
    ),
    "max_compares_keys": (
        "max(counts) compares the keys (source ids, alphabetically), not the counts: "
        "max(counts, key=counts.get) picks the key with the largest value"
    ),
}


def _counts(dataset, citations):
    counts = {source.id: 0 for source in dataset.sources}
    for record in dataset:
        for citation in citations(record):
            counts[citation.source] += 1
    return counts


def _all(record):
    return [citation for _, citation in links(record).citations]


@pytest.mark.task("citations_per_source")
@pytest.mark.calls(CALL)
def test_citations_per_source(judge, dataset):
    judge.expect(
        CALL,
        _counts(dataset, _all),
        known=[
            Known(
                _counts(dataset, lambda record: record.citations),
                MISCONCEPTIONS["top_level_only"],
            ),
            Known(
                _counts(dataset, lambda record: [*record.citations, *_all(record)]),
                MISCONCEPTIONS["top_level_counted_twice"],
            ),
            Known(
                {source.id: len(dataset.cited_by(source.id)) for source in dataset.sources},
                MISCONCEPTIONS["records_counted_not_citations"],
            ),
        ],
    )


@pytest.mark.task("most_cited")
@pytest.mark.calls(MOST)
def test_most_cited(judge, dataset):
    counts = _counts(dataset, _all)
    judge.expect(
        MOST,
        max(counts, key=counts.get),
        known=[Known(max(counts), MISCONCEPTIONS["max_compares_keys"])],
    )
