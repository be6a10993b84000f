"""Things that happened and things that were said: events and claims."""

from __future__ import annotations

from enum import StrEnum
from typing import Literal

from pydantic import Field

from ..dates import PartialDate
from .base import (
    ActorRef,
    AnyRef,
    ClaimRef,
    EventRef,
    Line,
    LinkCitation,
    Quote,
    Record,
    Strict,
    Text,
)


class EventKind(StrEnum):
    ELECTION = "election"
    DEBATE = "debate"
    PROTEST = "protest"
    PRESS_CONFERENCE = "press_conference"
    STATEMENT = "statement"
    MEETING = "meeting"
    DEADLINE = "deadline"
    REPORT_RELEASE = "report_release"
    LAWSUIT = "lawsuit"
    APPOINTMENT = "appointment"
    CAMPAIGN_EVENT = "campaign_event"
    OTHER = "other"


class Participant(Strict):
    actor: ActorRef = Field(description="Who took part: a person or organization.")
    role: Line | None = Field(default=None, description="e.g. candidate, moderator, host.")


class Event(Record):
    """A dated happening and who took part."""

    title: Line = Field(description="A neutral name for the event.")
    kind: EventKind = Field(description="What sort of event this is.")
    date: PartialDate = Field(description="When it happened (or begins).")
    end_date: PartialDate | None = Field(default=None, description="When it ended, if it spans.")
    location: Line | None = Field(default=None, description="Where, as the article says.")
    participants: list[Participant] = Field(default_factory=list, description="Who took part.")
    related: list[AnyRef] = Field(default_factory=list, description="Records it concerns.")


class ClaimKind(StrEnum):
    ALLEGATION = "allegation"
    PLEDGE = "pledge"
    STATISTIC = "statistic"
    OPINION = "opinion"
    CHARACTERIZATION = "characterization"
    PREDICTION = "prediction"
    POSITION = "position"
    STATEMENT = "statement"
    DENIAL = "denial"


class ClaimLinkCitation(LinkCitation):
    """The quote that states one of a claim's links (`about`, `responds_to`, `event`)."""

    field: Literal["about", "responds_to", "event"] = Field(
        description="Which link the quote supports: `about`, `responds_to` or `event`."
    )


class Claim(Record):
    """An attributed statement. Contested framing lives here, never in a neutral field."""

    speaker: ActorRef = Field(description="Who said it: a person, organization or outlet.")
    kind: ClaimKind = Field(description="Allegation, pledge, statistic, opinion …")
    quote: Quote = Field(
        description=(
            "The claim in the article's words: the speaker's own quoted words where the "
            "article quotes them, else its report of what they said. Must occur verbatim "
            "in a seed this claim cites."
        )
    )
    date: PartialDate | None = Field(default=None, description="When it was said.")
    about: list[AnyRef] = Field(default_factory=list, description="Records the claim is about.")
    responds_to: list[ClaimRef] = Field(
        default_factory=list, description="Claims this one answers."
    )
    event: EventRef | None = Field(default=None, description="Where it was said, if recorded.")
    summary: Text | None = Field(default=None, description="A neutral paraphrase, optional.")
    link_citations: list[ClaimLinkCitation] = Field(
        default_factory=list,
        description=(
            "One `{field, to, source, quote}` per link in `about`, `responds_to` and `event`: "
            "the words that state the link. A link no article states is left out."
        ),
    )
