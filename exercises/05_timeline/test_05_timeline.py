import pytest

from civicdata.dates import PartialDate
from civicdata.grading.counterexample import Known, cases
from civicdata.grading.generate import SEEDS

PERIODS = [("2018-07", "2018-07"), ("2018", "2018"), ("2021-05", "2021-12-31")]

MISCONCEPTIONS = {
    "overlap_taken_as_within": (
        "These are the events that overlap the period: an event dated 2018 may have "
        "happened in July 2018, but it is not certainly within it. Keep an event only when "
        "its first and last days both fall inside [start, end]"
    ),
    "end_day_left_out": (
        "Events ending on the period's last day are missing: `<` leaves that day out. The "
        "period includes its last day: date.last_day <= end's last_day"
    ),
    "dates_compared_as_text": (
        "These are the answers of comparing dates as text: '2018-07-11' > '2018-07' as "
        "strings, so a day inside July falls outside 'July'. Parse start and end with "
        "PartialDate and compare days"
    ),
    "ordered_by_id_only": (
        "The events are ordered by id alone: the task orders them by date, and by id only "
        "among events with the same date: key=lambda e: (e.date.sort_key(), e.id)"
    ),
    "start_taken_at_its_end": (
        "The period started at the last day of `start`: asked from '2018', it runs from "
        "January 1. Use the first day of start and the last day of end"
    ),
    "min_max_without_tie_break": (
        "Of events with the same date, min and max picked the one listed first: the task "
        "breaks ties by id, so compare (event.date.sort_key(), event.id)"
    ),
    "listed_order_assumed": (
        "These are the first and last events as listed: records are ordered by id, not by "
        "date. Sort by (event.date.sort_key(), event.id) first"
    ),
}


def _inside(d, a, b, *_):
    return a.first_day <= d.first_day and d.last_day <= b.last_day


def within(data, start, end, inside=_inside, key=lambda e: (e.date.sort_key(), e.id)):
    first, last = PartialDate.parse(start), PartialDate.parse(end)
    chosen = [e for e in data.events if inside(e.date, first, last, start, end)]
    return [e.id for e in sorted(chosen, key=key)]


WITHIN = cases(
    "events_within({data}, {0!r}, {1!r})",
    real=PERIODS,
    family="05",
    seeds=SEEDS,
    generated=lambda p: p.asks["periods"],
)
WITHIN_KNOWN = [
    Known(
        MISCONCEPTIONS["overlap_taken_as_within"],
        lambda d, s, e: within(
            d, s, e, lambda d, a, b, *_: d.first_day <= b.last_day and a.first_day <= d.last_day
        ),
    ),
    Known(
        MISCONCEPTIONS["end_day_left_out"],
        lambda d, s, e: within(
            d, s, e, lambda d, a, b, *_: a.first_day <= d.first_day and d.last_day < b.last_day
        ),
    ),
    Known(
        MISCONCEPTIONS["dates_compared_as_text"],
        lambda d, s, e: within(d, s, e, lambda d, a, b, start, end: start <= str(d) <= end),
    ),
    Known(
        MISCONCEPTIONS["ordered_by_id_only"], lambda d, s, e: within(d, s, e, key=lambda e: e.id)
    ),
    Known(
        MISCONCEPTIONS["start_taken_at_its_end"],
        lambda d, s, e: within(
            d, s, e, lambda d, a, b, *_: a.last_day <= d.first_day and d.last_day <= b.last_day
        ),
    ),
]


@pytest.mark.task("events_within")
def test_events_within(judge, dataset):
    WITHIN.check(judge, dataset, within, known=WITHIN_KNOWN)


def first_and_last(data):
    ordered = sorted(data.events, key=lambda e: (e.date.sort_key(), e.id))
    return [ordered[0].id, ordered[-1].id]


ENDS = cases(
    "first_and_last({data})", real=[()], family="05", seeds=SEEDS, generated=lambda p: [()]
)
ENDS_KNOWN = [
    Known(MISCONCEPTIONS["listed_order_assumed"], lambda d: [d.events[0].id, d.events[-1].id]),
    Known(
        MISCONCEPTIONS["min_max_without_tie_break"],
        lambda d: [
            min(d.events, key=lambda e: e.date.sort_key()).id,
            max(d.events, key=lambda e: e.date.sort_key()).id,
        ],
    ),
]


@pytest.mark.task("first_and_last")
def test_first_and_last(judge, dataset):
    ENDS.check(judge, dataset, first_and_last, known=ENDS_KNOWN)
