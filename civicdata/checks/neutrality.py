"""Neutrality: the dataset's own voice (`own_voice`) uses no evaluative word and no one
side's term outside a quote; word lists are read as a :class:`Vocabulary`."""

from __future__ import annotations

import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from ..corpus import normalise
from ..dataset import Dataset, Loaded
from ..introspect import model_in
from ..models.base import Record
from ..problems import Loc, Problem
from ..project import PACKAGE_DIR
from ..strict_yaml import load as load_yaml
from ..text import fold

NEUTRALITY_FILE = PACKAGE_DIR / "neutrality.yaml"

# Fields in which a record speaks in the dataset's own voice. Quotes (a claim's
# `quote`, a citation's `quote`) are other people's words and are not in it.
VOICE_FIELDS = frozenset(
    {"title", "summary", "description", "notes", "note", "held", "rule", "role", "location"}
    | {"date_note"}
)


@cache
def _voice_plan(model: type[BaseModel]) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """A model's own-voice text fields, and its fields holding models that have some."""
    texts = tuple(name for name in model.model_fields if name in VOICE_FIELDS)
    nested = []
    for name, field in model.model_fields.items():
        inner = model_in(field.annotation)
        if inner is not None and inner is not model and any(_voice_plan(inner)):
            nested.append(name)
    return texts, tuple(nested)


def own_voice(record: Record) -> list[tuple[Loc, str]]:
    """Every text the record states in the dataset's own words, with its field path.

    A plain loop over a per-model plan: this runs on every record of every
    validation, so it skips citations and other parts that hold no such text.
    """
    found: list[tuple[Loc, str]] = []
    stack: list[tuple[BaseModel, Loc]] = [(record, ())]
    while stack:
        model, loc = stack.pop()
        texts, nested = _voice_plan(type(model))
        for name in texts:
            value = getattr(model, name)
            if type(value) is str:  # not an enum member, not None
                found.append(((*loc, name), value))
        for name in nested:
            value = getattr(model, name)
            if isinstance(value, list):
                stack.extend((item, (*loc, name, number)) for number, item in enumerate(value))
            elif value is not None:
                stack.append((value, (*loc, name)))
    return found


def word_pattern(words: Iterable[str]) -> re.Pattern[str]:
    """Whole-word, case-insensitive matching of words and phrases (any spacing)."""
    alternatives = sorted({w.strip() for w in words if w.strip()}, key=len, reverse=True)
    body = "|".join(r"\s+".join(map(re.escape, w.split())) for w in alternatives)
    return re.compile(rf"(?<![\w-])(?:{body})(?![\w-])", re.IGNORECASE)


_SEARCHED: dict[tuple[str, int, str], re.Match[str] | None] = {}
SEARCHES_KEPT = 1 << 13  # texts of a few hundred characters: a few megabytes at most


def search_once(pattern: re.Pattern[str], text: str) -> re.Match[str] | None:
    """``pattern.search(text)``, remembered for the last few thousand texts.

    A word list is one large alternation, which Python's ``re`` searches slowly
    (4-12 microseconds a text): most of what the neutrality and privacy checks
    cost. One process often checks the same texts again: ``validate --watch``
    after each save, the grader on every run, the site's pages for each seed;
    an unchanged text gets the answer it got before. A match holds its text
    and is never changed, so sharing one is safe. The key is the pattern's
    source, not the pattern (hashing a compiled pattern hashes its whole
    program each time).
    """
    key = (pattern.pattern, pattern.flags, text)
    try:
        return _SEARCHED[key]
    except KeyError:
        pass
    if len(_SEARCHED) >= SEARCHES_KEPT:
        _SEARCHED.clear()
    found = _SEARCHED[key] = pattern.search(text)
    return found


def _key(word: str) -> str:
    return " ".join(word.lower().split())


@dataclass(frozen=True)
class Vocabulary:
    """Words sorted into classes, read from one data file."""

    classes: dict[str, str]  # word -> class
    pattern: re.Pattern[str]

    @classmethod
    def read(cls, path: Path, *, classes: bool) -> Vocabulary:
        data = load_yaml(path)
        groups = (
            data
            if classes
            else {"evaluative": data.get("words", []), "framing": data.get("framing", [])}
        )
        words = {_key(w): group for group, items in groups.items() for w in items}
        return cls(words, word_pattern(words))

    def find(self, text: str) -> re.Match[str] | None:
        return search_once(self.pattern, text)

    def appears_in_folded(self, text: str) -> bool:
        """Whether a word may occur in ``text``, already :func:`fold`-ed: the fast test.

        Case-insensitive alternation is slow in ``re``; on lower-cased text the same
        pattern, compiled without IGNORECASE, answers the common "no" about twice as
        fast (validate at 10,000 records runs it on every text field). Folding has
        mapped the characters whose case rules differ (long s, Kelvin sign).
        """
        return search_once(self.lowered, text.lower()) is not None

    @property
    def lowered(self) -> re.Pattern[str]:
        return _lowered(self.pattern.pattern)

    def class_of(self, match: re.Match[str]) -> str:
        return self.classes[_key(match.group(0))]


@cache
def _lowered(pattern: str) -> re.Pattern[str]:
    # word_pattern's own syntax is lower case (`\s+`, `[\w-]`); its words become so too.
    return re.compile(pattern.lower())


@cache
def neutrality_vocabulary(path: Path = NEUTRALITY_FILE) -> Vocabulary:
    return Vocabulary.read(path, classes=False)


_QUOTED = re.compile(r"“[^”]*”|\"[^\"]*\"|‘[^’]*’")


def _unquoted(text: str) -> str:
    """The text with quoted spans blanked out (positions kept)."""
    return _QUOTED.sub(lambda m: " " * len(m.group(0)), text)


FRAMING_HINT = (
    'say it in the plainest words the articles offer ("immigrants without legal status", '
    '"the attempt to withhold"), or quote it as someone\'s words and record their claim; '
    "see the curation guide's neutrality rule"
)


def neutrality(index: Dataset) -> Iterator[Problem]:
    """The dataset's own voice uses no evaluative word and no one side's term outside a quote.

    Both lists are in neutrality.yaml: `words` (evaluative) and `framing`.

    A ruling's `held` is the court's voice: it may use a word that one of the
    ruling's citations quotes.
    """
    vocabulary = neutrality_vocabulary()
    for item in index.loaded:
        for loc, text in own_voice(item.record):
            text = fold(text)  # `ｒａｄｉｃａｌ`, a Cyrillic `а`: the word all the same
            if not vocabulary.appears_in_folded(text):
                continue  # the common case: one search, no copy
            for match in vocabulary.pattern.finditer(_unquoted(text)):
                word = match.group(0)
                if loc == ("held",) and _quoted_by_citation(index, item, word):
                    continue
                if vocabulary.class_of(match) == "framing":
                    yield Problem(
                        item.path,
                        f"one side's term `{word}` in the dataset's own voice",
                        FRAMING_HINT,
                        loc,
                    )
                else:
                    yield Problem(
                        item.path,
                        f"evaluative word `{word}` in the dataset's own voice",
                        "quote it as someone's words (and record their claim), or say it "
                        "neutrally; see the curation guide's neutrality rule",
                        loc,
                    )
                break


def _quoted_by_citation(index: Dataset, item: Loaded, word: str) -> bool:
    return any(
        _key(word) in fold(normalise(c.quote)).lower() for _, c in index.links(item).citations
    )
