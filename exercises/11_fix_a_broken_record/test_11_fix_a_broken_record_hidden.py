"""Hidden checks (autograder only): the fixed record still says what the article says.

The validator passes many records that are not this one: another sentence of
the same article, another speaker, another kind. These checks compare each
field with the article and the dataset: who the article says spoke, the words
it prints, where it prints them.
"""

import re

import pytest

from civicdata.corpus import normalise
from civicdata.grading.calls import call
from civicdata.grading.expect import Mismatch

CHECK = call("record_check(student)")
SOURCE = "article-2018-07-end-ice-access-to-pars"
# The words the broken record holds; fixing a record keeps what it records.
WORDS = "That's simply unacceptable."
KIND = "opinion"  # the broken file says so twice (`Opinion`, `opinion`)
TOPIC = "pars-ice-access-contract"
SAID = re.compile(r"\b([A-Z][a-z]+) said\b")

MISCONCEPTIONS = {
    "another_sentence_quoted": (
        "The record is about the words 'That's simply unacceptable.': another sentence of "
        "the same article passes the validator but is another claim. Fix the record you "
        "were given; keep its words"
    ),
    "office_as_speaker": (
        "Another article attributes a statement to his office; this one quotes him, so the "
        "speaker is the person, not the office"
    ),
    "kenney_as_speaker": (
        "Kenney is in the article as the one who decides on PARS, not as the one who said "
        "these words: the speaker is who the article quotes"
    ),
}
SPOKE = "The speaker is the one this article says spoke: 'Krasner said Wednesday morning'"
# Other speakers a student plausibly picks, each with what picking it reveals.
WHY = {
    "philadelphia-district-attorneys-office": "office_as_speaker",
    "jim-kenney": "kenney_as_speaker",
}


def _bare(text):
    """Words as printed, without the quotation marks around them (the article's or YAML's)."""
    return normalise(text).strip("\"'“”‘’ ")


def _data(judge):
    found = judge(CHECK)
    if found["parse"] or found["fields"]:
        raise Mismatch(
            "these checks read the record's fields; first fix: "
            + (found["parse"] or found["fields"])
        )
    return found["data"]


def _paragraph(dataset, words):
    seed = dataset.corpus.get(dataset.get(SOURCE).file)
    wanted = normalise(words)
    return next(p for p in seed.text.split("\n") if wanted in normalise(p))


def _speaker(dataset, paragraph):
    """The dataset's person whose family name the paragraph says 'said' the words."""
    names = {match.group(1) for match in SAID.finditer(paragraph)}
    return next(p.id for p in dataset.persons if p.name.split()[-1] in names)


@pytest.mark.task("what_was_said")
def test_what_was_said(judge, dataset):
    data = _data(judge)
    problems = []
    quote = str(data.get("quote", ""))
    if _bare(quote) != _bare(WORDS):
        problems.append(
            f"quote: '{quote}'. " + MISCONCEPTIONS["another_sentence_quoted"]
            if dataset.corpus.get(dataset.get(SOURCE).file).contains(quote)
            else f"quote: '{quote}' is not the words the record was about, '{WORDS}'"
        )
    citations = data.get("citations") or []
    if not any(
        c.get("source") == SOURCE and normalise(WORDS) in normalise(str(c.get("quote", "")))
        for c in citations
    ):
        problems.append(
            f"no citation of {SOURCE} quotes the words '{WORDS}': cite the article, and the "
            "passage, that prints them"
        )
    for number, citation in enumerate(citations):
        if citation.get("source") != SOURCE:
            problems.append(
                f"citations[{number}] cites {citation.get('source')}, which does not print "
                f"these words; they are in {SOURCE}"
            )
    if problems:
        raise Mismatch("\n".join(problems))


@pytest.mark.task("who_and_about")
def test_who_and_about(judge, dataset):
    data = _data(judge)
    paragraph = _paragraph(dataset, WORDS)
    speaker = _speaker(dataset, paragraph)
    problems = []
    if data.get("speaker") != speaker:
        why = WHY.get(str(data.get("speaker")))
        problems.append(
            f"speaker: {data.get('speaker')}. {SPOKE}" + (f". {MISCONCEPTIONS[why]}" if why else "")
        )
    if data.get("kind") != KIND:
        problems.append(
            f"kind: {data.get('kind')}. The record was an {KIND} (its broken file says so "
            "twice); the words judge a policy, they promise, report or allege nothing"
        )
    about = data.get("about") or []
    if TOPIC not in about:
        problems.append(
            f"about: {about}. The words are about the PARS contract ({TOPIC}), as the record "
            "said before it broke"
        )
    # What the dataset's claims from the same paragraph are about: the words' subjects.
    subjects = {
        target
        for claim in dataset.claims
        for citation in claim.citations
        if citation.source == SOURCE and normalise(citation.quote) in normalise(paragraph)
        for target in claim.about
    }
    if extra := sorted(set(about) - subjects - {TOPIC}):
        problems.append(f"about: {extra} are not what these words are about")
    if data.get("responds_to"):
        problems.append(
            f"responds_to: {data['responds_to']}: no article says these words answer a claim"
        )
    event = data.get("event")
    if event is not None:
        actors = {p.actor for p in getattr(dataset.get(event), "participants", [])}
        if speaker not in actors:
            problems.append(f"event: {event} is not an event {speaker} took part in")
    if problems:
        raise Mismatch("\n".join(problems))
