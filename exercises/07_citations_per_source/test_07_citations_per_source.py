import pytest

from civicdata.grading.expect import expect_equal
from civicdata.walk import links


def _expected(dataset):
    counts = {source.id: 0 for source in dataset.sources}
    for record in dataset:
        for _, citation in links(record).citations:
            counts[citation.source] += 1
    return counts


@pytest.mark.task("citations_per_source")
def test_citations_per_source(submission, dataset):
    expect_equal(
        "citations_per_source(dataset)",
        submission.citations_per_source(dataset),
        _expected(dataset),
        "Roles, status changes and vote positions carry nested citations; count those too",
    )


@pytest.mark.task("most_cited")
def test_most_cited(submission, dataset):
    counts = _expected(dataset)
    expect_equal("most_cited(dataset)", submission.most_cited(dataset), max(counts, key=counts.get))
