"""Adding up the typed lists the student remembers, and forgetting one kind (the rulings)."""

from civicdata import Dataset


def count_records(dataset: Dataset) -> int:
    return (
        len(dataset.sources)
        + len(dataset.persons)
        + len(dataset.organizations)
        + len(dataset.policies)
        + len(dataset.votes)
        + len(dataset.events)
        + len(dataset.claims)
    )


def person_name(dataset: Dataset, person_id: str) -> str:
    return dataset.get(person_id).name


def source_outlet(dataset: Dataset, source_id: str) -> str:
    return dataset.get(source_id).outlet
