"""The student's rule runs in the judge's child on the dataset's index; problems come back as data."""

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.expect import Known, expect_calls

CLAIM = "krasner-pledges-no-vote-on-pars"  # said at the statement of 2018-07-11
CLEAN = "problems(claim_not_before_its_event)"
SHIFTS = ["2018-06", "2018-07", "2018", "2018-07-10", "2018-07-11"]
FILES = "the files flagged by "

MISCONCEPTIONS = {
    "dates_compared_as_text": (
        "These are the claims whose date sorts before the event's as text: '2018' < "
        "'2018-07-11' as strings, yet a claim dated 2018 may well be from July 11. Flag only "
        "claim.date.certainly_before(event.date)"
    ),
    "same_day_flagged": (
        "Claims dated the very day of their event are flagged: a claim made at the event is "
        "not before it. certainly_before means the claim's last day < the event's first day"
    ),
    "event_file_blamed": (
        "The problem names the event's file: the claim's date is what is wrong, so report "
        "the claim's file (item.path of the claim)"
    ),
    "event_field_blamed": (
        "The problem points at the claim's `event` field: the reference is fine, the date "
        "is what is wrong, so point at ('date',)"
    ),
}


def _shifted(date):
    return f"problems(claim_not_before_its_event, shift='{CLAIM}@{date}')"


def _flagged(dataset, before, shift=None, blame="claim"):
    """The files a rule comparing (claim date, event date) with ``before`` would flag."""
    files = []
    for claim in dataset.claims:
        if claim.date is None or claim.event is None:
            continue
        date = PartialDate.parse(shift) if shift and claim.id == CLAIM else claim.date
        if before(date, dataset.get(claim.event).date):
            files.append(dataset.path_of(claim.id if blame == "claim" else claim.event).name)
    return sorted(files)


def _right(a, b):
    return a.certainly_before(b)


def _as_text(a, b):
    return str(a) < str(b)


def _same_day(a, b):
    return a.last_day <= b.first_day


def _files(judge):
    return lambda shown: sorted(p["file"] for p in judge(shown.removeprefix(FILES)))


@pytest.mark.task("clean_dataset")
@pytest.mark.calls(CLEAN)
def test_no_false_alarms(judge, dataset):
    expect_calls(
        _files(judge),
        {FILES + CLEAN: []},
        known=[
            Known({FILES + CLEAN: _flagged(dataset, rule)}, MISCONCEPTIONS[name])
            for rule, name in [
                (_as_text, "dates_compared_as_text"),
                (_same_day, "same_day_flagged"),
            ]
        ],
    )


@pytest.mark.task("catches_claim_before_event")
@pytest.mark.calls(*map(_shifted, SHIFTS))
def test_catches_claim_before_event(judge, dataset):
    def answers(rule, blame="claim"):
        return {FILES + _shifted(d): _flagged(dataset, rule, d, blame) for d in SHIFTS}

    expect_calls(
        _files(judge),
        answers(_right),
        known=[
            Known(answers(_as_text), MISCONCEPTIONS["dates_compared_as_text"]),
            Known(answers(_same_day), MISCONCEPTIONS["same_day_flagged"]),
            Known(answers(_right, "event"), MISCONCEPTIONS["event_file_blamed"]),
        ],
    )


@pytest.mark.task("points_at_the_field")
@pytest.mark.calls(_shifted("2018-06"))
def test_points_at_the_date_field(judge):
    shown = f"the loc of each problem of {_shifted('2018-06')}"
    expect_calls(
        lambda _: [p["loc"] for p in judge(_shifted("2018-06"))],
        {shown: [["date"]]},
        known=[Known({shown: [["event"]]}, MISCONCEPTIONS["event_field_blamed"])],
    )
