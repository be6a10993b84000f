"""Policies and the decisions about them: votes and court rulings."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field, StrictInt

from ..dates import PartialDate
from .base import (
    ActorRef,
    Citations,
    Line,
    LinkCitation,
    OrganizationRef,
    PersonRef,
    PolicyRef,
    Record,
    Strict,
    Text,
)


class PolicyKind(StrEnum):
    OFFICE_POLICY = "office_policy"
    PROGRAM = "program"
    DATA_SHARING_CONTRACT = "data_sharing_contract"
    FEDERAL_DETERMINATION = "federal_determination"
    GRANT_CONDITION = "grant_condition"
    SANCTUARY_POLICY = "sanctuary_policy"
    LAW = "law"
    OTHER = "other"


class PolicyStatus(StrEnum):
    PROPOSED = "proposed"
    ANNOUNCED = "announced"
    ADOPTED = "adopted"
    IN_EFFECT = "in_effect"
    UNDER_REVIEW = "under_review"
    CHALLENGED = "challenged"
    STRUCK_DOWN = "struck_down"
    UPHELD = "upheld"
    EXPIRED = "expired"
    ENDED = "ended"


class StatusChange(Strict):
    """One dated entry of a policy's status timeline."""

    status: PolicyStatus = Field(description="The status reached.")
    date: PartialDate = Field(description="When the policy reached this status.")
    note: Text | None = Field(default=None, description="How the date was derived.")
    citations: Citations


class PolicyLinkCitation(LinkCitation):
    """The quote that states who adopted a policy or is party to it."""

    field: Literal["adopted_by"] = Field(description="The link the quote supports: `adopted_by`.")


class Policy(Record):
    """An office policy, program, contract, determination, grant condition or status."""

    title: Line = Field(description="A neutral name for the policy.")
    kind: PolicyKind = Field(description="What sort of policy this is.")
    summary: Text = Field(description="What the policy does, in neutral words.")
    adopted_by: list[ActorRef] = Field(
        default_factory=list, description="Actors who adopted or are party to it."
    )
    statuses: list[StatusChange] = Field(
        default_factory=list, description="Dated status timeline, oldest first."
    )
    link_citations: list[PolicyLinkCitation] = Field(
        default_factory=list,
        description=(
            "One `{field: adopted_by, to, source, quote}` per entry of `adopted_by`: the "
            "words that say this actor adopted the policy or is party to it."
        ),
    )


class VotePosition(StrEnum):
    YES = "yes"
    NO = "no"
    UNDECIDED = "undecided"
    ABSTAIN = "abstain"
    NOT_VOTING = "not_voting"


class VoteResult(StrEnum):
    PASSED = "passed"
    FAILED = "failed"
    PENDING = "pending"
    NOT_HELD = "not_held"
    UNKNOWN = "unknown"


class Position(Strict):
    """A voter's stated position at a date (Popolo Vote)."""

    voter: ActorRef
    position: VotePosition = Field(description="`no` is a string here, never a boolean.")
    date: PartialDate | None = Field(default=None, description="When the position was stated.")
    note: Text | None = Field(default=None, description="Who stated it, how the date was derived.")
    citations: Citations


class Vote(Record):
    """A decision taken by a rule among eligible voters (Popolo VoteEvent)."""

    title: Line = Field(description="A neutral name for the decision.")
    about: list[PolicyRef] = Field(default_factory=list, description="Policies decided on.")
    rule: Text = Field(description="The decision rule in words, as the articles state it.")
    threshold: StrictInt | None = Field(
        default=None, ge=1, description="Number of `yes` positions needed to pass."
    )
    eligible: list[ActorRef] = Field(min_length=1, description="Who may vote.")
    positions: list[Position] = Field(
        default_factory=list, description="Stated positions; a voter may have several over time."
    )
    result: VoteResult = Field(description="The outcome, or `unknown` if no article reports one.")
    date: PartialDate | None = Field(default=None, description="When the decision fell or is due.")


class AppealStatus(StrEnum):
    NONE_KNOWN = "none_known"
    EXPECTED = "expected"
    FILED = "filed"
    DECIDED = "decided"


class Outcome(StrEnum):
    FOR_PLAINTIFF = "for_plaintiff"
    FOR_DEFENDANT = "for_defendant"
    MIXED = "mixed"
    DISMISSED = "dismissed"
    PENDING = "pending"


class PartySide(StrEnum):
    PLAINTIFF = "plaintiff"
    DEFENDANT = "defendant"
    APPELLANT = "appellant"
    APPELLEE = "appellee"
    INTERVENOR = "intervenor"


class Party(Strict):
    actor: ActorRef = Field(description="The party: a person or organization.")
    side: PartySide = Field(description="Which side of the case it is on.")


class Ruling(Record):
    """A court decision (CourtListener Docket + OpinionCluster, much reduced)."""

    title: Line = Field(description="Case name or a neutral description of the case.")
    court: OrganizationRef = Field(description="The court that ruled.")
    judges: list[PersonRef] = Field(default_factory=list, description="Judges who ruled.")
    date: PartialDate = Field(description="When the ruling was issued.")
    parties: list[Party] = Field(default_factory=list, description="The parties and their sides.")
    outcome: Outcome = Field(description="Who prevailed, in the court's terms.")
    held: Text = Field(description="What the court held, in neutral words.")
    policies: list[PolicyRef] = Field(
        default_factory=list, description="Policies the ruling is about."
    )
    appeal: AppealStatus = Field(
        default=AppealStatus.NONE_KNOWN, description="What the articles say about an appeal."
    )
