"""min and max by date alone: of events with the same date, the one listed first wins both."""

from civicdata import Dataset
from civicdata.dates import PartialDate


def events_within(dataset: Dataset, start: str, end: str) -> list[str]:
    first, last = PartialDate.parse(start).first_day, PartialDate.parse(end).last_day
    inside = [e for e in dataset.events if first <= e.date.first_day and e.date.last_day <= last]
    return [e.id for e in sorted(inside, key=lambda e: (e.date.sort_key(), e.id))]


def first_and_last(dataset: Dataset) -> tuple[str, str]:
    earliest = min(dataset.events, key=lambda e: e.date.sort_key())
    latest = max(dataset.events, key=lambda e: e.date.sort_key())
    return earliest.id, latest.id
