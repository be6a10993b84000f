"""Comparing dates as text: "2018-07-11" sorts after "2018-07", so it falls outside July."""

from civicdata import Dataset


def events_within(dataset: Dataset, start: str, end: str) -> list[str]:
    inside = [e for e in dataset.events if start <= str(e.date) <= end]
    return [e.id for e in sorted(inside, key=lambda e: (e.date.sort_key(), e.id))]


def first_and_last(dataset: Dataset) -> tuple[str, str]:
    ordered = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id))
    return ordered[0].id, ordered[-1].id
