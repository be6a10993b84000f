"""Cross-record checks: rules no single record can check on its own.

Each check is a plain function ``check(index) -> Iterator[Problem]``, listed in
``CHECKS``; a new rule is one more small function (congress-legislators'
``validate.py`` is the model: readable domain rules, each naming the record).
"""

from __future__ import annotations

import difflib
import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from .corpus import Corpus, normalise
from .dates import PartialDate
from .models import (
    GOVERNMENT_CLASSIFICATIONS,
    Claim,
    Event,
    Organization,
    Person,
    Policy,
    Source,
    Vote,
)
from .models.base import MIN_QUOTE_CHARS, Record, kinds_text
from .problems import Loc, Problem, Target
from .walk import Links, links


@dataclass(frozen=True)
class Loaded:
    """A record that passed its model, with where it came from."""

    kind: str
    path: Path
    record: Record


MAX_GUESSES = 200


class Index:
    """The records under check, by id, plus the seed corpus."""

    def __init__(
        self, loaded: list[Loaded], corpus: Corpus, invalid: dict[str, str] | None = None
    ) -> None:
        self.loaded = loaded
        self.corpus = corpus
        self.by_id: dict[str, Loaded] = {}
        self.sharing: dict[str, list[Loaded]] = {}
        for item in loaded:
            self.sharing.setdefault(item.record.id, []).append(item)
            self.by_id.setdefault(item.record.id, item)
        # Records that exist but failed their model: references to them are not
        # "unknown", which would bury the one real error under many echoes.
        self.invalid = invalid or {}

        self._links: dict[int, Links] = {}
        self._ids_of: dict[tuple[str, ...], list[str]] = {}
        self._guesses: dict[tuple[str, tuple[str, ...]], list[str]] = {}

    def links(self, item: Loaded) -> Links:
        """References and citations of a record, walked once and shared by the checks."""
        found = self._links.get(id(item))
        if found is None:
            found = self._links[id(item)] = links(item.record)
        return found

    def kind_of(self, record_id: str) -> str | None:
        found = self.by_id.get(record_id)
        return found.kind if found else self.invalid.get(record_id)

    def of_kind(self, kind: str) -> Iterator[Loaded]:
        return (item for item in self.loaded if item.kind == kind)

    def close_ids(self, wanted: str, kinds: tuple[str, ...]) -> list[str]:
        """A near id to suggest; only the first MAX_GUESSES unknown ids get one.

        Each guess compares against every id of those kinds, so a file with
        thousands of unknown ids would take minutes to say what one sentence does.
        """
        key = (wanted, kinds)
        if key not in self._guesses:
            if len(self._guesses) >= MAX_GUESSES:
                return []
            if kinds not in self._ids_of:
                self._ids_of[kinds] = [i for i, item in self.by_id.items() if item.kind in kinds]
            self._guesses[key] = difflib.get_close_matches(
                wanted, self._ids_of[kinds], n=1, cutoff=0.6
            )
        return self._guesses[key]


Check = Callable[[Index], Iterator[Problem]]


def unique_ids(index: Index) -> Iterator[Problem]:
    for item in index.loaded:
        others = [o for o in index.sharing[item.record.id] if o is not item]
        if others:
            names = ", ".join(f"{o.path.parent.name}/{o.path.name}" for o in others)
            yield Problem(
                item.path,
                f"id `{item.record.id}` is already used by {names}",
                "ids are unique across all kinds; pick a more specific one",
                ("id",),
            )


