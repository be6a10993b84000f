"""Each call runs on the real dataset and on 20 generated ones (civicdata.grading.generate)."""

import pytest

from civicdata.grading.counterexample import Known, cases
from civicdata.grading.generate import SEEDS

SPEAKERS = ["larry-krasner", "unnamed-immigration-advocates", "carlos-vega", "brandon-evans"]
ASKED = ["court", "Court", "COURT"]

MISCONCEPTIONS = {
    "dates_sorted_as_text": (
        "This is the order of the dates as text: '2018' sorts before '2018-01-01', yet the "
        "year 2018 is an interval that starts that day and ends on December 31. Sort by "
        "claim.date.sort_key() (first day, then last day)"
    ),
    "undated_sorted_first": (
        "Undated claims came first: an empty key sorts before every date. The task puts "
        "undated claims last, after every dated one"
    ),
    "undated_left_out": (
        "Undated claims are missing: a claim without a date is still the speaker's claim; "
        "put the undated ones last, ordered by id"
    ),
    "case_sensitive_match": (
        "Only the exact lower-case spelling matched: classifications are stored in lower "
        "case, so compare with the asked classification lowered (classification.lower())"
    ),
    "no_id_tie_break": (
        "Claims with the same date came back in the order the dataset lists them: the "
        "records are not listed by id, so a tie needs the id in the sort key: "
        "key=lambda c: (c.date.sort_key(), c.id)"
    ),
    "not_sorted": (
        "The claims came back in the order the dataset lists them, not by date: the "
        "dataset's order is no order at all. Sort the dated claims with a key"
    ),
    "substring_match": (
        "An organization matched because the asked text is part of its classification "
        "('police' is in 'police_union'): compare whole values with ==, not `in`"
    ),
    "newest_first": (
        "The claims came back newest first: the task asks for oldest first, so sort "
        "without reverse=True"
    ),
    "first_day_only": (
        "Claims were ordered by their first day only: '2018' and '2018-01-01' start on the "
        "same day, and the single day comes first. Sort by date.sort_key() (first day, "
        "then last day), then by id"
    ),
    "undated_in_listed_order": (
        "The undated claims are in the order the dataset lists them: order them by id too"
    ),
}


def _speaker_claims(data, speaker, key=None, undated="last", reverse=False, ties="id", rest="id"):
    """The speaker's claim ids, ordered as the task says or as a misconception would."""
    claims = [c for c in data.claims if c.speaker == speaker]
    key = key or (lambda c: c.date.sort_key())
    dated = sorted(
        (c for c in claims if c.date),
        key=(lambda c: (key(c), c.id)) if ties == "id" else key,
        reverse=reverse,
    )
    ids = [c.id for c in dated]
    undated_ids = [c.id for c in claims if c.date is None]
    if rest == "id":
        undated_ids.sort()
    return {"last": ids + undated_ids, "first": undated_ids + ids, "none": ids}[undated]


def right(data, speaker):
    return _speaker_claims(data, speaker)


CLAIMS = cases(
    "claims_by_speaker({data}, {0!r})",
    real=[(speaker,) for speaker in SPEAKERS],
    family="02",
    seeds=SEEDS,
    generated=lambda plan: [(speaker,) for speaker in plan.asks["speakers"]],
)
CLAIM_KNOWN = [
    Known(
        MISCONCEPTIONS["dates_sorted_as_text"],
        lambda d, s: _speaker_claims(d, s, key=lambda c: str(c.date)),
    ),
    Known(
        MISCONCEPTIONS["undated_sorted_first"], lambda d, s: _speaker_claims(d, s, undated="first")
    ),
    Known(MISCONCEPTIONS["undated_left_out"], lambda d, s: _speaker_claims(d, s, undated="none")),
    Known(MISCONCEPTIONS["no_id_tie_break"], lambda d, s: _speaker_claims(d, s, ties="listed")),
    Known(
        MISCONCEPTIONS["not_sorted"],
        lambda d, s: (
            [c.id for c in d.claims if c.speaker == s and c.date]
            + sorted(c.id for c in d.claims if c.speaker == s and c.date is None)
        ),
    ),
    Known(MISCONCEPTIONS["newest_first"], lambda d, s: _speaker_claims(d, s, reverse=True)),
    Known(
        MISCONCEPTIONS["first_day_only"],
        lambda d, s: _speaker_claims(d, s, key=lambda c: c.date.first_day),
    ),
    Known(
        MISCONCEPTIONS["undated_in_listed_order"],
        lambda d, s: _speaker_claims(d, s, rest="listed"),
    ),
]


@pytest.mark.task("claims_by_speaker")
def test_claims_by_speaker(judge, dataset):
    CLAIMS.check(judge, dataset, right, known=CLAIM_KNOWN)


def organizations(data, asked, match=lambda wanted, value: wanted.lower() == value):
    return sorted(o.id for o in data.organizations if match(asked, str(o.classification)))


ORGANIZATIONS = cases(
    "organizations_of_class({data}, {0!r})",
    real=[(asked,) for asked in ASKED],
    family="02",
    seeds=SEEDS,
    generated=lambda plan: [(asked,) for asked in plan.asks["classifications"]],
)
ORGANIZATION_KNOWN = [
    Known(
        MISCONCEPTIONS["case_sensitive_match"],
        lambda d, a: organizations(d, a, lambda wanted, value: wanted == value),
    ),
    Known(
        MISCONCEPTIONS["substring_match"],
        lambda d, a: organizations(d, a, lambda wanted, value: wanted.lower() in value),
    ),
]


@pytest.mark.task("organizations_of_class")
def test_organizations_of_class(judge, dataset):
    ORGANIZATIONS.check(judge, dataset, organizations, known=ORGANIZATION_KNOWN)
