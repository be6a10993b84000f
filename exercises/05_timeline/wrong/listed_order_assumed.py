"""Assuming the records are listed oldest first, so the first and last listed are enough."""

from civicdata import Dataset
from civicdata.dates import PartialDate


def events_within(dataset: Dataset, start: str, end: str) -> list[str]:
    first, last = PartialDate.parse(start).first_day, PartialDate.parse(end).last_day
    inside = [e for e in dataset.events if first <= e.date.first_day and e.date.last_day <= last]
    return [e.id for e in sorted(inside, key=lambda e: (e.date.sort_key(), e.id))]


def first_and_last(dataset: Dataset) -> tuple[str, str]:
    return dataset.events[0].id, dataset.events[-1].id
