"""Returning the id that was passed in, as if an id were the record's name."""

from civicdata import Dataset


def count_records(dataset: Dataset) -> int:
    return len(dataset)


def person_name(dataset: Dataset, person_id: str) -> str:
    person = dataset.get(person_id)
    return person.id


def source_outlet(dataset: Dataset, source_id: str) -> str:
    return dataset.get(source_id).outlet
