"""Exercise 12 looks for facts in the new records, never for particular ids.

Every value is checked against what the passage supports, and no more: the
passage is the last paragraph of the July 2018 article, whose own date
(2018-07) is the only date it gives. A file that does not validate is named
once, as the root of whatever the other tasks cannot see.
"""

import json

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.calls import call
from civicdata.grading.expect import Known, Mismatch, expect_equal, expect_true
from civicdata.models import MODELS

OUTLET = "outlet-of-2018-pars-article"
SOURCE = "article-2018-07-end-ice-access-to-pars"
CHECK = call("records_check(student)")

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
        "the article calls him the former mayor. Say the role had ended by the article's "
        "date with `ended_by`"
    ),
    "end_invented_from_article_date": (
        "`end: 2018-07` says his term as mayor ended in July 2018; the article says only "
        "that he was the former mayor by then, not when he left. That is `ended_by: 2018-07` "
        "(docs/curation.md, Dates: keep only the precision the text supports)"
    ),
    "end_from_outside_knowledge": (
        "The article gives no year for the end of his term: a date from memory or another "
        "source is not in the text this record cites. Say what the article supports: "
        "`ended_by: 2018-07`"
    ),
    "end_after_the_article": (
        "an end after the article's date cannot be right: the article of July 2018 already "
        "calls him the former mayor. It does not say when he left: `ended_by: 2018-07`"
    ),
    "person_in_event_folder": (
        "The folder says what kind of record a file is: a file is read as the kind its "
        "folder names, so its fields fail that kind's rules and no record can refer to it "
        "as what it is"
    ),
    "election_day_invented": (
        "The article says Casey 'is up for reelection' in 2018 and gives no election day: "
        "a day from outside the text is invented precision. Date the race 2018"
    ),
}


def _of_kind(found, kind):
    """The new records of a kind, rebuilt from plain data with the project's models."""
    return [
        MODELS[kind].model_validate(item["data"])
        for item in found["records"]
        if item["kind"] == kind
    ]


def _blocked(found, kind):
    """Why no record of ``kind`` can be seen: the file that did not validate, if any."""
    for item in found.get("invalid", []):
        if kind not in (item["folder"], item["fits"]):
            continue
        first = next((p["text"] for p in found["problems"] if p["file"] == item["file"]), "")
        if item["fits"] and item["fits"] != item["folder"]:
            name = item["file"].rsplit("/", 1)[-1]
            return (
                f"records/{item['file']} holds the fields of a {item['fits']} but sits in "
                f"`{item['folder']}/`: move it to records/{item['fits']}/{name} "
                f"(exercises/12_extend_the_dataset/records/{item['fits']}/). "
                + MISCONCEPTIONS["person_in_event_folder"]
            )
        return (
            f"records/{item['file']} does not validate yet, so this task cannot read it; "
            f"fix it first (task records_validate): {first}"
        )
    return None


def _need(found, kind, wanted, what):
    """The records of ``kind`` that ``wanted`` keeps; exactly one, or a message that says why."""
    matching = [record for record in _of_kind(found, kind) if wanted(record)]
    if len(matching) == 1:
        return matching[0]
    if not matching and (why := _blocked(found, kind)):
        raise Mismatch(why)
    raise Mismatch(f"expected one new {what}, found {len(matching)}")


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


@pytest.mark.task("records_validate")
def test_records_validate(added):
    if added["problems"]:
        first = added["problems"][0]
        for item in added.get("invalid", []):
            if item["file"] == first["file"] and item["fits"] not in (None, item["folder"]):
                raise Mismatch(f"{first['text']}\n{_blocked(added, item['fits'])}")
        raise Mismatch(first["text"])


def _barletta(report):
    return _need(report, "person", lambda p: "Barletta" in p.name, "person named Barletta")


def _article_date(dataset):
    return dataset.get(SOURCE).published


def _mayor_ended(role, published):
    """None when the role says what the article supports about its end, else why not."""
    if role.end is not None:
        if role.end == published:
            return MISCONCEPTIONS["end_invented_from_article_date"]
        if role.end.certainly_after(published):
            return f"`end: {role.end}`: " + MISCONCEPTIONS["end_after_the_article"]
        return f"`end: {role.end}`: " + MISCONCEPTIONS["end_from_outside_knowledge"]
    if role.ended_by is None:
        return MISCONCEPTIONS["former_mayor_as_current"]
    if role.ended_by != published:
        how = (
            "vaguer than"
            if role.ended_by.contains(published) or role.ended_by.certainly_after(published)
            else "more than"
        )
        return (
            f"`ended_by: {role.ended_by}` says {how} the article does: it calls him the former "
            f"mayor in its own date, {published}, and nothing else. Write "
            f"`ended_by: {published}`"
        )
    return None


@pytest.mark.task("barletta")
def test_barletta(added, dataset):
    person = _barletta(added)
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
    why = _mayor_ended(mayor, _article_date(dataset))
    if why:
        raise Mismatch(f"the role '{mayor.title}': {why}")


@pytest.mark.task("senate_race")
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
    race = _need(
        report,
        "event",
        lambda e: (
            str(e.kind) == "election"
            and {"bob-casey", person.id} <= {p.actor for p in e.participants}
        ),
        "election event with Bob Casey and Barletta as participants",
    )
    year = PartialDate(_article_date(dataset).year)
    if race.date != year:
        explanation = (
            MISCONCEPTIONS["election_day_invented"]
            if year.contains(race.date)
            else f"the article places the race in {year}"
        )
        raise Mismatch(f"the race is dated {race.date}: {explanation}")


@pytest.mark.task("english_policy")
def test_english_policy(added):
    person = _barletta(added)
    policy = _need(
        added,
        "policy",
        lambda p: "English" in p.title or "English" in p.summary,
        "policy about making English Hazleton's official language",
    )
    expect_true(person.id in policy.adopted_by, "the policy should name Barletta in adopted_by")


@pytest.mark.task("infamy_is_a_claim")
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
    if not claims and not in_own_words and (why := _blocked(report, "claim")):
        raise Mismatch(why)
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
