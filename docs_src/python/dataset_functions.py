"""Functions that take the loaded Dataset: the shape of every Python exercise."""

from collections import Counter

import civicdata
from civicdata import Dataset


def classifications(dataset: Dataset) -> Counter[str]:
    """How many organizations of each classification (an enum, compared as text)."""
    return Counter(str(organization.classification) for organization in dataset.organizations)


def first_event_title(dataset: Dataset) -> str:
    """The title of the event listed first (lists keep file-name order, not date order)."""
    return dataset.events[0].title


dataset = civicdata.load()  # load once, then pass the dataset to each function
print(classifications(dataset).most_common(3))
print(len(dataset.events), "events; listed first:", first_event_title(dataset))
