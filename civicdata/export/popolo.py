"""Persons, organizations, memberships and vote events in the Popolo format.

Popolo (popoloproject.com) is what civic-tech tools exchange. Two choices
where our data does not fit it exactly, documented in the output's `meta`:
a vote's voters here are organizations (Popolo expects people), and a
voter's *latest* stated position is the one counted.
"""

from __future__ import annotations

import json
from collections import Counter
from pathlib import Path
from typing import Any

from ..dataset import Dataset
from ..models import Vote
from .files import write_atomically

# Popolo vote options; ours that have no Popolo equivalent are dropped from counts.
_OPTIONS = {"yes": "yes", "no": "no", "abstain": "abstain", "not_voting": "not voting"}


def _drop_none(mapping: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in mapping.items() if v not in (None, [], {})}


def _latest_positions(vote: Vote) -> dict[str, str]:
    latest: dict[str, tuple[tuple, str]] = {}
    for seq, position in enumerate(vote.positions):
        key = (position.date.sort_key() if position.date else (), seq)
        if position.voter not in latest or key >= latest[position.voter][0]:
            latest[position.voter] = (key, position.position)
    return {voter: option for voter, (_, option) in latest.items()}


def as_popolo(dataset: Dataset) -> dict[str, Any]:
    persons = [
        _drop_none(
            {
                "id": p.id,
                "name": p.name,
                "other_names": [{"name": alias} for alias in p.aliases],
                "summary": p.description,
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
                "other_names": [{"name": alias} for alias in o.aliases],
                "identifiers": (
                    [{"scheme": "ocd-division", "identifier": o.ocd_id}] if o.ocd_id else []
                ),
            }
        )
        for o in dataset.organizations
    ]
    memberships = [
        _drop_none(
            {
                "id": f"{p.id}-role-{seq}",
                "person_id": p.id,
                "organization_id": role.organization,
                "role": role.title,
                "start_date": str(role.start) if role.start else None,
                "end_date": str(role.end) if role.end else None,
            }
        )
        for p in dataset.persons
        for seq, role in enumerate(p.roles)
        if role.organization
    ]
    vote_events = []
    for vote in dataset.votes:
        latest = _latest_positions(vote)
        counts = Counter(_OPTIONS[o] for o in latest.values() if o in _OPTIONS)
        vote_events.append(
            _drop_none(
                {
                    "id": vote.id,
                    "motion": {"text": vote.title, "requirement": vote.rule},
                    "start_date": str(vote.date) if vote.date else None,
                    "result": str(vote.result),
                    "counts": [{"option": o, "value": counts[o]} for o in _OPTIONS.values()],
                    "votes": [
                        {"voter_id": voter, "option": _OPTIONS.get(option, option)}
                        for voter, option in sorted(latest.items())
                    ],
                }
            )
        )
    return {
        "meta": {
            "notes": [
                "Vote voters are organizations, which Popolo expects to be people.",
                "Each voter's latest stated position is the one counted; 'undecided' is "
                "listed in votes but not counted.",
                "Memberships are roles held in an organization; roles without one are omitted.",
            ]
        },
        "persons": persons,
        "organizations": organizations,
        "memberships": memberships,
        "vote_events": vote_events,
    }


def export_popolo(dataset: Dataset, out: Path) -> list[Path]:
    write_atomically(out, json.dumps(as_popolo(dataset), ensure_ascii=False, indent=2) + "\n")
    return [out]
