import sqlite3
from collections import Counter

import pytest

from civicdata.dates import PartialDate
from civicdata.export.sqlite import connect
from civicdata.grading.expect import Mismatch, expect_equal


@pytest.fixture(scope="module")
def db(dataset):
    connection = connect(dataset)
    yield connection
    connection.close()


def _run(db, name, sql):
    try:
        return [tuple(row) for row in db.execute(sql).fetchall()]
    except sqlite3.Error as error:
        raise Mismatch(f"{name} did not run: {error}") from None


@pytest.mark.task("claims_per_kind")
def test_claims_per_kind(submission, dataset, db):
    counts = Counter(str(c.kind) for c in dataset.claims)
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    expect_equal(
        "CLAIMS_PER_KIND", _run(db, "CLAIMS_PER_KIND", submission.CLAIMS_PER_KIND), expected
    )


@pytest.mark.task("speakers_about_policy")
def test_speakers_about_pars(submission, dataset, db):
    names = {
        dataset.name_of(c.speaker) for c in dataset.claims if "pars-ice-access-contract" in c.about
    }
    expect_equal(
        "SPEAKERS_ABOUT_PARS",
        _run(db, "SPEAKERS_ABOUT_PARS", submission.SPEAKERS_ABOUT_PARS),
        [(name,) for name in sorted(names)],
        "Join claim_about to claim, and claim.speaker_id to record for the name; DISTINCT removes repeats",
    )


@pytest.mark.task("events_in_july_2018")
def test_events_in_july_2018(submission, dataset, db):
    july = PartialDate.parse("2018-07")
    expected = sorted((e.id,) for e in dataset.events if july.contains(e.date))
    expect_equal(
        "EVENTS_IN_JULY_2018",
        _run(db, "EVENTS_IN_JULY_2018", submission.EVENTS_IN_JULY_2018),
        expected,
        "Compare date_first and date_last; an event dated 2018 is not certainly in July",
    )
