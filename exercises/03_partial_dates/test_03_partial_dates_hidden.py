"""Hidden check (autograder only): the edges of intervals, where text comparison misleads."""

import pytest

EDGES = [
    ("2018-07-11", "2018-07-12", True),
    ("2018-07-31", "2018-07", False),
    ("2019-02", "2019-03-01", True),
    ("2020", "2020-12-31", False),
    ("2017-12", "2018", True),
]


def _before(a, b):
    return f"certainly_before({a!r}, {b!r})"


@pytest.mark.task("more_intervals")
@pytest.mark.calls(*(_before(a, b) for a, b, _ in EDGES))
def test_more_intervals(judge):
    for a, b, expected in EDGES:
        judge.expect(_before(a, b), expected, "A partial date covers every day it could mean")
