import pytest

from civicdata.grading.expect import expect_equal

INTERVALS = (
    "Partial dates are intervals, not text: '2018' < '2018-06-15' is True as strings, "
    "but 2018 contains June 15. Parse with PartialDate and compare days"
)


@pytest.mark.task("certainly_before")
@pytest.mark.parametrize(
    ("a", "b", "expected"),
    [
        ("2018-06", "2018-07-11", True),
        ("2018", "2018-06-15", False),
        ("2018-06-15", "2018", False),
        ("2017", "2018-01", True),
        ("2018-07", "2018-07-31", False),
        ("2018-12-31", "2019", True),
    ],
)
def test_certainly_before(submission, a, b, expected):
    expect_equal(
        f"certainly_before({a!r}, {b!r})", submission.certainly_before(a, b), expected, INTERVALS
    )


@pytest.mark.task("status_on")
@pytest.mark.parametrize(
    ("day", "expected"),
    [
        ("2018-06-30", None),
        ("2018-07-11", "under_review"),
        ("2018-07-20", "under_review"),
        ("2018-08-15", "ended"),
        ("2019", "ended"),
    ],
)
def test_status_on(submission, dataset, day, expected):
    policy = dataset.get("pars-ice-access-contract")
    expect_equal(
        f"status_on(<pars-ice-access-contract>, {day!r})",
        submission.status_on(policy, day),
        expected,
        INTERVALS,
    )
