"""The record models, one per kind, and the registry the loader dispatches on."""

from __future__ import annotations

from ..kinds import REGISTRY
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

# Kind name -> model, from the declarations in civicdata/kinds.py (the one place).
MODELS: dict[str, type[Record]] = {kind.name: kind.model_class for kind in REGISTRY}
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
