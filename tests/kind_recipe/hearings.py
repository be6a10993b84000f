"""ARCHITECTURE.md's "A kind of record", step 1: the model (``civicdata/models/hearings.py``).

tests/test_kinds.py copies the checkout, puts this file there, adds the
declaration in ``hearing_kind.py`` to ``civicdata/kinds.py``, and runs the
whole pipeline on a record of the new kind.
"""

from __future__ import annotations

from pydantic import Field

from civicdata.dates import PartialDate
from civicdata.models.base import ActorRef, Line, OrganizationRef, Record


class Hearing(Record):
    """A public hearing held by a body, and who testified at it."""

    title: Line = Field(description="A neutral name for the hearing.")
    body: OrganizationRef = Field(description="The body that held the hearing.")
    date: PartialDate = Field(description="When the hearing was held.")
    witnesses: list[ActorRef] = Field(default_factory=list, description="Who testified.")
