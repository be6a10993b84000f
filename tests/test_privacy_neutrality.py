"""The privacy check and the neutrality lint, each shown firing and passing.

The word lists live in civicdata/privacy.yaml and civicdata/neutrality.yaml;
these tests read the same files, so a word added there is tested here.
"""

from __future__ import annotations

import pytest

from civicdata.checks import (
    NEUTRALITY_FILE,
    PRIVACY_FILE,
    Index,
    Loaded,
    neutrality,
    privacy,
    privacy_in_pages,
)
from civicdata.corpus import Corpus
from civicdata.strict_yaml import load as load_yaml
from civicdata.validate import validate

PRIVACY_CLASSES = load_yaml(PRIVACY_FILE)
EVALUATIVE = load_yaml(NEUTRALITY_FILE)["words"]


@pytest.fixture(scope="module")
def real(request):
    from civicdata.project import Project

    from .conftest import REPO

    project = Project(REPO)
    report = validate(project)
    assert report.problems == []
    return report.loaded, Corpus(project.seeds_dir)


def _with(real, record_id, **changes):
    """The real index with one record's fields replaced."""
    loaded, corpus = real
    items = [
        Loaded(i.kind, i.path, i.record.model_copy(update=changes))
        if i.record.id == record_id
        else i
        for i in loaded
    ]
    return Index(items, corpus)


def _messages(check, index):
    return [p.message for p in check(index)]


# Privacy ------------------------------------------------------------------


def test_every_privacy_class_has_words():
    assert set(PRIVACY_CLASSES) >= {
        "immigration_status",
        "family",
        "health_and_injury",
        "legal_matters",
    }
    assert all(PRIVACY_CLASSES.values())


@pytest.mark.parametrize("word_class", sorted(PRIVACY_CLASSES))
def test_each_word_of_a_class_fires_on_a_private_person(real, word_class):
    missed = []
    for word in PRIVACY_CLASSES[word_class]:
        index = _with(real, "anlin-wang", notes=f"Protest organizer; {word} mentioned.")
        found = _messages(privacy, index)
        if not any(f"sensitive detail `{word}`" in m.replace("\n", " ") for m in found):
            missed.append(word)
    assert missed == [], f"{word_class}: not caught on a private person: {missed}"


@pytest.mark.parametrize("word_class", sorted(PRIVACY_CLASSES))
def test_each_class_fires_in_text_that_names_a_private_person(real, word_class):
    word = PRIVACY_CLASSES[word_class][0]
    index = _with(
        real,
        "city-hall-encampment-2018-07",
        notes=f"Deborah Rose organized it; {word} aside.",
    )
    found = _messages(privacy, index)
    assert [m for m in found if m.startswith(f"sensitive detail `{word}`")] == [
        f"sensitive detail `{word}` ({word_class.replace('_', ' ')}) next to Deborah Rose"
    ]


@pytest.mark.parametrize("word_class", sorted(PRIVACY_CLASSES))
def test_the_same_word_is_fine_about_public_figures(real, word_class):
    word = PRIVACY_CLASSES[word_class][0]
    index = _with(real, "larry-krasner", notes=f"A public official; {word} mentioned.")
    assert _messages(privacy, index) == []


def test_text_that_says_private_individual_is_private_context(real):
    index = _with(
        real,
        "anti-ice-protest-2018-07",
        notes="A private individual's lawsuit over the protest is left out.",
    )
    assert _messages(privacy, index) == [
        "sensitive detail `lawsuit` (legal matters) next to a private individual"
    ]


def test_private_person_is_not_an_event_participant(sandbox):
    path = sandbox.data_dir / "event" / "city-hall-encampment-2018-07.yaml"
    text = path.read_text()
    path.write_text(
        text.replace(
            "participants:\n", "participants:\n  - actor: anlin-wang\n    role: organizer\n"
        )
    )
    [problem] = validate(sandbox, [path]).problems
    assert problem.line == 7 and problem.message == (
        "`anlin-wang` is a private individual, recorded only as the speaker of their "
        "quoted words, not in `participants[0].actor`"
    )


