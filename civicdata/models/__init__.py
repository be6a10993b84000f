"""The record models, one per kind, and the registry the loader dispatches on."""

from __future__ import annotations

from .actors import (
    GOVERNMENT_CLASSIFICATIONS,
    Organization,
    OrgClassification,
    Person,
    Role,
    Source,
)
from .base import ANY_KIND, Citation, LinkCitation, Record, Ref
from .decisions import Policy, PolicyStatus, Position, Ruling, StatusChange, Vote, VotePosition
from .happenings import Claim, ClaimKind, Event, EventKind

MODELS: dict[str, type[Record]] = {
    "source": Source,
    "person": Person,
    "organization": Organization,
    "policy": Policy,
    "vote": Vote,
    "ruling": Ruling,
    "event": Event,
    "claim": Claim,
}
assert tuple(MODELS) == ANY_KIND

__all__ = [
    "GOVERNMENT_CLASSIFICATIONS",
    "MODELS",
    "Citation",
    "Claim",
    "ClaimKind",
    "Event",
    "EventKind",
    "LinkCitation",
    "OrgClassification",
    "Organization",
    "Person",
    "Policy",
    "PolicyStatus",
    "Position",
    "Record",
    "Ref",
    "Role",
    "Ruling",
    "Source",
    "StatusChange",
    "Vote",
    "VotePosition",
]