def references_resolve(index: Index) -> Iterator[Problem]:
    for item in index.loaded:
        for ref in index.links(item).references:
            if len(index.sharing.get(ref.target, ())) > 1:
                continue  # ambiguous target: the duplicate id is the problem reported
            target_kind = index.kind_of(ref.target)
            if target_kind is None:
                guess = index.close_ids(ref.target, ref.kinds)
                hint = (
                    f"did you mean `{guess[0]}`?"
                    if guess
                    else f"create it with `civicdata new {ref.kinds[0]} {ref.target}`"
                )
                yield Problem(
                    item.path,
                    f"no record `{ref.target}`; this field takes the id of {kinds_text(ref.kinds)}",
                    hint,
                    ref.loc,
                )
            elif target_kind not in ref.kinds:
                yield Problem(
                    item.path,
                    f"`{ref.target}` is {kinds_text((target_kind,))}, but this field "
                    f"takes {kinds_text(ref.kinds)}",
                    None,
                    ref.loc,
                )


def _seed_of(index: Index, source_id: str):
    target = index.by_id.get(source_id)
    if target is None or not isinstance(target.record, Source):
        return None  # reported by references_resolve
    return index.corpus.get(target.record.file)


def _quote_problem(path: Path, loc: Loc, quote: str, seed, source_id: str) -> Problem | None:
    if seed.contains(quote):
        return None
    matched = seed.matching_prefix(quote)
    wanted = normalise(quote)
    if matched >= MIN_QUOTE_CHARS:
        hint = (
            f"the first {matched} characters match the article, up to "
            f"`…{wanted[max(0, matched - 20) : matched]}`; from there you have "
            f"`{wanted[matched : matched + 20]}…`"
        )
    else:
        hint = "copy the words exactly from the article (straight or curly quotes both match)"
    return Problem(path, f"quote not found in source `{source_id}`", hint, loc)


def quotes_in_seeds(index: Index) -> Iterator[Problem]:
    for item in index.loaded:
        for loc, citation in index.links(item).citations:
            seed = _seed_of(index, citation.source)
            if seed is None:
                continue
            problem = _quote_problem(
                item.path, (*loc, "quote"), citation.quote, seed, citation.source
            )
            if problem:
                yield problem


def claim_quotes_cited(index: Index) -> Iterator[Problem]:
    """A claim's verbatim quote must occur in one of the seeds it cites."""
    for item in index.of_kind("claim"):
        claim = item.record
        assert isinstance(claim, Claim)
        seeds = [s for c in claim.citations if (s := _seed_of(index, c.source)) is not None]
        if seeds and not any(seed.contains(claim.quote) for seed in seeds):
            yield Problem(
                item.path,
                "the claim's `quote` is not found in any source it cites",
                "a claim quotes its speaker verbatim; cite the article the words come from",
                ("quote",),
            )


def seed_files_exist(index: Index) -> Iterator[Problem]:
    available = index.corpus.file_names()
    for item in index.of_kind("source"):
        source = item.record
        assert isinstance(source, Source)
        if index.corpus.get(source.file) is None and source.file in index.corpus.unreadable:
            yield Problem(
                item.path,
                f"seed file `seeds/{source.file}` cannot be used: "
                f"{index.corpus.unreadable[source.file]}",
                "seeds are UTF-8 text files, regular files (not links) in seeds/",
                ("file",),
            )
        elif index.corpus.get(source.file) is None:
            guess = difflib.get_close_matches(source.file, available, n=1)
            yield Problem(
                item.path,
                f"no seed file `seeds/{source.file}`",
                f"did you mean `{guess[0]}`?" if guess else "add the article to seeds/ first",
                ("file",),
            )


def _order(path: Path, loc: Loc, start: PartialDate | None, end: PartialDate | None, what: str):
    if start is not None and end is not None and end.certainly_before(start):
        return Problem(path, f"{what} ends ({end}) before it starts ({start})", None, loc)
    return None


