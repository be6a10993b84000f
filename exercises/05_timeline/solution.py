"""Exercise 05, reference solution."""

from civicdata import Dataset
from civicdata.dates import PartialDate


def events_within(dataset: Dataset, start: str, end: str) -> list[str]:
    """Ids of events certainly within [start, end], ordered by date then id."""
    first, last = PartialDate.parse(start).first_day, PartialDate.parse(end).last_day
    inside = [e for e in dataset.events if first <= e.date.first_day and e.date.last_day <= last]
    return [e.id for e in sorted(inside, key=lambda e: (e.date.sort_key(), e.id))]


def first_and_last(dataset: Dataset) -> tuple[str, str]:
    """Ids of the earliest and the latest event (by date sort key, then id)."""
    ordered = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id))
    return ordered[0].id, ordered[-1].id
