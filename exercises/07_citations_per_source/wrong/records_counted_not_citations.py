"""Counting the records that cite a source, as if each record cited it once."""

from civicdata import Dataset


def citations_per_source(dataset: Dataset) -> dict[str, int]:
    return {source.id: len(dataset.cited_by(source.id)) for source in dataset.sources}


def most_cited(dataset: Dataset) -> str:
    counts = citations_per_source(dataset)
    return max(counts, key=counts.get)
