"""The student's queries run in the judge's child, on the SQLite export: rows come back."""

from collections import Counter

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.expect import Known

POLICY = "pars-ice-access-contract"

MISCONCEPTIONS = {
    "count_order_ascending": (
        "The rows are in ascending order of count: ORDER BY sorts smallest first unless "
        "told otherwise. ORDER BY claims DESC, kind puts the most frequent kind first"
    ),
    "speaker_ids_not_names": (
        "These are speaker ids: join claim.speaker_id to record.id and select record.name"
    ),
    "distinct_forgotten": (
        "A name repeats once per claim: a speaker with several claims about the policy "
        "appears several times. SELECT DISTINCT keeps each name once"
    ),
    "overlap_taken_as_within": (
        "These are the events that may fall in July 2018 (they overlap it), such as events "
        "dated only 2018. Certainly in July means date_first >= '2018-07-01' AND "
        "date_last <= '2018-07-31'"
    ),
}


@pytest.mark.task("claims_per_kind")
@pytest.mark.calls("rows(CLAIMS_PER_KIND)")
def test_claims_per_kind(judge, dataset):
    counts = Counter(str(c.kind) for c in dataset.claims)
    expected = sorted(counts.items(), key=lambda item: (-item[1], item[0]))
    ascending = sorted(counts.items(), key=lambda item: (item[1], item[0]))
    judge.expect(
        "rows(CLAIMS_PER_KIND)",
        [list(row) for row in expected],
        known=[Known([list(row) for row in ascending], MISCONCEPTIONS["count_order_ascending"])],
    )


@pytest.mark.task("speakers_about_policy")
@pytest.mark.calls("rows(SPEAKERS_ABOUT_PARS)")
def test_speakers_about_pars(judge, dataset):
    speakers = [c.speaker for c in dataset.claims if POLICY in c.about]
    judge.expect(
        "rows(SPEAKERS_ABOUT_PARS)",
        [[name] for name in sorted({dataset.name_of(s) for s in speakers})],
        "Join claim_about to claim, and claim.speaker_id to record for the name",
        known=[
            Known([[s] for s in sorted(set(speakers))], MISCONCEPTIONS["speaker_ids_not_names"]),
            Known(
                [[name] for name in sorted(map(dataset.name_of, speakers))],
                MISCONCEPTIONS["distinct_forgotten"],
            ),
        ],
    )


@pytest.mark.task("events_in_july_2018")
@pytest.mark.calls("rows(EVENTS_IN_JULY_2018)")
def test_events_in_july_2018(judge, dataset):
    july = PartialDate.parse("2018-07")
    judge.expect(
        "rows(EVENTS_IN_JULY_2018)",
        sorted([e.id] for e in dataset.events if july.contains(e.date)),
        known=[
            Known(
                sorted([e.id] for e in dataset.events if july.overlaps(e.date)),
                MISCONCEPTIONS["overlap_taken_as_within"],
            )
        ],
    )
