"""The one index of the records: built once per validation, shared by everyone.

The cross-record checks run on it while the dataset is being validated
(through ``checks.Index``, which shares its walk and adds what only
validation needs), and ``load()`` hands it to the CLI, the exports, the site
and the exercises. Its helpers encode the dataset's rules
once: partial dates compare as intervals, references are followed both ways,
claims stay attached to their speakers and to the claims that answer them.
Every record's links are walked here, once (``links_of``).
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .corpus import Corpus
from .dates import PartialDate
from .kinds import KINDS_BY_NAME
from .models import (
    MODELS,
    Claim,
    Event,
    Organization,
    Person,
    Policy,
    Role,
    Ruling,
    Source,
    Vote,
)
from .models.base import Record, kinds_text
from .problems import Loc, format_loc
from .project import Project
from .walk import Links, links

R = TypeVar("R", bound=Record)


@dataclass(frozen=True)
class Referral:
    """Record ``source_id`` points at another record from field ``loc``."""

    source_id: str
    kind: str
    loc: Loc

    @property
    def field(self) -> str:
        return format_loc(self.loc)


@dataclass(frozen=True)
class TimelineEntry:
    """One dated thing: an event, a status change, a stated position, a claim …"""

    date: PartialDate
    record_id: str
    kind: str
    what: str
    label: str


@dataclass(frozen=True)
class Loaded:
    """A record that passed its model, with where it came from."""

    kind: str
    path: Path
    record: Record


class Dataset:
    """Validated records by kind and by id, their links both ways, and the seeds.

    ``loaded`` may hold two records with one id while a dataset is being
    validated (the ``unique_ids`` check reports them); ``by_id`` keeps the
    first. What only validation needs (every record sharing an id, the ids of
    files that failed their model, "did you mean" guesses) is on the
    validation index, ``checks.Index``, not here.

    ``Dataset(loaded, corpus)`` and ``checks.Index(loaded, corpus)`` take the
    same arguments: the corpus of seeds, or else ``project=`` to read it from
    (the project is the corpus's checkout when not given).
    """

    def __init__(
        self,
        loaded: list[Loaded],
        corpus: Corpus | None = None,
        *,
        project: Project | None = None,
    ) -> None:
        if project is None:
            if corpus is None:
                raise TypeError("a Dataset needs its corpus or its project= (to read seeds from)")
            project = Project(corpus.seeds_dir.parent)
        self.project = project
        self.loaded = loaded
        self.corpus = corpus if corpus is not None else Corpus(project.seeds_dir)
        self.by_id: dict[str, Loaded] = {}
        self.by_kind: dict[str, list[Record]] = {kind: [] for kind in MODELS}
        self._links: dict[int, Links] = {}
        self._referrals: dict[str, list[Referral]] = defaultdict(list)
        self._citing: dict[str, set[str]] = defaultdict(set)
        for item in loaded:
            record_id = item.record.id
            if record_id in self.by_id:
                continue
            self.by_id[record_id] = item
            self.by_kind[item.kind].append(item.record)
            found = self._links[id(item)] = links(item.record)
            for ref in found.references:
                self._referrals[ref.target].append(Referral(record_id, item.kind, ref.loc))
            for _, citation in found.citations:
                if citation.source != record_id:
                    self._citing[citation.source].add(record_id)

    # --- loaded records, as the checks and exercise 09 read them ----------------

    def links(self, item: Loaded) -> Links:
        """References and citations of a loaded record, walked once."""
        found = self._links.get(id(item))
        if found is None:  # a duplicate id's second record
            found = self._links[id(item)] = links(item.record)
        return found

    def of_kind(self, kind: str) -> Iterator[Loaded]:
        return (item for item in self.loaded if item.kind == kind)

    # --- collections ---------------------------------------------------------

    def _typed(self, kind: str, model: type[R]) -> list[R]:
        return [record for record in self.by_kind[kind] if isinstance(record, model)]

    @property
    def sources(self) -> list[Source]:
        return self._typed("source", Source)

    @property
    def persons(self) -> list[Person]:
        return self._typed("person", Person)

    @property
    def organizations(self) -> list[Organization]:
        return self._typed("organization", Organization)

    @property
    def policies(self) -> list[Policy]:
        return self._typed("policy", Policy)

    @property
    def votes(self) -> list[Vote]:
        return self._typed("vote", Vote)

    @property
    def rulings(self) -> list[Ruling]:
        return self._typed("ruling", Ruling)

    @property
    def events(self) -> list[Event]:
        return self._typed("event", Event)

    @property
    def claims(self) -> list[Claim]:
        return self._typed("claim", Claim)

    def __len__(self) -> int:
        return len(self.by_id)

    def __iter__(self) -> Iterator[Record]:
        return (item.record for item in self.by_id.values())

    def __contains__(self, record_id: object) -> bool:
        return record_id in self.by_id

    # --- single records ------------------------------------------------------

    def get(self, record_id: str) -> Record:
        """The record with this id; KeyError if there is none."""
        return self.by_id[record_id].record

    def kind_of(self, record_id: str) -> str:
        return self.by_id[record_id].kind

    def path_of(self, record_id: str) -> Path:
        return self.by_id[record_id].path

    def links_of(self, record_id: str) -> Links:
        """What the record points at (references, citations), walked once at load."""
        return self.links(self.by_id[record_id])

    def name_of(self, record_id: str) -> str:
        """A human label: a name, a title, a headline, or a claim's opening words."""
        item = self.by_id[record_id]
        record = item.record
        for attribute in ("name", "title", "headline"):
            value: str | None = getattr(record, attribute, None)
            if value:
                return value
        unnamed = KINDS_BY_NAME[item.kind].unnamed  # a claim's quote, an untitled article
        return unnamed(record) if unnamed is not None else record.id

    # --- references both ways -------------------------------------------------

    def referrers(self, record_id: str) -> list[Referral]:
        """Every record that points at ``record_id``: cites, mentions, votes on, …"""
        return list(self._referrals.get(record_id, ()))

    def cited_by(self, source_id: str) -> list[Record]:
        """Records that cite this source: at least one ``{source, quote}`` citation of it,
        at any depth (a role's or a status's citations count), the source itself excluded.

        A record that only *mentions* the source id elsewhere (say, in an event's
        ``related``) does not cite it; :meth:`referrers` lists every mention.
        ``civicdata stats`` and the SQL view ``records_per_source`` count the same.
        """
        return [self.get(record_id) for record_id in sorted(self._citing.get(source_id, ()))]

    def claims_about(self, record_id: str) -> list[Claim]:
        """Claims whose ``about`` names this record."""
        return [
            claim
            for referral in self.referrers(record_id)
            if referral.loc[0] == "about"
            and isinstance(claim := self.get(referral.source_id), Claim)
        ]

    def claims_by(self, speaker_id: str) -> list[Claim]:
        return [claim for claim in self.claims if claim.speaker == speaker_id]

    def responses_to(self, claim_id: str) -> list[Claim]:
        """Claims that answer this one (their ``responds_to`` names it)."""
        return [
            claim
            for referral in self.referrers(claim_id)
            if referral.loc[0] == "responds_to"
            and isinstance(claim := self.get(referral.source_id), Claim)
        ]

    # --- dates ----------------------------------------------------------------

    def roles_on(self, person_id: str, on: PartialDate | dt.date | str) -> list[Role]:
        """Roles the person may have held on ``on``.

        Partial dates are intervals: a role ending in ``2018`` may still be held
        on ``2018-05-01``, and an open start or end does not rule a date out.
        A role is left out only when its dates certainly exclude ``on``. A role
        that ``ended_by`` a date ended at a time no text gives, no later than
        that date's last day: it may have been held on any day up to then (from
        its start), and certainly was not after.
        """
        when = _as_partial(on)
        person = self.get(person_id)
        if not isinstance(person, Person):
            raise TypeError(
                f"{person_id} is {kinds_text((self.kind_of(person_id),))}, not a person"
            )
        return [
            role
            for role in person.roles
            if not (role.start and when.certainly_before(role.start))
            and not (role.end and when.certainly_after(role.end))
            and not (role.ended_by and when.certainly_after(role.ended_by))
        ]

    def timeline(self) -> list[TimelineEntry]:
        """Everything dated, oldest first (a wider interval after its first day)."""
        entries: list[TimelineEntry] = []
        for record in self:
            entries.extend(_dated(record, self.name_of(record.id)))
        entries.sort(key=lambda e: (*e.date.sort_key(), e.record_id, e.what))
        return entries


def _as_partial(value: PartialDate | dt.date | str) -> PartialDate:
    if isinstance(value, PartialDate):
        return value
    if isinstance(value, dt.date):
        return PartialDate(value.year, value.month, value.day)
    return PartialDate.parse(value)


def _dated(record: Record, label: str) -> Iterator[TimelineEntry]:
    """The dated facts one record contributes to the timeline (its kind declares them)."""
    kind = _kind_of(record)
    for date, what in KINDS_BY_NAME[kind].dated(record):
        if date is not None:
            yield TimelineEntry(date, record.id, kind, what, label)


_KIND_BY_MODEL = {model: kind for kind, model in MODELS.items()}


def _kind_of(record: Record) -> str:
    return _KIND_BY_MODEL[type(record)]
