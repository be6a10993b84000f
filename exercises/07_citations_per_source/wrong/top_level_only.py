"""Counting only record.citations, missing those nested in roles, statuses and positions."""

from civicdata import Dataset


def citations_per_source(dataset: Dataset) -> dict[str, int]:
    counts = {source.id: 0 for source in dataset.sources}
    for record in dataset:
        for citation in record.citations:
            counts[citation.source] += 1
    return counts


def most_cited(dataset: Dataset) -> str:
    counts = citations_per_source(dataset)
    return max(counts, key=counts.get)
