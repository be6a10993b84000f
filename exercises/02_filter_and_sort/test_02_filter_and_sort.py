import pytest

from civicdata.grading.expect import Known, expect_calls
from civicdata.grading.probes import redated

# A what-if input: one claim moved to 2018-01-01, the first day of Krasner's claims dated 2018.
# Ordered as intervals, the single day comes first; ordered as text, "2018" does.
WHAT_IF = "'krasner-first-ever-unit@2018-01-01'"
SPEAKERS = [
    ("dataset", "larry-krasner"),
    (f"redated({WHAT_IF})", "larry-krasner"),
    ("dataset", "unnamed-immigration-advocates"),
    ("dataset", "carlos-vega"),
    ("dataset", "brandon-evans"),
]
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
        "case, so compare with the asked classification lowered (wanted.lower())"
    ),
}


def _ordered(data, speaker, key, undated="last"):
    claims = [c for c in data.claims if c.speaker == speaker]
    dated = [c.id for c in sorted((c for c in claims if c.date), key=lambda c: (key(c), c.id))]
    rest = sorted(c.id for c in claims if c.date is None)
    return {"last": dated + rest, "first": rest + dated, "none": dated}[undated]


def _call(data, speaker):
    return f"claims_by_speaker({data}, {speaker!r})"


@pytest.mark.task("claims_by_speaker")
@pytest.mark.calls(*(_call(data, speaker) for data, speaker in SPEAKERS))
def test_claims_by_speaker(judge, dataset):
    what_if = redated(dataset, WHAT_IF.strip("'"))

    def answers(key, undated="last"):
        return {
            _call(data, speaker): _ordered(
                dataset if data == "dataset" else what_if, speaker, key, undated
            )
            for data, speaker in SPEAKERS
        }

    def by_date(c):
        return c.date.sort_key()

    expect_calls(
        judge,
        answers(by_date),
        known=[
            Known(answers(lambda c: str(c.date)), MISCONCEPTIONS["dates_sorted_as_text"]),
            Known(answers(by_date, "first"), MISCONCEPTIONS["undated_sorted_first"]),
            Known(answers(by_date, "none"), MISCONCEPTIONS["undated_left_out"]),
        ],
    )


def _organizations(asked):
    return f"organizations_of_class(dataset, {asked!r})"


@pytest.mark.task("organizations_of_class")
@pytest.mark.calls(*map(_organizations, ASKED))
def test_organizations_of_class(judge, dataset):
    courts = sorted(o.id for o in dataset.organizations if str(o.classification) == "court")
    expect_calls(
        judge,
        {_organizations(asked): courts for asked in ASKED},
        known=[
            Known(
                {_organizations(a): courts if a == "court" else [] for a in ASKED},
                MISCONCEPTIONS["case_sensitive_match"],
            )
        ],
    )
