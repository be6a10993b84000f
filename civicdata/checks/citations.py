"""Citations: quotes found in their seeds, seeds named and described, links cited."""

from __future__ import annotations

import difflib
import re
from collections.abc import Iterator
from pathlib import Path

from ..corpus import Seed, normalise
from ..dataset import Dataset
from ..models import Claim, Policy, Source
from ..models.base import MIN_QUOTE_CHARS, Record
from ..problems import Loc, Problem
from .index import Index


def source_of(index: Dataset, source_id: str) -> Source | None:
    """The source record ``source_id`` names; None if it names none (references_resolve says so)."""
    target = index.by_id.get(source_id)
    return target.record if target is not None and isinstance(target.record, Source) else None


def _seed_of(index: Dataset, source_id: str) -> Seed | None:
    source = source_of(index, source_id)
    return index.corpus.get(source.file) if source is not None else None


def _quote_problem(path: Path, loc: Loc, quote: str, seed: Seed, source_id: str) -> Problem | None:
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


def quotes_in_seeds(index: Dataset) -> Iterator[Problem]:
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


def claim_quotes_cited(index: Dataset) -> Iterator[Problem]:
    """A claim's verbatim quote must occur in one of the seeds it cites."""
    for item in index.of_kind("claim"):
        claim = item.record
        assert isinstance(claim, Claim)
        seeds = [s for c in claim.citations if (s := _seed_of(index, c.source)) is not None]
        if seeds and not any(seed.contains(claim.quote) for seed in seeds):
            # The same hint as a citation's quote: where the copy leaves the article.
            closest = max(seeds, key=lambda seed: seed.matching_prefix(claim.quote))
            near = _quote_problem(item.path, ("quote",), claim.quote, closest, "")
            hint = "a claim quotes its speaker verbatim; cite the article the words come from"
            if near is not None and near.hint and near.hint.startswith("the first "):
                hint = f"{near.hint}; {hint}"
            yield Problem(
                item.path,
                "the claim's `quote` is not found in any source it cites",
                hint,
                ("quote",),
            )


def seed_files_exist(index: Dataset) -> Iterator[Problem]:
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


# Seeds are named `NNN_<16 lowercase hex digits>.txt`: a three-digit number,
# unique, that orders the articles (the next article takes the next number),
# and 16 hex digits that keep two articles from ever sharing a name (for a new
# article: the first 16 of its SHA-256, which `sha256sum` prints). See
# docs/contributing.md, "Adding an article".
SEED_NAME = re.compile(r"([0-9]{3})_[0-9a-f]{16}\.txt")
SEED_NAME_HINT = (
    "name it `NNN_<16 hex digits>.txt`: the next free number, then the first 16 "
    "characters of `sha256sum FILE` (see docs/contributing.md, Adding an article)"
)


def seed_names(index: Dataset) -> Iterator[Problem]:
    """Every file in seeds/ follows the naming convention, numbers are unique, each has a source.

    Located at the seed file itself (line 1): a misnamed or unused article is
    reported, never skipped.
    """
    seeds_dir = index.corpus.seeds_dir
    if not seeds_dir.is_dir():
        return
    by_number: dict[str, list[str]] = {}
    for path in seeds_dir.iterdir():
        if match := SEED_NAME.fullmatch(path.name):
            by_number.setdefault(match.group(1), []).append(path.name)
    sourced = {
        item.record.file for item in index.of_kind("source") if isinstance(item.record, Source)
    }
    for path in sorted(seeds_dir.iterdir()):
        name = path.name
        match = SEED_NAME.fullmatch(name)
        if match is None:
            yield Problem(
                path,
                f"`{name}` does not follow the seed naming convention `NNN_<16 hex digits>.txt`",
                SEED_NAME_HINT,
                line=1,
                column=1,
            )
            continue
        others = [other for other in by_number[match.group(1)] if other != name]
        if others:  # reported at each of them: which one is new, git knows, not we
            yield Problem(
                path,
                f"seed number {match.group(1)} is also used by `{'`, `'.join(sorted(others))}`",
                "give each article its own number: a new article takes the next free one",
                line=1,
                column=1,
            )
        if name not in sourced:
            yield Problem(
                path,
                f"no `source` record describes this seed (none has `file: {name}`)",
                "add civicdata/data/source/<id>.yaml with `file:`, `outlet:` and citations "
                "(`civicdata new source <id>` writes the skeleton)",
                line=1,
                column=1,
            )


# The link fields whose every entry needs a quote that states it (the model's
# `link_citations`). Participants, a vote's `about` and a ruling's `policies`
# are cited by the record's own citations, which describe the event or case.
LINK_FIELDS: dict[type[Record], tuple[str, ...]] = {
    Claim: ("about", "responds_to", "event"),
    Policy: ("adopted_by",),
}

LINK_HINT = (
    "add under `link_citations` an entry `{{field: {field}, to: {target}, source, quote}}` "
    "whose quote states the link; if no article states it, remove the link (a note may say "
    "that an article only places the two side by side)"
)


def _link_entries(record: Record, field: str) -> Iterator[tuple[Loc, str]]:
    value = getattr(record, field)
    if isinstance(value, list):
        yield from (((field, number), target) for number, target in enumerate(value))
    elif value is not None:
        yield (field,), value


def links_cited(index: Index) -> Iterator[Problem]:
    """A link is a fact, so it is cited: each needs a quote that states it.

    The quote's presence in the seed is checked with every other citation
    (`quotes_in_seeds`); this rule pairs links with their quotes both ways.
    """
    for item in index.loaded:
        record = item.record
        fields = LINK_FIELDS.get(type(record))
        if not fields:
            continue
        evidence = getattr(record, "link_citations", [])
        cited = {(citation.field, citation.to) for citation in evidence}
        made: set[tuple[str, str]] = set()
        for field in fields:
            for loc, target in _link_entries(record, field):
                made.add((field, target))
                if (field, target) not in cited and index.known_kind(target) is not None:
                    # An unknown id is one mistake, reported once (references_resolve).
                    yield Problem(
                        item.path,
                        f"no quote supports the link `{field}: {target}`",
                        LINK_HINT.format(field=field, target=target),
                        loc,
                    )
        for number, citation in enumerate(evidence):
            if (citation.field, citation.to) not in made:
                yield Problem(
                    item.path,
                    f"`link_citations` supports `{citation.field}: {citation.to}`, "
                    "a link this record does not make",
                    f"add `{citation.to}` to `{citation.field}`, or remove this entry",
                    ("link_citations", number, "to"),
                )
