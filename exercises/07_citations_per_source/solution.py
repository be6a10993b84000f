"""Exercise 07, reference solution."""

from civicdata import Dataset
from civicdata.walk import links


def citations_per_source(dataset: Dataset) -> dict[str, int]:
    """Number of citations of each source id, counting nested citations too."""
    counts = {source.id: 0 for source in dataset.sources}
    for record in dataset:
        for _, citation in links(record).citations:
            counts[citation.source] += 1
    return counts


def most_cited(dataset: Dataset) -> str:
    """The id of the source with the most citations."""
    counts = citations_per_source(dataset)
    return max(counts, key=counts.get)
