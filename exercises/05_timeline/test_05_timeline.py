import pytest

from civicdata.dates import PartialDate

PERIODS = [("2018-07", "2018-07"), ("2018", "2018"), ("2021-05", "2021-12-31")]


def _within(dataset, first, last):
    inside = [e for e in dataset.events if first <= e.date.first_day and e.date.last_day <= last]
    return [e.id for e in sorted(inside, key=lambda e: (e.date.sort_key(), e.id))]


def _call(start, end):
    return f"events_within(dataset, {start!r}, {end!r})"


@pytest.mark.task("events_within")
@pytest.mark.calls(*(_call(start, end) for start, end in PERIODS))
@pytest.mark.parametrize(("start", "end"), PERIODS)
def test_events_within(judge, dataset, start, end):
    expected = _within(dataset, PartialDate.parse(start).first_day, PartialDate.parse(end).last_day)
    judge.expect(
        _call(start, end),
        expected,
        "An event dated 2018 is not certainly within July 2018; compare first and last days",
    )


@pytest.mark.task("first_and_last")
@pytest.mark.calls("first_and_last(dataset)")
def test_first_and_last(judge, dataset):
    ordered = sorted(dataset.events, key=lambda e: (e.date.sort_key(), e.id))
    judge.expect("first_and_last(dataset)", [ordered[0].id, ordered[-1].id])
