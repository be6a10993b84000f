"""Exercise 01, reference solution."""

from civicdata import Dataset


def count_records(dataset: Dataset) -> int:
    """How many records the dataset holds, of every kind together."""
    return len(dataset)


def person_name(dataset: Dataset, person_id: str) -> str:
    """The name of the person with this id, e.g. 'larry-krasner' -> 'Larry Krasner'."""
    return dataset.get(person_id).name


def source_outlet(dataset: Dataset, source_id: str) -> str:
    """The outlet of the source with this id, as its record gives it."""
    return dataset.get(source_id).outlet
