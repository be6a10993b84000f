import pytest

from civicdata.grading.expect import expect_equal


def _within(dataset, first, last):
    inside = [e for e in dataset.events if first <= e.date.first_day and e.date.last_day <= last]
    return [e.id for e in sorted(inside, key=lambda e: (e.date.sort_key(), e.id))]


@pytest.mark.task("events_within")
@pytest.mark.parametrize(
    ("start", "end"), [("2018-07", "2018-07"), ("2018", "2018"), ("2021-05", "2021-12-31")]
)
def test_events_within(submission, dataset, start, end):
    from civicdata.dates import PartialDate

    expected = _within(dataset, PartialDate.parse(start).first_day, PartialDate.parse(end).last_day)
    expect_equal(
        f"events_within(dataset, {start!r}, {end!r})",
        submission.events_within(dataset, start, end),
        expected,
        "An event dated 2018 is not certainly within July 2018; compare first and last days",
    )


@pytest.mark.task("first_and_last")
def test_first_and_last(submission, dataset):
    ordered = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id))
    expect_equal(
        "first_and_last(dataset)",
        tuple(submission.first_and_last(dataset)),
        (ordered[0].id, ordered[-1].id),
    )
