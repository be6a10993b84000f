"""The in-memory dataset every consumer shares: loaded once, indexed by id.

The CLI, the exports, the site and the exercises all query this object, so
its helpers encode the dataset's rules once: partial dates compare as
intervals, references are followed both ways, claims stay attached to their
speakers and to the claims that answer them.
"""

from __future__ import annotations

import datetime as dt
from collections import defaultdict
from collections.abc import Iterator
from dataclasses import dataclass
from pathlib import Path
from typing import TypeVar

from .checks import Loaded
from .dates import PartialDate
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
from .problems import Loc, Problem, format_loc, format_text
from .project import Project
from .record_files import scan
from .validate import gc_paused, validate
from .walk import Links, links

R = TypeVar("R", bound=Record)


class DatasetError(Exception):
    """The dataset has problems; ``problems`` lists them, located."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        shown = "\n".join(format_text(p) for p in problems[:10])
        more = f"\n… and {len(problems) - 10} more" if len(problems) > 10 else ""
        super().__init__(f"the dataset has {len(problems)} problem(s):\n{shown}{more}")


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


class Dataset:
    """Validated records by kind and by id, with reverse references."""

    def __init__(
        self, loaded: list[Loaded], project: Project, walked: dict[str, Links] | None = None
    ) -> None:
        self.project = project
        walked = walked or {}
        self._loaded = {item.record.id: item for item in loaded}
        self.by_kind: dict[str, list[Record]] = {kind: [] for kind in MODELS}
        self._referrals: dict[str, list[Referral]] = defaultdict(list)
        for item in loaded:
            self.by_kind[item.kind].append(item.record)
            record_links = walked.get(item.record.id) or links(item.record)
            for ref in record_links.references:
                self._referrals[ref.target].append(Referral(item.record.id, item.kind, ref.loc))

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
        return len(self._loaded)

    def __iter__(self) -> Iterator[Record]:
        return (item.record for item in self._loaded.values())

    def __contains__(self, record_id: object) -> bool:
        return record_id in self._loaded

    # --- single records ------------------------------------------------------

    def get(self, record_id: str) -> Record:
        """The record with this id; KeyError if there is none."""
        return self._loaded[record_id].record

    def kind_of(self, record_id: str) -> str:
        return self._loaded[record_id].kind

    def path_of(self, record_id: str) -> Path:
        return self._loaded[record_id].path

    def name_of(self, record_id: str) -> str:
        """A human label: a name, a title, a headline, or a claim's opening words."""
        record = self.get(record_id)
        for attribute in ("name", "title", "headline"):
            value = getattr(record, attribute, None)
            if value:
                return value
        if isinstance(record, Claim):
            return record.quote if len(record.quote) <= 80 else record.quote[:77] + "…"
        if isinstance(record, Source):
            return f"Untitled article ({record.outlet}, {record.published or 'undated'})"
        return record.id

    # --- references both ways -------------------------------------------------

    def referrers(self, record_id: str) -> list[Referral]:
        """Every record that points at ``record_id``: cites, mentions, votes on, …"""
        return list(self._referrals.get(record_id, ()))

    def cited_by(self, source_id: str) -> list[Record]:
        """Records with at least one citation of this source (the source itself excluded)."""
        seen = {r.source_id for r in self.referrers(source_id) if r.source_id != source_id}
        return [self.get(i) for i in sorted(seen)]

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
        A role is left out only when its dates certainly exclude ``on``.
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
    """The dated facts one record contributes to the timeline."""

    def entry(date: PartialDate | None, what: str) -> Iterator[TimelineEntry]:
        if date is not None:
            yield TimelineEntry(date, record.id, _kind_of(record), what, label)

    if isinstance(record, Source):
        yield from entry(record.published, "published")
    elif isinstance(record, Person):
        for role in record.roles:
            yield from entry(role.start, f"starts as {role.title}")
            yield from entry(role.end, f"ends as {role.title}")
    elif isinstance(record, Policy):
        for status in record.statuses:
            yield from entry(status.date, f"status: {status.status}")
    elif isinstance(record, Vote):
        yield from entry(record.date, f"decision ({record.result})")
        for position in record.positions:
            yield from entry(position.date, f"{position.voter}: {position.position}")
    elif isinstance(record, Ruling):
        yield from entry(record.date, f"ruling ({record.outcome})")
    elif isinstance(record, Event):
        yield from entry(record.date, str(record.kind))
    elif isinstance(record, Claim):
        yield from entry(record.date, f"{record.kind} by {record.speaker}")


_KIND_BY_MODEL = {model: kind for kind, model in MODELS.items()}


def _kind_of(record: Record) -> str:
    return _KIND_BY_MODEL[type(record)]


_CACHE: dict[Path, tuple[tuple[tuple[str, int, int], ...], Dataset]] = {}


def _fingerprint(project: Project) -> tuple[tuple[str, int, int], ...]:
    """Names, sizes and modification times: cheap, and changes when any file does."""
    files = [entry.path for entry in scan(project.data_dir)]
    files += sorted(project.seeds_dir.glob("*.txt"))
    stamps = []
    for path in files:
        try:  # lstat: a dangling link is a problem validate reports, not a crash
            info = path.lstat()
        except OSError:
            continue
        stamps.append((str(path), info.st_size, info.st_mtime_ns))
    return tuple(stamps)


def load(root: Path | str | None = None) -> Dataset:
    """The validated dataset of the checkout at ``root`` (default: found from cwd).

    Loaded once per checkout and reused until a record or seed file changes,
    so every caller in a process shares one ``Dataset``. Raises
    :class:`DatasetError` listing the problems if the dataset is invalid.
    """
    project = Project(Path(root).resolve()) if root is not None else Project.find()
    fingerprint = _fingerprint(project)
    cached = _CACHE.get(project.root)
    if cached and cached[0] == fingerprint:
        return cached[1]
    report = validate(project)
    if not report.ok:
        raise DatasetError(report.problems)
    with gc_paused():
        dataset = Dataset(report.loaded, project, report.links)
    _CACHE[project.root] = (fingerprint, dataset)
    return dataset
