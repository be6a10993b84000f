import pytest

from civicdata.dates import PartialDate
from civicdata.grading.counterexample import Known, cases
from civicdata.grading.generate import SEEDS, plan

BEFORE = [
    ("2018-06", "2018-07-11"),
    ("2018", "2018-06-15"),
    ("2018-06-15", "2018"),
    ("2018", "2018-01"),
    ("2017", "2018-01"),
    ("2018-07", "2018-07-31"),
    ("2018-07-11", "2018-07-11"),
    ("2018-12-31", "2019"),
]
POLICY = "pars-ice-access-contract"
DAYS = ["2018-06-30", "2018-07-11", "2018-07-20", "2018-08-15", "2019"]

MISCONCEPTIONS = {
    "dates_compared_as_strings": (
        "These are the answers of comparing the dates as text: '2018' < '2018-06-15' is "
        "True for strings, but the year 2018 contains June 15. Parse with PartialDate and "
        "compare days"
    ),
    "first_days_only": (
        "These are the answers of comparing first days only: 2018 starts on 2018-01-01 but "
        "runs to December 31, so it is not certainly before 2018-06-15. Compare a's last "
        "day with b's first day"
    ),
    "end_day_included": (
        "These are the answers of `a.last_day <= b.first_day`: on the day both share, "
        "neither is before the other. Use < : a must end before b begins"
    ),
    "status_reached_after_its_first_day": (
        "These are the answers of `<`: a status reached on the very day asked about counts "
        "already on that day. A status is reached when its first day is on or before the "
        "day: use <="
    ),
    "statuses_resorted": (
        "These are the answers of re-sorting the statuses by date: the record lists them "
        "in the order they happened, and a status dated 2018-07 may follow one dated "
        "2018-07-11. Keep the listed order"
    ),
    "day_taken_at_its_end": (
        "These are the answers of comparing with the day's last day: asked about '2018', "
        "a status reached in December 2018 was not yet reached on its first day. Compare "
        "with the first day of `day`"
    ),
    "status_reached_when_over": (
        "These are the answers of counting a status only once its whole date is over: a "
        "status dated 2018-07 may have been reached on July 1, and the task counts it from "
        "its first day (first_day <= the day's first day)"
    ),
}


def _pairs(seeds):
    return [pair for seed in seeds for pair in plan("03", seed).asks["pairs"]]


BEFORE_CASES = cases("certainly_before({0!r}, {1!r})", real=BEFORE + _pairs(SEEDS))


def _rule(compare):
    return lambda _, a, b: compare(PartialDate.parse(a), PartialDate.parse(b))


BEFORE_KNOWN = [
    Known(MISCONCEPTIONS["dates_compared_as_strings"], lambda _, a, b: a < b),
    Known(MISCONCEPTIONS["first_days_only"], _rule(lambda a, b: a.first_day < b.first_day)),
    Known(MISCONCEPTIONS["end_day_included"], _rule(lambda a, b: a.last_day <= b.first_day)),
]


@pytest.mark.task("certainly_before")
def test_certainly_before(judge, dataset):
    BEFORE_CASES.check(
        judge, dataset, _rule(lambda a, b: a.last_day < b.first_day), known=BEFORE_KNOWN
    )


def _status(
    data, policy_id, day, reached=lambda date, when: date.first_day <= when.first_day, order=list
):
    when = PartialDate.parse(day)
    found = [str(s.status) for s in order(data.get(policy_id).statuses) if reached(s.date, when)]
    return found[-1] if found else None


STATUS_CASES = cases(
    "status_on({data}.get({0!r}), {1!r})",
    real=[(POLICY, day) for day in DAYS],
    family="03",
    seeds=SEEDS,
    generated=lambda p: [
        (policy, day) for policy in p.asks["policies"] for day in p.asks["days"][policy]
    ],
)
STATUS_KNOWN = [
    Known(
        MISCONCEPTIONS["status_reached_when_over"],
        lambda d, p, day: _status(d, p, day, lambda date, when: date.last_day <= when.first_day),
    ),
    Known(
        MISCONCEPTIONS["status_reached_after_its_first_day"],
        lambda d, p, day: _status(d, p, day, lambda date, when: date.first_day < when.first_day),
    ),
    Known(
        MISCONCEPTIONS["statuses_resorted"],
        lambda d, p, day: _status(
            d, p, day, order=lambda found: sorted(found, key=lambda s: s.date.sort_key())
        ),
    ),
    Known(
        MISCONCEPTIONS["day_taken_at_its_end"],
        lambda d, p, day: _status(d, p, day, lambda date, when: date.first_day <= when.last_day),
    ),
]


@pytest.mark.task("status_on")
def test_status_on(judge, dataset):
    STATUS_CASES.check(judge, dataset, _status, known=STATUS_KNOWN)
