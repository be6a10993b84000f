"""The kinds of record, one declaration each: the one place a new kind is added.

Each :class:`Kind` says everything the rest of civicdata needs to know about
records of that kind: its model, how pages title and colour it, how it is
dated on the timeline and summarised in an index, which SQLite rows it
becomes and which column Datasette shows for them. The loader, ``Dataset``,
the site, the exports, ``civicdata new`` and ``civicdata schema`` read this
registry instead of keeping tables of their own.

This module imports nothing from civicdata at import time: the model is named
by its import path and imported on first use, so ``civicdata --help`` (which
lists the kind names through ``project.KINDS``) stays free of pydantic.
Functions below read records by attribute only; each declaration's annotation,
``Kind[Model]``, lets mypy check those reads against the model.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any, Generic, NamedTuple, TypeVar

from .lazy import named

if TYPE_CHECKING:  # pragma: no cover - for readers and type checkers only
    from .dataset import Dataset
    from .dates import PartialDate
    from .models.actors import Organization, Person, Source
    from .models.base import Record
    from .models.decisions import Policy, Ruling, Vote
    from .models.happenings import Claim, Event

# The model of a kind: each declaration is annotated ``Kind[Model]``, so mypy checks
# what its functions and lambdas read from a record (a misspelt field is an error
# before anything runs). Only the annotation names the model; nothing is imported.
R = TypeVar("R", bound="Record")

# A table row keyed by column name; the SQLite export inserts it with named placeholders.
Row = dict[str, Any]


# Summary parts are named tuples: a dataclass costs ~0.5 ms to create, and this
# module is imported by `civicdata --help`.
class Code(NamedTuple):
    """A summary part shown as code (an enum value, a classification)."""

    text: str


class When(NamedTuple):
    """A summary part shown as a date in words (``11 July 2018``, or ``undated``)."""

    date: PartialDate | None


SummaryPart = str | Code | When


def _no_dates(record: Any) -> Iterator[tuple[PartialDate | None, str]]:
    return iter(())


def _no_summary(record: Any) -> list[SummaryPart]:
    return []


def _no_rows(record: Any, dataset: Dataset) -> Iterator[tuple[str, Row]]:
    return iter(())


@dataclass(frozen=True, eq=False)  # one object per kind: identity is equality
class Kind(Generic[R]):
    """Everything kind-specific about one kind of record.

    ``model`` is ``"module:Class"``; :attr:`model_class` imports it. ``dated``
    yields ``(date, what)`` pairs for the timeline (a ``None`` date is skipped).
    ``summary`` gives the parts of an index table's "about" cell. ``rows``
    yields ``(table, {column: value})`` for the SQLite export beyond the
    shared ``record`` and ``citation`` tables; ``sqlite_schema`` is DDL for
    tables that ``export/schema.sql`` does not already hold. ``label_columns``
    names, for each of the kind's tables that has a human label, the column
    Datasette shows for a foreign key to it. ``relations`` words how a
    record of this kind refers to another, by field path without list
    positions; ``relation_rank`` orders those groups on a record page.
    ``unnamed`` labels a record that has no ``name``, ``title`` or ``headline``
    (``Dataset.name_of``; default: its id).
    """

    name: str
    model: str
    title: str
    plural: str
    colour: str
    label_columns: dict[str, str] = field(default_factory=dict)
    dated: Callable[[R], Iterable[tuple[PartialDate | None, str]]] = _no_dates
    summary: Callable[[R], list[SummaryPart]] = _no_summary
    rows: Callable[[R, Dataset], Iterable[tuple[str, Row]]] = _no_rows
    sqlite_schema: str = ""
    relations: dict[tuple[str, ...], str] = field(default_factory=dict)
    relation_rank: int = 99
    unnamed: Callable[[R], str] | None = None
    search_boost: int | None = None

    @property
    def model_class(self) -> type[Record]:
        """The Pydantic model, imported on first use."""
        model: type[Record] = named(self.model)
        return model


# --- helpers for the declarations ------------------------------------------------


def date_columns(name: str, value: PartialDate | None) -> Row:
    """A partial date as written, plus the first and last day it may mean."""
    first, last = _DATE_COLUMNS.get(name) or _DATE_COLUMNS.setdefault(
        name, (f"{name}_first", f"{name}_last")
    )
    if value is None:
        return {name: None, first: None, last: None}
    return {name: str(value), first: value.first_day.isoformat(), last: value.last_day.isoformat()}


_DATE_COLUMNS: dict[str, tuple[str, str]] = {}


def link_rows(
    table: str, columns: tuple[str, str], owner: str, targets: list[str]
) -> Iterator[tuple[str, Row]]:
    """Rows of a link table: the owner and each target once (YAML lists may repeat)."""
    for target in dict.fromkeys(targets):
        yield table, {columns[0]: owner, columns[1]: target}


def outlet_text(outlet: str) -> str:
    """The outlet as printed, or a plain "outlet not named"."""
    text = " ".join(outlet.split())
    return "outlet not named" if text.lower().startswith("unknown") else text


# --- source ---------------------------------------------------------------------------


def _source_rows(source: Source, dataset: Dataset) -> Iterator[tuple[str, Row]]:
    yield (
        "source",
        {
            "id": source.id,
            "file": source.file,
            "headline": source.headline,
            "outlet": source.outlet,
            "publisher_id": source.publisher,
            **date_columns("published", source.published),
            "byline": source.byline,
            "date_note": source.date_note,
            "notes": source.notes,
            "label": dataset.name_of(source.id),
        },
    )


SOURCE: Kind[Source] = Kind(
    name="source",
    model="civicdata.models.actors:Source",
    title="Sources",
    plural="sources",
    colour="#6b7280",
    label_columns={"source": "label"},
    dated=lambda source: [(source.published, "published")],
    summary=lambda source: [outlet_text(source.outlet), When(source.published)],
    rows=_source_rows,
    relations={("publisher",): "Articles it published"},
    relation_rank=6,
    unnamed=lambda source: f"Untitled article ({source.outlet}, {source.published or 'undated'})",
)


# --- person ---------------------------------------------------------------------------


def _person_dates(person: Person) -> Iterator[tuple[PartialDate | None, str]]:
    for role in person.roles:
        yield role.start, f"starts as {role.title}"
        yield role.end, f"ends as {role.title}"
        yield role.ended_by, f"no longer {role.title} (when it ended is not given)"


def _person_rows(person: Person, dataset: Dataset) -> Iterator[tuple[str, Row]]:
    yield (
        "person",
        {
            "id": person.id,
            "name": person.name,
            "public_figure": int(person.public_figure),
            "description": person.description,
            "notes": person.notes,
        },
    )
    for seq, role in enumerate(person.roles):
        yield (
            "role",
            {
                "person_id": person.id,
                "seq": seq,
                "title": role.title,
                "organization_id": role.organization,
                **date_columns("start", role.start),
                **date_columns("end", role.end),
                **date_columns("ended_by", role.ended_by),
                "note": role.note,
            },
        )
    yield from link_rows("alias", ("record_id", "alias"), person.id, person.aliases)


PERSON: Kind[Person] = Kind(
    name="person",
    model="civicdata.models.actors:Person",
    title="People",
    plural="persons",
    colour="#2563eb",
    label_columns={"person": "name", "role": "title"},
    dated=_person_dates,
    summary=lambda p: ["public figure" if p.public_figure else "private individual"],
    rows=_person_rows,
    relations={("roles", "organization"): "People with a role in it"},
    relation_rank=4,
    search_boost=10,
)


# --- organization -----------------------------------------------------------------------


def _organization_rows(org: Organization, dataset: Dataset) -> Iterator[tuple[str, Row]]:
    yield (
        "organization",
        {
            "id": org.id,
            "name": org.name,
            "classification": org.classification,
            "ocd_id": org.ocd_id,
            "parent_id": org.parent,
            "notes": org.notes,
        },
    )
    yield from link_rows("alias", ("record_id", "alias"), org.id, org.aliases)


ORGANIZATION: Kind[Organization] = Kind(
    name="organization",
    model="civicdata.models.actors:Organization",
    title="Organizations",
    plural="organizations",
    colour="#7c3aed",
    label_columns={"organization": "name"},
    summary=lambda org: [Code(org.classification.value)],
    rows=_organization_rows,
    relations={("parent",): "Organizations within it"},
    relation_rank=5,
    search_boost=3,
)


# --- policy ---------------------------------------------------------------------------


def _policy_rows(policy: Policy, dataset: Dataset) -> Iterator[tuple[str, Row]]:
    yield (
        "policy",
        {
            "id": policy.id,
            "title": policy.title,
            "kind": policy.kind,
            "summary": policy.summary,
            "notes": policy.notes,
        },
    )
    yield from link_rows("policy_adopter", ("policy_id", "actor_id"), policy.id, policy.adopted_by)
    for seq, status in enumerate(policy.statuses):
        yield (
            "policy_status",
            {
                "policy_id": policy.id,
                "seq": seq,
                "status": status.status,
                **date_columns("date", status.date),
                "note": status.note,
            },
        )


POLICY: Kind[Policy] = Kind(
    name="policy",
    model="civicdata.models.decisions:Policy",
    title="Policies",
    plural="policies",
    colour="#059669",
    label_columns={"policy": "title"},
    dated=lambda policy: [(s.date, f"status: {s.status}") for s in policy.statuses],
    summary=lambda policy: [Code(policy.kind.value)],
    rows=_policy_rows,
    relations={("adopted_by",): "Policies it adopted"},
    relation_rank=2,
    search_boost=3,
)


# --- vote -------------------------------------------------------------------------------


def _vote_dates(vote: Vote) -> Iterator[tuple[PartialDate | None, str]]:
    yield vote.date, f"decision ({vote.result})"
    for position in vote.positions:
        yield position.date, f"{position.voter}: {position.position}"


def _vote_rows(vote: Vote, dataset: Dataset) -> Iterator[tuple[str, Row]]:
    yield (
        "vote",
        {
            "id": vote.id,
            "title": vote.title,
            "rule": vote.rule,
            "threshold": vote.threshold,
            "result": vote.result,
            **date_columns("date", vote.date),
            "notes": vote.notes,
        },
    )
    yield from link_rows("vote_about", ("vote_id", "policy_id"), vote.id, vote.about)
    yield from link_rows("vote_eligible", ("vote_id", "voter_id"), vote.id, vote.eligible)
    for seq, position in enumerate(vote.positions):
        yield (
            "vote_position",
            {
                "vote_id": vote.id,
                "seq": seq,
                "voter_id": position.voter,
                "position": position.position,
                **date_columns("date", position.date),
                "note": position.note,
            },
        )


VOTE: Kind[Vote] = Kind(
    name="vote",
    model="civicdata.models.decisions:Vote",
    title="Votes",
    plural="votes",
    colour="#d97706",
    label_columns={"vote": "title"},
    dated=_vote_dates,
    rows=_vote_rows,
    relations={
        ("about",): "Votes on it",
        ("eligible",): "Votes it could take part in",
        ("positions", "voter"): "Votes it took a position in",
    },
    relation_rank=0,
)


# --- ruling ---------------------------------------------------------------------------


def _ruling_rows(ruling: Ruling, dataset: Dataset) -> Iterator[tuple[str, Row]]:
    yield (
        "ruling",
        {
            "id": ruling.id,
            "title": ruling.title,
            "court_id": ruling.court,
            **date_columns("date", ruling.date),
            "outcome": ruling.outcome,
            "held": ruling.held,
            "appeal": ruling.appeal,
            "notes": ruling.notes,
        },
    )
    yield from link_rows("ruling_judge", ("ruling_id", "person_id"), ruling.id, ruling.judges)
    for party in ruling.parties:
        yield "ruling_party", {"ruling_id": ruling.id, "actor_id": party.actor, "side": party.side}
    yield from link_rows("ruling_policy", ("ruling_id", "policy_id"), ruling.id, ruling.policies)


RULING: Kind[Ruling] = Kind(
    name="ruling",
    model="civicdata.models.decisions:Ruling",
    title="Rulings",
    plural="rulings",
    colour="#dc2626",
    label_columns={"ruling": "title"},
    dated=lambda ruling: [(ruling.date, f"ruling ({ruling.outcome})")],
    rows=_ruling_rows,
    relations={
        ("court",): "Rulings it gave",
        ("judges",): "Rulings it judged",
        ("parties", "actor"): "Rulings it was a party to",
        ("policies",): "Rulings on it",
    },
    relation_rank=1,
)


# --- event ------------------------------------------------------------------------------


def _event_rows(event: Event, dataset: Dataset) -> Iterator[tuple[str, Row]]:
    yield (
        "event",
        {
            "id": event.id,
            "title": event.title,
            "kind": event.kind,
            **date_columns("date", event.date),
            **date_columns("end_date", event.end_date),
            "location": event.location,
            "notes": event.notes,
        },
    )
    for participant in event.participants:
        yield (
            "event_participant",
            {"event_id": event.id, "actor_id": participant.actor, "role": participant.role},
        )
    yield from link_rows("event_related", ("event_id", "record_id"), event.id, event.related)


EVENT: Kind[Event] = Kind(
    name="event",
    model="civicdata.models.happenings:Event",
    title="Events",
    plural="events",
    colour="#0891b2",
    label_columns={"event": "title"},
    dated=lambda event: [(event.date, str(event.kind))],
    summary=lambda event: [When(event.date), Code(event.kind.value)],
    rows=_event_rows,
    relations={
        ("participants", "actor"): "Events it took part in",
        ("related",): "Events about it",
    },
    relation_rank=3,
)


# --- claim ------------------------------------------------------------------------------


def _claim_rows(claim: Claim, dataset: Dataset) -> Iterator[tuple[str, Row]]:
    yield (
        "claim",
        {
            "id": claim.id,
            "speaker_id": claim.speaker,
            "kind": claim.kind,
            "quote": claim.quote,
            **date_columns("date", claim.date),
            "event_id": claim.event,
            "summary": claim.summary,
            "notes": claim.notes,
        },
    )
    yield from link_rows("claim_about", ("claim_id", "record_id"), claim.id, claim.about)
    yield from link_rows(
        "claim_response", ("claim_id", "responds_to_id"), claim.id, claim.responds_to
    )


CLAIM: Kind[Claim] = Kind(
    name="claim",
    model="civicdata.models.happenings:Claim",
    title="Claims",
    plural="claims",
    colour="#db2777",
    label_columns={"claim": "summary"},
    dated=lambda claim: [(claim.date, f"{claim.kind} by {claim.speaker}")],
    summary=lambda claim: [When(claim.date), Code(claim.kind.value)],
    rows=_claim_rows,
    relations={
        ("about",): "Claims about it",
        ("speaker",): "Claims it made",
        ("event",): "Claims made at it",
        ("responds_to",): "Claims answering it",
    },
    relation_rank=7,
    unnamed=lambda claim: claim.quote if len(claim.quote) <= 80 else claim.quote[:77] + "…",
)


# --- the registry ---------------------------------------------------------------------

# In the order pages and exports list them. A new kind: its model file in
# civicdata/models/, one declaration above, and its entry here.
REGISTRY: tuple[Kind[Any], ...] = (SOURCE, PERSON, ORGANIZATION, POLICY, VOTE, RULING, EVENT, CLAIM)
KINDS_BY_NAME: dict[str, Kind[Any]] = {kind.name: kind for kind in REGISTRY}
NAMES: tuple[str, ...] = tuple(KINDS_BY_NAME)


def kind(name: str) -> Kind[Any]:
    """The declaration of kind ``name``; KeyError if there is none."""
    return KINDS_BY_NAME[name]
