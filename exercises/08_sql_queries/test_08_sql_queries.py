"""The student's queries run in the judge's child, on the SQLite export: rows come back."""

from collections import Counter

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.counterexample import Known, cases
from civicdata.grading.generate import SEEDS

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
    "about_matched_with_like": (
        "Claims about other records came back: LIKE '%pars%' matches every id holding "
        "those letters, such as 'pars-ice-access-contract-renewal'. Compare the whole id "
        "with =: a.record_id = 'pars-ice-access-contract'"
    ),
    "overlap_taken_as_within": (
        "These are the events that may fall in July 2018 (they overlap it), such as events "
        "dated only 2018. Certainly in July means date_first >= '2018-07-01' AND "
        "date_last <= '2018-07-31'"
    ),
}


def _cases(query):
    return cases(
        f"rows({query}, {{data}})", real=[()], family="08", seeds=SEEDS, generated=lambda p: [()]
    )


def per_kind(data, descending=True):
    counts = Counter(str(c.kind) for c in data.claims)
    sign = -1 if descending else 1
    return [list(row) for row in sorted(counts.items(), key=lambda r: (sign * r[1], r[0]))]


PER_KIND = _cases("CLAIMS_PER_KIND")


@pytest.mark.task("claims_per_kind")
def test_claims_per_kind(judge, dataset):
    PER_KIND.check(
        judge,
        dataset,
        per_kind,
        known=[Known(MISCONCEPTIONS["count_order_ascending"], lambda d: per_kind(d, False))],
    )


def _speakers(data, about=lambda claim: POLICY in claim.about):
    return [c.speaker for c in data.claims if about(c)]


def speakers(data, about=lambda claim: POLICY in claim.about):
    return [[name] for name in sorted({data.name_of(s) for s in _speakers(data, about)})]


SPEAKERS = _cases("SPEAKERS_ABOUT_PARS")


@pytest.mark.task("speakers_about_policy")
def test_speakers_about_pars(judge, dataset):
    SPEAKERS.check(
        judge,
        dataset,
        speakers,
        hint="Join claim_about to claim, and claim.speaker_id to record for the name",
        known=[
            Known(
                MISCONCEPTIONS["speaker_ids_not_names"],
                lambda d: [[s] for s in sorted(set(_speakers(d)))],
            ),
            Known(
                MISCONCEPTIONS["distinct_forgotten"],
                lambda d: [[name] for name in sorted(map(d.name_of, _speakers(d)))],
            ),
            Known(
                MISCONCEPTIONS["about_matched_with_like"],
                lambda d: speakers(d, lambda claim: any("pars" in a for a in claim.about)),
            ),
        ],
    )


JULY = PartialDate.parse("2018-07")


def in_july(data, chosen=JULY.contains):
    return sorted([e.id] for e in data.events if chosen(e.date))


EVENTS = _cases("EVENTS_IN_JULY_2018")


@pytest.mark.task("events_in_july_2018")
def test_events_in_july_2018(judge, dataset):
    EVENTS.check(
        judge,
        dataset,
        in_july,
        known=[
            Known(MISCONCEPTIONS["overlap_taken_as_within"], lambda d: in_july(d, JULY.overlaps))
        ],
    )
