"""Exercise 12 looks for facts in the new records, never for particular ids."""

import json

import pytest

from civicdata.grading.expect import Mismatch, expect_true
from civicdata.models import MODELS

OUTLET = "outlet-of-2018-pars-article"
CHECK = "records_check(student)"


@pytest.fixture
def added(judge):
    """The new records, validated together with the dataset in the judge's child."""
    found = judge(CHECK)
    if not found["records"] and not found["problems"]:
        raise Mismatch(
            "no records yet: add files as records/<kind>/<id>.yaml in 12_extend_the_dataset"
        )
    return found


def _without_citations(value):
    if isinstance(value, dict):
        return {k: _without_citations(v) for k, v in value.items() if k != "citations"}
    if isinstance(value, list):
        return [_without_citations(v) for v in value]
    return value


def _of_kind(found, kind):
    """The new records of a kind, rebuilt from plain data with the project's models."""
    return [
        MODELS[kind].model_validate(item["data"])
        for item in found["records"]
        if item["kind"] == kind
    ]


@pytest.mark.task("records_validate")
@pytest.mark.calls(CHECK)
def test_records_validate(added):
    if added["problems"]:
        raise Mismatch(added["problems"][0]["text"])


def _barletta(report):
    people = [p for p in _of_kind(report, "person") if "Barletta" in p.name]
    expect_true(len(people) == 1, f"expected one new person named Barletta, found {len(people)}")
    return people[0]


@pytest.mark.task("barletta")
@pytest.mark.calls(CHECK)
def test_barletta(added):
    report = added
    person = _barletta(report)
    expect_true(person.public_figure, "a U.S. Representative is a public figure")
    titles = " / ".join(role.title for role in person.roles)
    expect_true(
        "Rep" in titles,
        f"his office as U.S. Representative is missing from his roles ({titles or 'none'})",
    )
    expect_true(
        "Hazleton" in titles,
        f"his former office as mayor of Hazleton is missing ({titles or 'none'})",
    )


@pytest.mark.task("senate_race")
@pytest.mark.calls(CHECK)
def test_senate_race(added):
    report = added
    person = _barletta(report)
    races = [
        e
        for e in _of_kind(report, "event")
        if str(e.kind) == "election"
        and {"bob-casey", person.id} <= {p.actor for p in e.participants}
    ]
    expect_true(
        len(races) == 1,
        "expected one new election event with Bob Casey and Barletta as participants",
    )
    expect_true(
        str(races[0].date).startswith("2018"),
        f"the race is dated {races[0].date}; the article places it in 2018",
    )


@pytest.mark.task("english_policy")
@pytest.mark.calls(CHECK)
def test_english_policy(added):
    report = added
    person = _barletta(report)
    policies = [
        p for p in _of_kind(report, "policy") if "English" in p.title or "English" in p.summary
    ]
    expect_true(
        len(policies) == 1,
        "expected one new policy about making English Hazleton's official language",
    )
    expect_true(
        person.id in policies[0].adopted_by, "the policy should name Barletta in adopted_by"
    )


@pytest.mark.task("infamy_is_a_claim")
@pytest.mark.calls(CHECK)
def test_infamy_is_attributed(added):
    report = added
    person = _barletta(report)
    for kind in ("person", "event", "policy", "organization"):
        for record in _of_kind(report, kind):
            own_words = json.dumps(_without_citations(record.model_dump(mode="json")))
            expect_true(
                "infamy" not in own_words,
                f"{record.id} says 'infamy' in its own fields; that is the article's "
                "characterization, to be recorded as a claim by the outlet",
            )
    claims = [c for c in _of_kind(report, "claim") if "infamy" in c.quote]
    expect_true(len(claims) == 1, "expected one new claim quoting 'rose to infamy'")
    claim = claims[0]
    expect_true(
        claim.speaker == OUTLET,
        f"the words are the article's own: the speaker is {OUTLET}, not {claim.speaker}",
    )
    expect_true(
        str(claim.kind) == "characterization",
        f"'rose to infamy' is a characterization, not a {claim.kind}",
    )
    expect_true(person.id in claim.about, "the claim is about Barletta")
