"""Counting only the sources that are cited: a source cited zero times never gets a key."""

from collections import Counter

from civicdata import Dataset
from civicdata.walk import links


def citations_per_source(dataset: Dataset) -> dict[str, int]:
    counts: Counter[str] = Counter()
    for record in dataset:
        for _, citation in links(record).citations:
            counts[citation.source] += 1
    return dict(counts)


def most_cited(dataset: Dataset) -> str:
    counts = citations_per_source(dataset)
    return max(counts, key=counts.get)
