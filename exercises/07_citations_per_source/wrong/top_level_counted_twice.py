"""Adding links(record).citations to record.citations: the top-level ones are in both."""

from civicdata import Dataset
from civicdata.walk import links


def citations_per_source(dataset: Dataset) -> dict[str, int]:
    counts = {source.id: 0 for source in dataset.sources}
    for record in dataset:
        for citation in record.citations:
            counts[citation.source] += 1
        for _, citation in links(record).citations:
            counts[citation.source] += 1
    return counts


def most_cited(dataset: Dataset) -> str:
    counts = citations_per_source(dataset)
    return max(counts, key=counts.get)
