"""Taking "may have happened in the period" (overlaps) for "certainly within it"."""

from civicdata import Dataset
from civicdata.dates import PartialDate


def events_within(dataset: Dataset, start: str, end: str) -> list[str]:
    period = PartialDate.parse(start), PartialDate.parse(end)
    inside = [
        e
        for e in dataset.events
        if e.date.first_day <= period[1].last_day and period[0].first_day <= e.date.last_day
    ]
    return [e.id for e in sorted(inside, key=lambda e: (e.date.sort_key(), e.id))]


def first_and_last(dataset: Dataset) -> tuple[str, str]:
    ordered = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id))
    return ordered[0].id, ordered[-1].id
