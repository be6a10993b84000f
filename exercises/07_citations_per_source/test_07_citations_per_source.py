import pytest

from civicdata.grading.counterexample import Known, cases
from civicdata.grading.generate import SEEDS
from civicdata.walk import links

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
    "link_citations_missed": (
        "These counts miss the citations of links: a record's link_citations (the quote "
        "saying a policy was adopted by someone, a claim is about something) cite a source "
        "too. civicdata.walk.links(record).citations lists them with the others"
    ),
    "uncited_sources_left_out": (
        "A source nothing cites is missing: the task wants every source id, with 0 when "
        "nothing cites it. Start the counts from every source in dataset.sources"
    ),
    "count_returned_not_id": (
        "That is the largest count, not the source that has it: max(counts, key=counts.get) "
        "gives the id whose count is largest"
    ),
    "max_compares_keys": (
        "max(counts) compares the keys (source ids, alphabetically), not the counts: "
        "max(counts, key=counts.get) picks the key with the largest value"
    ),
}


def _all(record):
    return [citation for _, citation in links(record).citations]


def counts(data, citations=_all, zero=True):
    found = {source.id: 0 for source in data.sources} if zero else {}
    for record in data:
        for citation in citations(record):
            found[citation.source] = found.get(citation.source, 0) + 1
    return found


def _not_links(record):
    return [c for loc, c in links(record).citations if loc[0] != "link_citations"]


PER_SOURCE = cases(
    "citations_per_source({data})", real=[()], family="07", seeds=SEEDS, generated=lambda p: [()]
)
PER_SOURCE_KNOWN = [
    Known(MISCONCEPTIONS["top_level_only"], lambda d: counts(d, lambda r: r.citations)),
    Known(
        MISCONCEPTIONS["top_level_counted_twice"],
        lambda d: counts(d, lambda r: [*r.citations, *_all(r)]),
    ),
    Known(
        MISCONCEPTIONS["records_counted_not_citations"],
        lambda d: {source.id: len(d.cited_by(source.id)) for source in d.sources},
    ),
    Known(MISCONCEPTIONS["uncited_sources_left_out"], lambda d: counts(d, zero=False)),
    Known(MISCONCEPTIONS["link_citations_missed"], lambda d: counts(d, _not_links)),
]


@pytest.mark.task("citations_per_source")
def test_citations_per_source(judge, dataset):
    PER_SOURCE.check(judge, dataset, counts, known=PER_SOURCE_KNOWN, citations=True)


def most(data):
    found = counts(data)
    return max(found, key=found.get)


MOST_CASES = cases(
    "most_cited({data})", real=[()], family="07", seeds=SEEDS, generated=lambda p: [()]
)


@pytest.mark.task("most_cited")
def test_most_cited(judge, dataset):
    MOST_CASES.check(
        judge,
        dataset,
        most,
        known=[
            Known(MISCONCEPTIONS["max_compares_keys"], lambda d: max(counts(d))),
            Known(MISCONCEPTIONS["count_returned_not_id"], lambda d: max(counts(d).values())),
        ],
        citations=True,
    )
