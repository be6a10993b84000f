import pytest

INTERVALS = (
    "Partial dates are intervals, not text: '2018' < '2018-06-15' is True as strings, "
    "but 2018 contains June 15. Parse with PartialDate and compare days"
)
BEFORE = [
    ("2018-06", "2018-07-11", True),
    ("2018", "2018-06-15", False),
    ("2018-06-15", "2018", False),
    ("2017", "2018-01", True),
    ("2018-07", "2018-07-31", False),
    ("2018-12-31", "2019", True),
]
STATUS = [
    ("2018-06-30", None),
    ("2018-07-11", "under_review"),
    ("2018-07-20", "under_review"),
    ("2018-08-15", "ended"),
    ("2019", "ended"),
]


def _before(a, b):
    return f"certainly_before({a!r}, {b!r})"


def _status(day):
    return f"status_on(record('pars-ice-access-contract'), {day!r})"


@pytest.mark.task("certainly_before")
@pytest.mark.calls(*(_before(a, b) for a, b, _ in BEFORE))
@pytest.mark.parametrize(("a", "b", "expected"), BEFORE)
def test_certainly_before(judge, a, b, expected):
    judge.expect(_before(a, b), expected, INTERVALS)


@pytest.mark.task("status_on")
@pytest.mark.calls(*(_status(day) for day, _ in STATUS))
@pytest.mark.parametrize(("day", "expected"), STATUS)
def test_status_on(judge, day, expected):
    judge.expect(_status(day), expected, INTERVALS)
