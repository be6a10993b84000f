"""The student's rule runs in the judge's child on the dataset's index; problems come back as data."""

import pytest

from civicdata.grading.expect import expect_equal, expect_true

CLAIM = "krasner-pledges-no-vote-on-pars"  # said at the statement of 2018-07-11
CLEAN = "problems(claim_not_before_its_event)"
SHIFTS = [("2018-06", True), ("2018-07", False), ("2018", False), ("2018-07-10", True)]


def _shifted(date):
    return f"problems(claim_not_before_its_event, shift='{CLAIM}@{date}')"


@pytest.mark.task("clean_dataset")
@pytest.mark.calls(CLEAN)
def test_no_false_alarms(judge):
    found = judge(CLEAN)
    expect_equal(
        "claim_not_before_its_event(<the real dataset>)", [p["message"] for p in found], []
    )


@pytest.mark.task("catches_claim_before_event")
@pytest.mark.calls(*(_shifted(date) for date, _ in SHIFTS))
@pytest.mark.parametrize(("date", "flagged"), SHIFTS)
def test_catches_claim_before_event(judge, date, flagged):
    found = judge(_shifted(date))
    expect_equal(
        f"claim_not_before_its_event(<{CLAIM} dated {date}>) found a problem",
        len(found) == 1,
        flagged,
        "Flag only dates certainly before the event: 2018 and 2018-07 may include 2018-07-11",
    )
    if flagged:
        expect_true(
            found[0]["file"] == f"{CLAIM}.yaml",
            f"the problem names {found[0]['file']}, expected {CLAIM}.yaml",
        )


@pytest.mark.task("points_at_the_field")
@pytest.mark.calls(_shifted("2018-06"))
def test_points_at_the_date_field(judge):
    found = judge(_shifted("2018-06"))
    expect_true(len(found) == 1, f"expected one problem, got {len(found)}")
    expect_equal("the problem's loc", found[0]["loc"], ["date"])
