"""Exercise 05: build a timeline."""

from civicdata import Dataset
from civicdata.dates import PartialDate  # you will need it


def events_within(dataset: Dataset, start: str, end: str) -> list[str]:
    """Ids of events certainly within [start, end], ordered by date then id.

    The period runs from the first day of `start` to the last day of `end`;
    an event is within it when its whole date interval is.
    """
    # TODO
    raise NotImplementedError("events_within")


def first_and_last(dataset: Dataset) -> tuple[str, str]:
    """Ids of the earliest and the latest event (by date sort key, then id)."""
    # TODO
    raise NotImplementedError("first_and_last")
