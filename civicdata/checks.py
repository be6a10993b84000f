"""Cross-record checks: rules no single record can check on its own.

Each check is a plain function ``check(index) -> Iterator[Problem]``, listed in
``CHECKS``; a new rule is one more small function (congress-legislators'
``validate.py`` is the model: readable domain rules, each naming the record).
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass
from functools import cache
from pathlib import Path

from pydantic import BaseModel

from .corpus import Corpus, Seed, normalise
from .dataset import Dataset
from .dataset import Loaded as Loaded  # checks.Loaded: exercise 09 and the grader
from .dates import PartialDate
from .introspect import model_in
from .models import (
    GOVERNMENT_CLASSIFICATIONS,
    Claim,
    Event,
    Organization,
    Person,
    Policy,
    Role,
    Source,
    Vote,
)
from .models.base import MIN_QUOTE_CHARS, Record, kinds_text
from .problems import Loc, Problem, Target, format_loc
from .project import Project
from .strict_yaml import YamlProblem, decode, read_bytes
from .strict_yaml import load as load_yaml
from .text import fold


class Index(Dataset):
    """The :class:`Dataset` under check: the checks (and exercise 09) know it by this name.

    Not a second index: ``Index(loaded, corpus)`` builds a ``Dataset`` of just
    those records, for running a rule on a changed copy of the data.
    """

    def __init__(
        self,
        loaded: list[Loaded],
        corpus: Corpus,
        invalid: dict[str, str] | None = None,
        project: Project | None = None,
    ) -> None:
        super().__init__(loaded, project or Project(corpus.seeds_dir.parent), corpus, invalid)


Check = Callable[[Dataset], Iterator[Problem]]


def unique_ids(index: Dataset) -> Iterator[Problem]:
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


def references_resolve(index: Dataset) -> Iterator[Problem]:
    for item in index.loaded:
        for ref in index.links(item).references:
            if len(index.sharing.get(ref.target, ())) > 1:
                continue  # ambiguous target: the duplicate id is the problem reported
            target_kind = index.known_kind(ref.target)
            if target_kind is None:
                guess = index.close_ids(ref.target, ref.kinds)
                hint = (
                    f"did you mean `{guess[0]}`?"
                    if guess
                    else f"create it with `uv run civicdata new {ref.kinds[0]} {ref.target}`"
                )
                yield Problem(
                    item.path,
                    f"no record `{ref.target}`; this field takes the id of {kinds_text(ref.kinds)}",
                    hint,
                    ref.loc,
                )
            elif target_kind not in ref.kinds and ref.target not in index.by_id:
                # Only a file in a kind folder that did not validate: likely the wrong folder.
                yield Problem(
                    item.path,
                    f"`{ref.target}` is only a file in `{target_kind}/` that does not validate, "
                    f"but this field takes {kinds_text(ref.kinds)}",
                    f"if {ref.target}.yaml is {kinds_text(ref.kinds[:1])}, move it to "
                    f"`{ref.kinds[0]}/` and fix what the validator says about it there",
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


def _source(index: Dataset, source_id: str) -> Source | None:
    """The source record ``source_id`` names; None if it names none (references_resolve says so)."""
    target = index.by_id.get(source_id)
    return target.record if target is not None and isinstance(target.record, Source) else None


def _seed_of(index: Dataset, source_id: str) -> Seed | None:
    source = _source(index, source_id)
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


def sources_explain_inferred_dates(index: Dataset) -> Iterator[Problem]:
    """A source dated to a year or month only says how that date was found (`date_note`).

    `date_note` is optional in the model: an article whose dateline prints the
    day needs none, and one without `published` claims no date. A date of
    year or month precision was inferred from something (a mention in the
    text, the URL), and the reader needs to know what.
    """
    for item in index.of_kind("source"):
        source = item.record
        if not isinstance(source, Source) or source.date_note or source.published is None:
            continue
        if source.published.day is None:
            yield Problem(
                item.path,
                f"`published: {source.published}` has no day and there is no `date_note` "
                "saying how the date was found",
                "add `date_note:`: where the date comes from (a dateline, the URL, a mention "
                "in the text) and how sure it is",
                ("published",),
                Target.KEY,
            )


def _order(
    path: Path, loc: Loc, start: PartialDate | None, end: PartialDate | None, what: str
) -> Problem | None:
    if start is not None and end is not None and end.certainly_before(start):
        return Problem(path, f"{what} ends ({end}) before it starts ({start})", None, loc)
    return None


def _ended_by(path: Path, loc: Loc, role: Role) -> Problem | None:
    """``ended_by`` says the end is not dated: never beside an ``end``, never before the start."""
    if role.ended_by is None:
        return None
    if role.end is not None:
        return Problem(
            path,
            f"the role has both `end` ({role.end}) and `ended_by` ({role.ended_by})",
            "keep `end` when a text dates the end; `ended_by` only when a text says no more "
            'than that the role had ended by then (a "former" office)',
            loc,
        )
    return _order(path, loc, role.start, role.ended_by, "role")


def dates_in_order(index: Dataset) -> Iterator[Problem]:
    for item in index.loaded:
        record = item.record
        found: list[Problem | None] = []
        if isinstance(record, Person):
            for number, role in enumerate(record.roles):
                found.append(
                    _order(item.path, ("roles", number, "end"), role.start, role.end, "role")
                )
                found.append(_ended_by(item.path, ("roles", number, "ended_by"), role))
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


def votes_consistent(index: Dataset) -> Iterator[Problem]:
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


def links_cited(index: Dataset) -> Iterator[Problem]:
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


def claim_dates_grounded(index: Dataset) -> Iterator[Problem]:
    """Reported speech is dated by its event or left undated, unless a note says how.

    An outlet's own statements are dated by its article. Anyone else's words
    take the date of the event where the article says they were said; an
    article's date is not the day someone spoke to it. Any other date needs
    `notes` that say where it comes from ("in recent days" in an article of
    July 2018). A claim's date must also agree with its event's.
    """
    for item in index.of_kind("claim"):
        claim = item.record
        assert isinstance(claim, Claim)
        if claim.date is None:
            continue
        event = index.by_id.get(claim.event) if claim.event else None
        if event is not None and isinstance(event.record, Event):
            if not event.record.date.overlaps(claim.date):
                yield Problem(
                    item.path,
                    f"the claim is dated {claim.date} but its event `{claim.event}` "
                    f"is dated {event.record.date}",
                    "a claim said at an event takes the event's date (or a less precise one)",
                    ("date",),
                )
            continue
        sources = (_source(index, citation.source) for citation in claim.citations)
        publishers = {source.publisher for source in sources if source is not None}
        if claim.speaker in publishers or claim.notes:
            continue
        yield Problem(
            item.path,
            f"`{claim.speaker}` is reported, not publishing, so the article's date is not "
            f"when they spoke; nothing says where {claim.date} comes from",
            "link the `event` where the article says it was said, or remove `date` and say "
            "in `notes` that the article does not say when; a date derived another way "
            "needs a note saying how",
            ("date",),
        )


def event_days_grounded(index: Dataset) -> Iterator[Problem]:
    """An event dated to the day needs a cited article of that day or a note saying how.

    Articles rarely give a full date ("May 5", "Wednesday", "last week"); the
    day is then worked out from the article's date, and `notes` say so.
    """
    for item in index.of_kind("event"):
        event = item.record
        assert isinstance(event, Event)
        if event.date.precision != "day" or event.notes:
            continue
        sources = (_source(index, citation.source) for citation in event.citations)
        published = {source.published for source in sources if source is not None}
        if event.date not in published:
            yield Problem(
                item.path,
                f"no cited article is dated {event.date}, and no note says where the day "
                "comes from",
                'say in `notes` how the day was worked out ("on Tuesday" in an article of '
                "Monday, May 17, 2021), or keep only the precision the text gives",
                ("date",),
            )


PACKAGE_DIR = Path(__file__).resolve().parent
PRIVACY_FILE = PACKAGE_DIR / "privacy.yaml"
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
        return self.pattern.search(text)

    def appears_in_folded(self, text: str) -> bool:
        """Whether a word may occur in ``text``, already :func:`fold`-ed: the fast test.

        Case-insensitive alternation is slow in ``re``; on lower-cased text the same
        pattern, compiled without IGNORECASE, answers the common "no" about twice as
        fast (validate at 10,000 records runs it on every text field). Folding has
        mapped the characters whose case rules differ (long s, Kelvin sign).
        """
        return self.lowered.search(text.lower()) is not None

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
def privacy_vocabulary(path: Path = PRIVACY_FILE) -> Vocabulary:
    return Vocabulary.read(path, classes=True)


@cache
def neutrality_vocabulary(path: Path = NEUTRALITY_FILE) -> Vocabulary:
    return Vocabulary.read(path, classes=False)


PRIVATE_PHRASE = re.compile(r"\bprivate (?:individual|person|people)", re.IGNORECASE)
PRIVACY_HINT = (
    "private individuals appear only as speakers of their quoted words; leave out "
    "immigration status, health, family and similar details"
)


def _folded(text: str) -> str:
    return unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()


def _private_people(index: Dataset) -> dict[str, Person]:
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
    private = _private_people(index)
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
            named = names.search(text) if names else None
            context = (
                near
                or (named and named.group(0))
                or ("a private individual" if PRIVATE_PHRASE.search(text) else None)
            )
            if context and (match := vocabulary.find(text)):
                yield Problem(
                    item.path,
                    f"sensitive detail `{match.group(0)}` "
                    f"({vocabulary.class_of(match).replace('_', ' ')}) next to {context}",
                    PRIVACY_HINT,
                    loc,
                )


_CODE_SPAN = re.compile(r"`[^`\n]*`")
_BLOCK_START = re.compile(r"^\s*(?:[-*+]\s|\d+\.\s|\||\?\?\?|!!!|#)")


def _blocks(text: str) -> Iterator[list[tuple[int, str]]]:
    """Paragraphs, list items, table rows and headings of a Markdown page, with line numbers."""
    block: list[tuple[int, str]] = []
    for number, line in enumerate(text.splitlines(), start=1):
        if not line.strip() or _BLOCK_START.match(line):
            if block:
                yield block
            block = []
        if line.strip():
            block.append((number, line))
    if block:
        yield block


def privacy_in_pages(index: Dataset, pages: Iterable[Path]) -> Iterator[Problem]:
    """Docs pages: no sensitive word in a paragraph that names a private person.

    Words in `code spans` are exempt, so a page can name the vocabulary itself.
    """
    names = private_names(_private_people(index).values())
    vocabulary = privacy_vocabulary()
    for page in pages:
        # Through the same bounded reader as records: a link, a FIFO or a device
        # in docs/ is reported, never followed, waited on or read.
        try:
            text = decode(read_bytes(page, what="a docs page"))
        except YamlProblem as problem:
            yield Problem(page, f"not checked: {problem.message}", problem.hint, line=1, column=1)
            continue
        except OSError as error:
            yield Problem(page, f"not checked: cannot read it ({error.strerror})", line=1, column=1)
            continue
        for block in _blocks(text):
            lines = [
                (n, _CODE_SPAN.sub(lambda m: " " * len(m.group(0)), line)) for n, line in block
            ]
            lines = [(n, fold(line)) for n, line in lines]
            joined = " ".join(line for _, line in lines)
            named = names.search(joined) if names else None
            context = (named and named.group(0)) or (
                "a private individual" if PRIVATE_PHRASE.search(joined) else None
            )
            if not context:
                continue
            for number, line in lines:
                if match := vocabulary.find(line):
                    yield Problem(
                        page,
                        f"sensitive detail `{match.group(0)}` "
                        f"({vocabulary.class_of(match).replace('_', ' ')}) next to {context}",
                        "a page may name a private individual only with their quoted public "
                        "words; leave out their lawsuits, family, health and status",
                        line=number,
                        column=match.start() + 1,
                    )
                    break


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


def government_has_ocd_id(index: Dataset) -> Iterator[Problem]:
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
    seed_names,
    sources_explain_inferred_dates,
    dates_in_order,
    votes_consistent,
    links_cited,
    claim_dates_grounded,
    event_days_grounded,
    privacy,
    neutrality,
    government_has_ocd_id,
]


# Rules about fidelity to the articles (which seeds are described, which words state a
# link, where a date comes from). A generated grading dataset (grading/generate.py) is a
# synthetic shape for an exercise, not a curation of the articles, so it answers to every
# rule but these; the project's own records answer to all of them.
PROVENANCE_CHECKS: tuple[Check, ...] = (
    seed_names,
    links_cited,
    claim_dates_grounded,
    event_days_grounded,
)


def run_checks(index: Dataset, skip: tuple[Check, ...] = ()) -> list[Problem]:
    return [problem for check in CHECKS if check not in skip for problem in check(index)]
