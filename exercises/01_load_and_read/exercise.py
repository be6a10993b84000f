"""Exercise 01: load the dataset and read a record.

Each function receives `dataset`, the object civicdata.load() returns.
Replace every `raise NotImplementedError` with your code.
"""

from civicdata import Dataset


def count_records(dataset: Dataset) -> int:
    """How many records the dataset holds, of every kind together."""
    # TODO: one line is enough.
    raise NotImplementedError("count_records")


def person_name(dataset: Dataset, person_id: str) -> str:
    """The name of the person with this id, e.g. 'larry-krasner' -> 'Larry Krasner'."""
    # TODO: look the record up by id and return its name.
    raise NotImplementedError("person_name")


def source_outlet(dataset: Dataset, source_id: str) -> str:
    """The outlet of the source with this id, as its record gives it."""
    # TODO
    raise NotImplementedError("source_outlet")
