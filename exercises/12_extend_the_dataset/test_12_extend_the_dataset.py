"""Exercise 12 looks for facts in the new records, never for particular ids."""

import json

import pytest

from civicdata.grading.expect import Known, Mismatch, expect_equal, expect_true
from civicdata.models import MODELS

OUTLET = "outlet-of-2018-pars-article"
CHECK = "records_check(student)"

MISCONCEPTIONS = {
    "infamy_stated_as_fact": (
        "'rose to infamy' is the article's characterization, not a fact: a record's own "
        "fields speak in the dataset's neutral voice. Record the words as a claim of kind "
        "characterization, spoken by the article's outlet, about Barletta"
    ),
    "claim_attributed_to_subject": (
        "The claim is attributed to the person it is about: Barletta did not say these "
        "words, the article did. The speaker is the article's outlet"
    ),
    "casey_added_again": (
        "Bob Casey is already in the dataset as bob-casey: refer to that record instead of "
        "adding a second one for the same person"
    ),
    "former_mayor_as_current": (
        "The Hazleton role has no end, so the records say he was still mayor in July 2018; "
        "the article calls him the former mayor. Give the role an end"
    ),
}


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
        quoted = ("citations", "link_citations")  # the article's words, not the record's
        return {k: _without_citations(v) for k, v in value.items() if k not in quoted}
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
    mayor = next(role for role in person.roles if "Hazleton" in role.title)
    expect_true(
        mayor.end is not None,
        f"the end of his role '{mayor.title}' is None. "
        + MISCONCEPTIONS["former_mayor_as_current"],
    )


@pytest.mark.task("senate_race")
@pytest.mark.calls(CHECK)
def test_senate_race(added, dataset):
    report = added
    person = _barletta(report)
    known = {p.name for p in dataset.persons}
    expect_equal(
        "the names of new people the dataset already has",
        sorted(p.name for p in _of_kind(report, "person") if p.name in known),
        [],
        known=[Known(["Bob Casey"], MISCONCEPTIONS["casey_added_again"])],
    )
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
    in_own_words = sorted(
        record.id
        for kind in ("person", "event", "policy", "organization")
        for record in _of_kind(report, kind)
        if "infamy" in json.dumps(_without_citations(record.model_dump(mode="json")))
    )
    claims = [c for c in _of_kind(report, "claim") if "infamy" in c.quote]
    expect_equal(
        "new records saying 'infamy' in their own fields, and claims quoting it",
        [in_own_words, len(claims)],
        [[], 1],
        known=[Known([[person.id], 0], MISCONCEPTIONS["infamy_stated_as_fact"])],
    )
    claim = claims[0]
    expect_equal(
        "the speaker of the claim quoting 'rose to infamy'",
        claim.speaker,
        OUTLET,
        known=[Known(person.id, MISCONCEPTIONS["claim_attributed_to_subject"])],
    )
    expect_true(
        str(claim.kind) == "characterization",
        f"'rose to infamy' is a characterization, not a {claim.kind}",
    )
    expect_true(person.id in claim.about, "the claim is about Barletta")
