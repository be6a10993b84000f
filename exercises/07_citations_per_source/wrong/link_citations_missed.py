"""Walking the nested lists by hand (roles, statuses, positions) and forgetting that a
record's link_citations cite sources too."""

from civicdata import Dataset


def _citations(record) -> list:
    found = list(record.citations)
    for name in ("roles", "statuses", "positions"):
        for entry in getattr(record, name, None) or []:
            found.extend(entry.citations)
    return found


def citations_per_source(dataset: Dataset) -> dict[str, int]:
    counts = {source.id: 0 for source in dataset.sources}
    for record in dataset:
        for citation in _citations(record):
            counts[citation.source] += 1
    return counts


def most_cited(dataset: Dataset) -> str:
    counts = citations_per_source(dataset)
    return max(counts, key=counts.get)
