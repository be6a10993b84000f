"""Hidden checks (autograder only): other dates, other generated policies."""

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.counterexample import cases
from civicdata.grading.generate import HIDDEN_SEEDS, plan

EDGES = [
    ("2018-07-11", "2018-07-12"),
    ("2018-07-31", "2018-07"),
    ("2019-02", "2019-03-01"),
    ("2020", "2020-12-31"),
    ("2017-12", "2018"),
]
POLICIES = [
    ("philadelphia-sanctuary-city-policy", day) for day in ["2016", "2018-07-11", "2021-05"]
]


def _before(_, a, b):
    return PartialDate.parse(a).last_day < PartialDate.parse(b).first_day


def _status(data, policy_id, day):
    when = PartialDate.parse(day)
    found = [
        str(s.status) for s in data.get(policy_id).statuses if s.date.first_day <= when.first_day
    ]
    return found[-1] if found else None


BEFORE = cases(
    "certainly_before({0!r}, {1!r})",
    real=EDGES + [pair for seed in HIDDEN_SEEDS for pair in plan("03", seed).asks["pairs"]],
)
STATUS = cases(
    "status_on({data}.get({0!r}), {1!r})",
    real=POLICIES,
    family="03",
    seeds=HIDDEN_SEEDS,
    generated=lambda p: [
        (policy, day) for policy in p.asks["policies"] for day in p.asks["days"][policy]
    ],
)


@pytest.mark.task("more_intervals")
def test_more_intervals(judge, dataset):
    BEFORE.check(judge, dataset, _before, hint="A partial date covers every day it could mean")


@pytest.mark.task("more_statuses")
def test_more_statuses(judge, dataset):
    STATUS.check(judge, dataset, _status)
