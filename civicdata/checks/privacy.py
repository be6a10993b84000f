"""Privacy: a private individual appears only as the speaker of their quoted words."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable, Iterator
from functools import cache
from pathlib import Path

from ..dataset import Dataset
from ..models import Claim, Person
from ..problems import Problem, format_loc
from ..project import PACKAGE_DIR
from ..text import fold
from .neutrality import Vocabulary, own_voice, search_once

PRIVACY_FILE = PACKAGE_DIR / "privacy.yaml"


@cache
def privacy_vocabulary(path: Path = PRIVACY_FILE) -> Vocabulary:
    return Vocabulary.read(path, classes=True)


PRIVATE_PHRASE = re.compile(r"\bprivate (?:individual|person|people)", re.IGNORECASE)
PRIVACY_HINT = (
    "private individuals appear only as speakers of their quoted words; leave out "
    "immigration status, health, family and similar details"
)


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def private_people(index: Dataset) -> dict[str, Person]:
    return {
        item.record.id: item.record
        for item in index.of_kind("person")
        if isinstance(item.record, Person) and not item.record.public_figure
    }


def private_names(people: Iterable[Person]) -> re.Pattern[str] | None:
    """Full names and family names of private people, as written and without accents."""
    names: set[str] = set()
    for person in people:
        for name in (person.name, *person.aliases):
            for form in (name, _folded(name), fold(name)):
                names.add(form)
                names.add(form.split()[-1])
    names = {n for n in names if len(n) > 2}
    if not names:
        return None
    body = "|".join(re.escape(n) for n in sorted(names, key=len, reverse=True))
    return re.compile(rf"(?<!\w)(?:{body})(?!\w)")  # names are matched case-sensitively


def _sensitive(text: str) -> re.Match[str] | None:
    return privacy_vocabulary().find(text)


def privacy(index: Dataset) -> Iterator[Problem]:
    """Private individuals are speakers only, and nothing sensitive stands near them.

    On a private person's own record every text is checked (their own fields
    and the citations). Elsewhere, the dataset's own words are checked when the
    record refers to a private person or a text names one.
    """
    private = private_people(index)
    names = private_names(private.values())
    vocabulary = privacy_vocabulary()
    for item in index.loaded:
        record = item.record
        if record.id in private:
            texts = [
                *own_voice(record),
                *((("aliases", n), a) for n, a in enumerate(private[record.id].aliases)),
            ]
            texts += [((*loc, "quote"), c.quote) for loc, c in index.links(item).citations]
            for loc, text in texts:
                if match := vocabulary.find(fold(text)):
                    yield Problem(
                        item.path,
                        f"sensitive detail `{match.group(0)}` on a private individual",
                        PRIVACY_HINT,
                        loc,
                    )
            continue
        near: str | None = None
        for ref in index.links(item).references:
            if ref.target not in private:
                continue
            near = ref.target
            if isinstance(record, Claim) and ref.loc == ("speaker",):
                continue
            if ref.loc[:1] == ("link_citations",):
                continue  # the link it supports is the one reported
            if isinstance(record, Claim) and ref.loc[:1] == ("about",):
                message = (
                    f"`{ref.target}` is a private individual and cannot be the subject of a claim"
                )
            else:
                message = (
                    f"`{ref.target}` is a private individual, recorded only as the speaker "
                    f"of their quoted words, not in `{format_loc(ref.loc)}`"
                )
            yield Problem(item.path, message, PRIVACY_HINT, ref.loc)
        for loc, text in own_voice(record):
            text = fold(text)  # look-alike and invisible spellings match like the plain ones
            named = search_once(names, text) if names else None
            context = (
                near
                or (named and named.group(0))
                or ("a private individual" if search_once(PRIVATE_PHRASE, text) else None)
            )
            if context and (match := vocabulary.find(text)):
                yield Problem(
                    item.path,
                    f"sensitive detail `{match.group(0)}` "
                    f"({vocabulary.class_of(match).replace('_', ' ')}) next to {context}",
                    PRIVACY_HINT,
                    loc,
                )
