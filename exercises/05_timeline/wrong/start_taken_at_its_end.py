"""Starting the period at the LAST day of `start`: asked from "2018", it begins on December 31."""

from civicdata import Dataset
from civicdata.dates import PartialDate


def events_within(dataset: Dataset, start: str, end: str) -> list[str]:
    first, last = PartialDate.parse(start).last_day, PartialDate.parse(end).last_day
    inside = [e for e in dataset.events if first <= e.date.first_day and e.date.last_day <= last]
    return [e.id for e in sorted(inside, key=lambda e: (e.date.sort_key(), e.id))]


def first_and_last(dataset: Dataset) -> tuple[str, str]:
    ordered = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id))
    return ordered[0].id, ordered[-1].id
