"""The student's queries run in the judge's child, on the SQLite export: rows come back."""

from collections import Counter

import pytest

from civicdata.dates import PartialDate


@pytest.mark.task("claims_per_kind")
@pytest.mark.calls("rows(CLAIMS_PER_KIND)")
def test_claims_per_kind(judge, dataset):
    counts = Counter(str(c.kind) for c in dataset.claims)
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    judge.expect("rows(CLAIMS_PER_KIND)", [list(row) for row in expected])


@pytest.mark.task("speakers_about_policy")
@pytest.mark.calls("rows(SPEAKERS_ABOUT_PARS)")
def test_speakers_about_pars(judge, dataset):
    names = {
        dataset.name_of(c.speaker) for c in dataset.claims if "pars-ice-access-contract" in c.about
    }
    judge.expect(
        "rows(SPEAKERS_ABOUT_PARS)",
        [[name] for name in sorted(names)],
        "Join claim_about to claim, and claim.speaker_id to record for the name; DISTINCT removes repeats",
    )


@pytest.mark.task("events_in_july_2018")
@pytest.mark.calls("rows(EVENTS_IN_JULY_2018)")
def test_events_in_july_2018(judge, dataset):
    july = PartialDate.parse("2018-07")
    expected = sorted([e.id] for e in dataset.events if july.contains(e.date))
    judge.expect(
        "rows(EVENTS_IN_JULY_2018)",
        expected,
        "Compare date_first and date_last; an event dated 2018 is not certainly in July",
    )