def test_private_speakers_own_words_are_not_checked(repo):
    # Katia Pérez's claim quotes her on deportation; that is what she is recorded for.
    claim = repo.data_dir / "claim" / "perez-threat-of-deportation.yaml"
    assert "deportation" in claim.read_text()
    assert validate(repo, [claim]).problems == []


def _page(sandbox, text):
    (sandbox.root / "docs").mkdir(exist_ok=True)
    page = sandbox.root / "docs" / "page.md"
    page.write_text(text, encoding="utf-8")
    return page


def test_docs_page_naming_a_private_person_with_a_sensitive_detail(sandbox):
    page = _page(
        sandbox,
        "# A page\n\nSome text.\n\n- Anlin Wang is quoted once.\n- Anlin Wang's lawsuit is here.\n",
    )
    problems = [p for p in validate(sandbox).problems if p.path == page.resolve()]
    assert [(p.line, p.column, p.message) for p in problems] == [
        (6, 16, "sensitive detail `lawsuit` (legal matters) next to Anlin Wang")
    ]


def test_docs_page_names_vocabulary_in_code_and_details_without_names(sandbox):
    page = _page(
        sandbox,
        "Private individuals: the check looks for `lawsuit` and `family`.\n\n"
        "A lawsuit by the city is public.\n\nKatia Pérez is quoted twice.\n",
    )
    assert [p for p in validate(sandbox).problems if p.path == page.resolve()] == []


def test_real_docs_pages_pass(repo, real):
    pages = sorted((repo.root / "docs").glob("**/*.md"))
    text = " ".join(page.read_text(encoding="utf-8") for page in pages)
    assert "Katia Pérez" in text, "the pages name a private person, so the check has work"
    assert list(privacy_in_pages(Index(*real), pages)) == []


# Neutrality ---------------------------------------------------------------


@pytest.mark.parametrize("word", EVALUATIVE)
def test_each_evaluative_word_fires_in_the_datasets_voice(real, word):
    index = _with(real, "anti-ice-protest-2018-07", title=f"A {word} protest in Philadelphia")
    assert _messages(neutrality, index) == [f"evaluative word `{word}` in the dataset's own voice"]


def test_lint_fires_on_a_temp_record(sandbox):
    path = sandbox.data_dir / "policy" / "abolition-of-ice.yaml"
    path.write_text(path.read_text().replace("Calls to end", "Radical calls to end"))
    [problem] = validate(sandbox, [path]).problems
    assert problem.message == "evaluative word `Radical` in the dataset's own voice"
    assert problem.line == 4 and "quote it as someone's words" in problem.hint


def test_quoted_use_passes(sandbox):
    path = sandbox.data_dir / "policy" / "abolition-of-ice.yaml"
    path.write_text(
        path.read_text().replace(
            "Calls to end",
            'Calls (which critics call "radical" and “lawless”) to end',
        )
    )
    assert validate(sandbox, [path]).problems == []


def test_ruling_may_use_a_word_its_citations_quote(repo):
    path = repo.data_dir / "ruling" / "philadelphia-v-sessions-2018.yaml"
    assert "capricious" in path.read_text()
    assert validate(repo, [path]).problems == []


def test_ruling_word_without_its_citation_fires(real):
    loaded, _ = real
    [ruling] = [i.record for i in loaded if i.record.id == "philadelphia-v-sessions-2018"]
    citations = [c for c in ruling.citations if "capricious" not in c.quote]
    index = _with(real, ruling.id, citations=citations)
    assert _messages(neutrality, index) == [
        "evaluative word `capricious` in the dataset's own voice"
    ]


def test_ruling_cannot_borrow_a_word_no_citation_quotes(real):
    index = _with(real, "philadelphia-v-sessions-2018", held="The conditions were lawless.")
    assert _messages(neutrality, index) == ["evaluative word `lawless` in the dataset's own voice"]


