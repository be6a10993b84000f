import pytest

from civicdata.checks import Index
from civicdata.corpus import Corpus
from civicdata.grading.expect import expect_equal, expect_true
from civicdata.validate import validate

CLAIM = "krasner-pledges-no-vote-on-pars"  # said at the statement of 2018-07-11


def _index(dataset, shift_claim_to=None):
    report = validate(dataset.project)
    loaded = report.loaded
    if shift_claim_to:
        loaded = [
            type(item)(
                item.kind, item.path, item.record.model_copy(update={"date": shift_claim_to})
            )
            if item.record.id == CLAIM
            else item
            for item in loaded
        ]
    return Index(loaded, Corpus(dataset.project.seeds_dir))


def _problems(submission, index):
    return list(submission.claim_not_before_its_event(index))


@pytest.mark.task("clean_dataset")
def test_no_false_alarms(submission, dataset):
    found = _problems(submission, _index(dataset))
    expect_equal("claim_not_before_its_event(<the real dataset>)", [p.message for p in found], [])


@pytest.mark.task("catches_claim_before_event")
@pytest.mark.parametrize(
    ("date", "flagged"),
    [("2018-06", True), ("2018-07", False), ("2018", False), ("2018-07-10", True)],
)
def test_catches_claim_before_event(submission, dataset, date, flagged):
    from civicdata.dates import PartialDate

    found = _problems(submission, _index(dataset, PartialDate.parse(date)))
    expect_equal(
        f"claim_not_before_its_event(<{CLAIM} dated {date}>) found a problem",
        len(found) == 1,
        flagged,
        "Flag only dates certainly before the event: 2018 and 2018-07 may include 2018-07-11",
    )
    if flagged:
        expect_true(
            found[0].path.stem == CLAIM,
            f"the problem names {found[0].path.name}, expected {CLAIM}.yaml",
        )


@pytest.mark.task("points_at_the_field")
def test_points_at_the_date_field(submission, dataset):
    from civicdata.dates import PartialDate

    found = _problems(submission, _index(dataset, PartialDate.parse("2018-06")))
    expect_true(len(found) == 1, f"expected one problem, got {len(found)}")
    expect_equal("the problem's loc", tuple(found[0].loc), ("date",))
