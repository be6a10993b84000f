"""Exercise 07: count citations per source."""

from civicdata import Dataset


def citations_per_source(dataset: Dataset) -> dict[str, int]:
    """Number of citations of each source id, counting nested citations too.

    Every source id appears, with 0 if nothing cites it.
    """
    # TODO: civicdata.walk.links(record).citations may help.
    raise NotImplementedError("citations_per_source")


def most_cited(dataset: Dataset) -> str:
    """The id of the source with the most citations."""
    # TODO
    raise NotImplementedError("most_cited")
