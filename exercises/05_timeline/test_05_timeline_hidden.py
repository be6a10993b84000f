"""Hidden checks (autograder only): other periods and generated timelines."""

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.counterexample import all_of, cases
from civicdata.grading.generate import HIDDEN_SEEDS


def _within(data, start, end):
    first, last = PartialDate.parse(start).first_day, PartialDate.parse(end).last_day
    inside = [e for e in data.events if first <= e.date.first_day and e.date.last_day <= last]
    return [e.id for e in sorted(inside, key=lambda e: (e.date.sort_key(), e.id))]


def _ends(data):
    ordered = sorted(data.events, key=lambda e: (e.date.sort_key(), e.id))
    return [ordered[0].id, ordered[-1].id]


WITHIN = cases(
    "events_within({data}, {0!r}, {1!r})",
    real=[("2017", "2018-07"), ("2018-08", "2024"), ("2021-05-05", "2021-05-18")],
    family="05",
    seeds=HIDDEN_SEEDS,
    generated=lambda p: p.asks["periods"],
)
ENDS = cases("first_and_last({data})", family="05", seeds=HIDDEN_SEEDS, generated=lambda p: [()])


@pytest.mark.task("more_timelines")
def test_more_timelines(judge, dataset):
    all_of(
        lambda: WITHIN.check(judge, dataset, _within),
        lambda: ENDS.check(judge, dataset, _ends),
    )
