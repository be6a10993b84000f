"""The dataset in the Popolo format: persons, organizations, areas, posts,
memberships, events and vote events, each with its sources.

Popolo (popoloproject.com) is what civic-tech tools exchange; the output
validates against the official JSON Schemas (tests/test_export.py). Where our
data does not fit Popolo exactly, the choice is written in the output's
``meta.notes``, so a consumer reads it next to the data.
"""

from __future__ import annotations

import base64
import hashlib
import json
import re
import zoneinfo
from collections import Counter
from datetime import datetime, time
from pathlib import Path
from typing import Any

from ..corpus import MAX_SEED_BYTES
from ..dataset import Dataset
from ..dates import PartialDate
from ..models import Citation, Vote
from ..strict_yaml import read_bytes
from .files import read_json, write_atomically

# Popolo vote options; ours that have no Popolo equivalent are dropped from counts.
_OPTIONS = {"yes": "yes", "no": "no", "abstain": "abstain", "not_voting": "not voting"}
# Every record is about Philadelphia: a day becomes a date-time at local midnight.
_LOCAL = zoneinfo.ZoneInfo("America/New_York")

NOTES = [
    "Vote voters are organizations, which Popolo expects to be people.",
    "Each voter's latest stated position is the one counted; 'undecided' is listed in "
    "votes but not counted.",
    "A vote event's start_date is a date-time at 00:00 Philadelphia time when the day is "
    "known (the articles give no time of day); when only the month or year is known, "
    "start_date is left out and the extension field `date` holds the partial date.",
    "Areas are the Open Civic Data divisions of the organizations (ocd_id) and their "
    "parents; an area's name and classification are read from its division id.",
    "Posts are the distinct (organization, title) pairs of people's roles; memberships "
    "are the roles, each with its post. Roles without an organization are omitted.",
    "A membership that a text calls former without dating its end has no end_date; the "
    "extension field `ended_by` holds the date by which it had ended.",
    "Sources are the articles a record cites. The seeds carry no web address, so a "
    "source's url names the article's text by its SHA-256 (RFC 6920 ni: URI) and its "
    "note gives the outlet, headline, date and seed file.",
]


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in (None, [], {})}


def _latest_positions(vote: Vote) -> dict[str, str]:
    latest: dict[str, tuple[tuple, str]] = {}
    for seq, position in enumerate(vote.positions):
        key = (position.date.sort_key() if position.date else (), seq)
        if position.voter not in latest or key >= latest[position.voter][0]:
            latest[position.voter] = (key, position.position)
    return {voter: option for voter, (_, option) in latest.items()}


def date_time(value: PartialDate | None) -> str | None:
    """A full date as an RFC 3339 date-time at local midnight; None if the day is unknown."""
    if value is None or value.day is None:
        return None
    return datetime.combine(value.first_day, time(0), tzinfo=_LOCAL).isoformat()


def _slug(text: str) -> str:
    return re.sub(r"[^a-z0-9]+", "-", text.lower()).strip("-")


class _Sources:
    """Popolo links for the articles records cite, built once per source."""

    def __init__(self, dataset: Dataset) -> None:
        self._links: dict[str, dict[str, str]] = {}
        for source in dataset.sources:
            seed = dataset.project.seeds_dir / source.file
            # The file's own bytes (the URI names them), read through the bounded reader.
            digest = hashlib.sha256(read_bytes(seed, MAX_SEED_BYTES, "a seed article")).digest()
            token = base64.urlsafe_b64encode(digest).decode().rstrip("=")
            headline = f": “{source.headline}”" if source.headline else ""
            published = f" ({source.published})" if source.published else ""
            self._links[source.id] = {
                "url": f"ni:///sha-256;{token}?ct=text/plain",
                "note": f"{source.outlet}{headline}{published}; seeds/{source.file}",
            }

    def of(self, citations: list[Citation]) -> list[dict[str, str]]:
        ids = dict.fromkeys(citation.source for citation in citations)
        return [self._links[source_id] for source_id in ids if source_id in self._links]


def _division_parts(ocd_id: str) -> list[tuple[str, str]]:
    # OCD_PATTERN gives every part after the first a `type:id` pair.
    return [(kind, value) for kind, _, value in (p.partition(":") for p in ocd_id.split("/")[1:])]