def dates_in_order(index: Index) -> Iterator[Problem]:
    for item in index.loaded:
        record = item.record
        found: list[Problem | None] = []
        if isinstance(record, Person):
            for number, role in enumerate(record.roles):
                found.append(
                    _order(item.path, ("roles", number, "end"), role.start, role.end, "role")
                )
        elif isinstance(record, Event):
            found.append(_order(item.path, ("end_date",), record.date, record.end_date, "event"))
        elif isinstance(record, Policy):
            for number in range(1, len(record.statuses)):
                before, after = record.statuses[number - 1], record.statuses[number]
                if after.date.certainly_before(before.date):
                    found.append(
                        Problem(
                            item.path,
                            f"status `{after.status}` ({after.date}) is listed after "
                            f"`{before.status}` ({before.date})",
                            "list statuses oldest first",
                            ("statuses", number, "date"),
                        )
                    )
        yield from (problem for problem in found if problem)


def votes_consistent(index: Index) -> Iterator[Problem]:
    for item in index.of_kind("vote"):
        vote = item.record
        assert isinstance(vote, Vote)
        for number, position in enumerate(vote.positions):
            if position.voter not in vote.eligible:
                yield Problem(
                    item.path,
                    f"`{position.voter}` states a position but is not among `eligible`",
                    "add the voter to `eligible`, or record the statement as a claim",
                    ("positions", number, "voter"),
                )
        if vote.threshold is not None and vote.threshold > len(vote.eligible):
            yield Problem(
                item.path,
                f"threshold {vote.threshold} is more than the {len(vote.eligible)} eligible voters",
                None,
                ("threshold",),
            )


SENSITIVE = re.compile(
    r"\b(undocumented|unauthori[sz]ed|illegal(ly)?|immigration status|legal status|citizen\w*|"
    r"visa|green card|asylum|deport\w*|foreign[- ]born|born (in|outside)|nationality|"
    r"health|medical|ill(ness)?|disab\w*|injur\w*|pregnan\w*|religio\w*|sexual\w*|abus\w*|"
    r"mother|father|stepfather|stepmother|family|child(ren)?|arrest\w*|convict\w*)\b",
    re.IGNORECASE,
)


def privacy(index: Index) -> Iterator[Problem]:
    """Private individuals carry no sensitive attributes and are no claim's subject."""
    private = {
        item.record.id
        for item in index.of_kind("person")
        if isinstance(item.record, Person) and not item.record.public_figure
    }
    hint = (
        "private individuals appear only as speakers of their quoted words; leave out "
        "immigration status, health, family and similar details"
    )
    for item in index.of_kind("person"):
        person = item.record
        assert isinstance(person, Person)
        if person.id not in private:
            continue
        texts: list[tuple[Loc, str | None]] = [
            (("description",), person.description),
            (("notes",), person.notes),
        ]
        texts += [(("roles", n, "title"), role.title) for n, role in enumerate(person.roles)]
        for loc, text in texts:
            if text and (match := SENSITIVE.search(text)):
                yield Problem(
                    item.path,
                    f"sensitive detail `{match.group(0)}` on a private individual",
                    hint,
                    loc,
                )
    for item in index.of_kind("claim"):
        claim = item.record
        assert isinstance(claim, Claim)
        for number, target in enumerate(claim.about):
            if target in private:
                yield Problem(
                    item.path,
                    f"`{target}` is a private individual and cannot be the subject of a claim",
                    hint,
                    ("about", number),
                )


def government_has_ocd_id(index: Index) -> Iterator[Problem]:
    for item in index.of_kind("organization"):
        org = item.record
        assert isinstance(org, Organization)
        if org.classification in GOVERNMENT_CLASSIFICATIONS and org.ocd_id is None:
            yield Problem(
                item.path,
                f"a {org.classification} needs an `ocd_id`",
                "e.g. ocd-division/country:us/state:pa/county:philadelphia",
                ("classification",),
                Target.KEY,
            )


CHECKS: list[Check] = [
    unique_ids,
    references_resolve,
    quotes_in_seeds,
    claim_quotes_cited,
    seed_files_exist,
    dates_in_order,
    votes_consistent,
    privacy,
    government_has_ocd_id,
]


def run_checks(index: Index) -> list[Problem]:
    return [problem for check in CHECKS for problem in check(index)]
