import pytest

from civicdata.walk import links


def _expected(dataset):
    counts = {source.id: 0 for source in dataset.sources}
    for record in dataset:
        for _, citation in links(record).citations:
            counts[citation.source] += 1
    return counts


@pytest.mark.task("citations_per_source")
@pytest.mark.calls("citations_per_source(dataset)")
def test_citations_per_source(judge, dataset):
    judge.expect(
        "citations_per_source(dataset)",
        _expected(dataset),
        "Roles, status changes and vote positions carry nested citations; count those too",
    )


@pytest.mark.task("most_cited")
@pytest.mark.calls("most_cited(dataset)")
def test_most_cited(judge, dataset):
    counts = _expected(dataset)
    judge.expect("most_cited(dataset)", max(counts, key=counts.get))