def test_claims_quotes_are_the_speakers_words(repo):
    claim = repo.data_dir / "claim" / "wilcox-outrageous.yaml"
    assert "outrageous" in claim.read_text()
    assert validate(repo, [claim]).problems == []


# One side's terms (issue 24) ------------------------------------------------

FRAMING = load_yaml(NEUTRALITY_FILE)["framing"]


@pytest.mark.parametrize("word", FRAMING)
def test_each_framing_term_fires_in_the_datasets_voice(real, word):
    index = _with(real, "doj-grant-funding-conditions", summary=f"Grant funding and {word} here.")
    assert _messages(neutrality, index) == [f"one side's term `{word}` in the dataset's own voice"]


def test_framing_terms_come_from_more_than_one_side():
    # A list naming only one side's words would itself take a side.
    assert {"undocumented", "sanctuary protections"} <= set(FRAMING)
    assert {"illegal immigrants", "criminal immigrants"} <= set(FRAMING)


def test_a_quoted_framing_term_passes(real):
    index = _with(
        real,
        "doj-grant-funding-conditions",
        summary='The July 2018 article speaks of funds withheld "in retaliation".',
    )
    assert _messages(neutrality, index) == ["one side's term `withheld` in the dataset's own voice"]
    index = _with(
        real,
        "doj-grant-funding-conditions",
        summary='The July 2018 article speaks of funds "withheld in retaliation".',
    )
    assert _messages(neutrality, index) == []


def test_framing_hint_offers_the_plain_words(sandbox):
    path = sandbox.data_dir / "event" / "philadelphia-sues-over-grant-funds-2017.yaml"
    text = path.read_text()
    path.write_text(text.replace("over the attempt to withhold federal", "over withheld federal"))
    [problem] = validate(sandbox, [path]).problems
    assert problem.message == "one side's term `withheld` in the dataset's own voice"
    assert problem.line == 2 and "the attempt to withhold" in problem.hint


def test_no_term_is_both_evaluative_and_framing():
    """A term in both lists gets one class at random to the reader; each belongs to one."""
    from civicdata.checks import NEUTRALITY_FILE

    data = load_yaml(NEUTRALITY_FILE)
    both = {w.lower() for w in data["words"]} & {w.lower() for w in data["framing"]}
    assert both == set()


def test_the_fast_test_finds_every_listed_word_in_any_case():
    """`appears_in_folded` (lower-cased, no IGNORECASE) misses no word `find` finds."""
    from civicdata.checks import neutrality_vocabulary
    from civicdata.text import fold

    vocabulary = neutrality_vocabulary()
    for word in vocabulary.classes:
        for form in (word, word.upper(), word.title()):
            text = fold(f"They said it was {form} there.")
            assert vocabulary.find(text) is not None, form
            assert vocabulary.appears_in_folded(text), form
    assert not vocabulary.appears_in_folded(fold("A neutral sentence about a contract."))


def test_a_remembered_search_answers_as_the_search_does(monkeypatch):
    """`search_once` keys on the pattern's source and flags and the text: a pattern
    differing in either, or an edited text, is searched afresh; the memory is bounded."""
    import importlib
    import re

    module = importlib.import_module("civicdata.checks.neutrality")  # not the function

    monkeypatch.setattr(module, "_SEARCHED", {})
    monkeypatch.setattr(module, "SEARCHES_KEPT", 4)
    sensitive = re.compile("radical")
    either_case = re.compile("radical", re.IGNORECASE)
    assert module.search_once(sensitive, "a radical plan") is not None
    assert module.search_once(sensitive, "a Radical plan") is None
    assert module.search_once(either_case, "a Radical plan") is not None
    assert module.search_once(sensitive, "a radical plan").group(0) == "radical"
    for number in range(10):
        assert module.search_once(sensitive, f"plan {number}") is None
        assert len(module._SEARCHED) <= 4
