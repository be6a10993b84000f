import pytest

from civicdata.dates import PartialDate
from civicdata.grading.expect import Known, expect_calls

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
    "status_reached_when_over": (
        "These are the answers of counting a status only once its whole date is over: a "
        "status dated 2018-07 may have been reached on July 1, and the task counts it from "
        "its first day (first_day <= the day's first day)"
    ),
}


def _before(a, b):
    return f"certainly_before({a!r}, {b!r})"


def _status(day):
    return f"status_on(record({POLICY!r}), {day!r})"


def _answers(rule):
    return {_before(a, b): rule(PartialDate.parse(a), PartialDate.parse(b)) for a, b in BEFORE}


@pytest.mark.task("certainly_before")
@pytest.mark.calls(*(_before(a, b) for a, b in BEFORE))
def test_certainly_before(judge):
    expect_calls(
        judge,
        _answers(lambda a, b: a.last_day < b.first_day),
        known=[
            Known(
                _answers(lambda a, b: str(a) < str(b)), MISCONCEPTIONS["dates_compared_as_strings"]
            ),
            Known(
                _answers(lambda a, b: a.first_day < b.first_day), MISCONCEPTIONS["first_days_only"]
            ),
            Known(
                _answers(lambda a, b: a.last_day <= b.first_day), MISCONCEPTIONS["end_day_included"]
            ),
        ],
    )


@pytest.mark.task("status_on")
@pytest.mark.calls(*map(_status, DAYS))
def test_status_on(judge, dataset):
    statuses = dataset.get(POLICY).statuses

    def answers(reached):
        found = {}
        for day in DAYS:
            when = PartialDate.parse(day)
            last = [str(s.status) for s in statuses if reached(s.date, when)]
            found[_status(day)] = last[-1] if last else None
        return found

    expect_calls(
        judge,
        answers(lambda date, when: date.first_day <= when.first_day),
        known=[
            Known(
                answers(lambda date, when: date.last_day <= when.first_day),
                MISCONCEPTIONS["status_reached_when_over"],
            )
        ],
    )
