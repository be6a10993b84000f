import datetime as dt

import pytest

from civicdata.dates import PartialDate, Precision


@pytest.mark.parametrize(
    ("text", "precision", "first", "last"),
    [
        ("2018", Precision.YEAR, dt.date(2018, 1, 1), dt.date(2018, 12, 31)),
        ("2018-02", Precision.MONTH, dt.date(2018, 2, 1), dt.date(2018, 2, 28)),
        ("2020-02", Precision.MONTH, dt.date(2020, 2, 1), dt.date(2020, 2, 29)),
        ("2018-08-31", Precision.DAY, dt.date(2018, 8, 31), dt.date(2018, 8, 31)),
    ],
)
def test_parse_keeps_precision_and_interval(text, precision, first, last):
    date = PartialDate.parse(text)
    assert date.precision is precision
    assert (date.first_day, date.last_day) == (first, last)
    assert str(date) == text


@pytest.mark.parametrize(
    ("text", "message"),
    [
        ("2018-02-31", "has no day 31"),
        ("2018-13", "month 13 does not exist"),
        ("2018-00", "month 00 does not exist"),
        ("2019-02-29", "has no day 29"),
        ("18-08-31", "is not a date"),
        ("2018/08/31", "is not a date"),
        ("August 2018", "is not a date"),
    ],
)
def test_invalid_dates_are_rejected_with_reason(text, message):
    with pytest.raises(ValueError, match=message):
        PartialDate.parse(text)


def test_year_is_not_before_a_day_inside_it():
    year, day = PartialDate.parse("2018"), PartialDate.parse("2018-05-01")
    assert not year.certainly_before(day)
    assert not day.certainly_before(year)
    assert year.overlaps(day)
    assert year.contains(day)


def test_intervals_order_when_disjoint():
    june, august = PartialDate.parse("2018-06"), PartialDate.parse("2018-08-31")
    assert june.certainly_before(august)
    assert august.certainly_after(june)
    assert not june.overlaps(august)


def test_sort_key_puts_wider_interval_after_its_first_day():
    dates = [PartialDate.parse(t) for t in ["2018-01-01", "2018", "2017-12"]]
    assert [str(d) for d in sorted(dates, key=PartialDate.sort_key)] == [
        "2017-12",
        "2018-01-01",
        "2018",
    ]


def test_equal_and_hashable():
    assert PartialDate.parse("2018-08") == PartialDate(2018, 8)
    assert len({PartialDate.parse("2018"), PartialDate(2018)}) == 1


def test_immutable():
    with pytest.raises(AttributeError):
        PartialDate(2018).year = 2019  # type: ignore[misc]