def _areas(dataset: Dataset) -> list[dict[str, Any]]:
    """Every division an organization names, and each division above it."""
    divisions: set[str] = set()
    for org in dataset.organizations:
        if org.ocd_id:
            segments = org.ocd_id.split("/")
            divisions.update("/".join(segments[:n]) for n in range(2, len(segments) + 1))
    areas = []
    for division in sorted(divisions):
        classification, value = _division_parts(division)[-1]
        name = value.upper() if len(value) == 2 else value.replace("_", " ").title()
        parent = division.rsplit("/", 1)[0]
        areas.append(
            _drop_none(
                {
                    "id": division,
                    "identifier": division,
                    "name": name,
                    "classification": classification,
                    "parent_id": parent if parent in divisions else None,
                }
            )
        )
    return areas


def as_popolo(dataset: Dataset) -> dict[str, Any]:
    sources = _Sources(dataset)
    area_of = {o.id: o.ocd_id for o in dataset.organizations if o.ocd_id}
    persons = [
        _drop_none(
            {
                "id": p.id,
                "name": p.name,
                "other_names": [{"name": alias} for alias in p.aliases],
                "summary": p.description,
                "sources": sources.of(p.citations),
            }
        )
        for p in dataset.persons
    ]
    organizations = [
        _drop_none(
            {
                "id": o.id,
                "name": o.name,
                "classification": str(o.classification),
                "parent_id": o.parent,
                "area_id": o.ocd_id,
                "other_names": [{"name": alias} for alias in o.aliases],
                "sources": sources.of(o.citations),
            }
        )
        for o in dataset.organizations
    ]
    posts: dict[str, dict[str, Any]] = {}
    memberships = []
    for person in dataset.persons:
        for seq, role in enumerate(person.roles):
            if not role.organization:
                continue
            post_id = f"{role.organization}--{_slug(role.title)}"
            posts.setdefault(
                post_id,
                _drop_none(
                    {
                        "id": post_id,
                        "label": role.title,
                        "role": role.title,
                        "organization_id": role.organization,
                        "area_id": area_of.get(role.organization),
                    }
                ),
            )
            memberships.append(
                _drop_none(
                    {
                        "id": f"{person.id}-role-{seq}",
                        "person_id": person.id,
                        "organization_id": role.organization,
                        "post_id": post_id,
                        "role": role.title,
                        "start_date": str(role.start) if role.start else None,
                        "end_date": str(role.end) if role.end else None,
                        "ended_by": str(role.ended_by) if role.ended_by else None,
                        "sources": sources.of(role.citations),
                    }
                )
            )
    events = [
        _drop_none(
            {
                "id": event.id,
                "name": event.title,
                "classification": str(event.kind),
                "start_date": str(event.date),
                "end_date": str(event.end_date) if event.end_date else None,
                "location": event.location,
                "sources": sources.of(event.citations),
            }
        )
        for event in dataset.events
    ]
    vote_events = []
    for vote in dataset.votes:
        latest = _latest_positions(vote)
        counts = Counter(_OPTIONS[o] for o in latest.values() if o in _OPTIONS)
        start = date_time(vote.date)
        vote_events.append(
            _drop_none(
                {
                    "id": vote.id,
                    "motion": {"text": vote.title, "requirement": vote.rule},
                    "start_date": start,
                    "date": str(vote.date) if vote.date and start is None else None,
                    "result": str(vote.result),
                    "counts": [{"option": o, "value": counts[o]} for o in _OPTIONS.values()],
                    "votes": [
                        {"voter_id": voter, "option": _OPTIONS.get(option, option)}
                        for voter, option in sorted(latest.items())
                    ],
                    "sources": sources.of(vote.citations),
                }
            )
        )
    return {
        "meta": {"notes": NOTES},
        "persons": persons,
        "organizations": organizations,
        "areas": _areas(dataset),
        "posts": sorted(posts.values(), key=lambda post: post["id"]),
        "memberships": memberships,
        "events": events,
        "vote_events": vote_events,
    }


_POPOLO_KEYS = {"meta", "persons", "organizations", "memberships", "vote_events"}
_POPOLO_OPTIONAL = {"areas", "posts", "events"}


def is_export(path: Path) -> bool:
    """Whether ``path`` holds a previous Popolo export (which ``--out`` may replace)."""
    document = read_json(path)
    return isinstance(document, dict) and _POPOLO_KEYS <= set(document) <= (
        _POPOLO_KEYS | _POPOLO_OPTIONAL
    )


def export_popolo(dataset: Dataset, out: Path) -> list[Path]:
    write_atomically(out, json.dumps(as_popolo(dataset), ensure_ascii=False, indent=2) + "\n")
    return [out]
