"""Counting one kind of record (the claims) as if it were the whole dataset."""

from civicdata import Dataset


def count_records(dataset: Dataset) -> int:
    return len(dataset.claims)


def person_name(dataset: Dataset, person_id: str) -> str:
    return dataset.get(person_id).name


def source_outlet(dataset: Dataset, source_id: str) -> str:
    return dataset.get(source_id).outlet
