import pytest

from civicdata.dates import PartialDate
from civicdata.grading.expect import Known, expect_calls

PERIODS = [("2018-07", "2018-07"), ("2018", "2018"), ("2021-05", "2021-12-31")]
FIRST_AND_LAST = "first_and_last(dataset)"

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
    "listed_order_assumed": (
        "These are the first and last events as listed: records are ordered by id, not by "
        "date. Sort by (event.date.sort_key(), event.id) first"
    ),
}


def _call(start, end):
    return f"events_within(dataset, {start!r}, {end!r})"


@pytest.mark.task("events_within")
@pytest.mark.calls(*(_call(start, end) for start, end in PERIODS))
def test_events_within(judge, dataset):
    def answers(inside):
        found = {}
        for start, end in PERIODS:
            first, last = PartialDate.parse(start), PartialDate.parse(end)
            chosen = [e for e in dataset.events if inside(e.date, first, last, start, end)]
            ordered = sorted(chosen, key=lambda e: (e.date.sort_key(), e.id))
            found[_call(start, end)] = [e.id for e in ordered]
        return found

    expect_calls(
        judge,
        answers(lambda d, a, b, *_: a.first_day <= d.first_day and d.last_day <= b.last_day),
        known=[
            Known(
                answers(
                    lambda d, a, b, *_: d.first_day <= b.last_day and a.first_day <= d.last_day
                ),
                MISCONCEPTIONS["overlap_taken_as_within"],
            ),
            Known(
                answers(lambda d, a, b, *_: a.first_day <= d.first_day and d.last_day < b.last_day),
                MISCONCEPTIONS["end_day_left_out"],
            ),
            Known(
                answers(lambda d, a, b, start, end: start <= str(d) <= end),
                MISCONCEPTIONS["dates_compared_as_text"],
            ),
        ],
    )


@pytest.mark.task("first_and_last")
@pytest.mark.calls(FIRST_AND_LAST)
def test_first_and_last(judge, dataset):
    ordered = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id))
    listed = dataset.events
    judge.expect(
        FIRST_AND_LAST,
        [ordered[0].id, ordered[-1].id],
        known=[Known([listed[0].id, listed[-1].id], MISCONCEPTIONS["listed_order_assumed"])],
    )
