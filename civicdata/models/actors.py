"""Actors and publications: sources, people and organizations."""

from __future__ import annotations

from enum import StrEnum
from typing import Annotated

from pydantic import Field, StrictBool, StringConstraints

from ..dates import PartialDate
from .base import Citations, Line, OrganizationRef, Record, Strict, Text

OCD_PATTERN = r"^ocd-division/country:[a-z]{2}(?:/[a-z_]+:[a-z0-9_.~-]+)*$"


class Source(Record):
    """One seed article, as the text itself presents it."""

    file: Annotated[str, StringConstraints(pattern=r"^[A-Za-z0-9_.-]+\.txt$")] = Field(
        description="File name of the article in `seeds/`."
    )
    headline: Line | None = Field(
        default=None, description="Headline as printed; absent when the text has none."
    )
    outlet: Line = Field(description="Name of the publication, as shown or inferred.")
    publisher: OrganizationRef | None = Field(
        default=None, description="The outlet as an `organization` record, when it is one."
    )
    published: PartialDate | None = Field(
        default=None, description="Publication date, at the precision the evidence supports."
    )
    byline: Line | None = Field(
        default=None, description="Author(s), only where the text names them."
    )
    date_note: Text | None = Field(
        default=None,
        description="How the outlet and date were found or inferred, and how sure that is.",
    )


class OrgClassification(StrEnum):
    PROSECUTOR_OFFICE = "prosecutor_office"
    COURT = "court"
    FEDERAL_AGENCY = "federal_agency"
    EXECUTIVE_OFFICE = "executive_office"
    CITY_GOVERNMENT = "city_government"
    LEGISLATURE = "legislature"
    POLICE_DEPARTMENT = "police_department"
    WORKING_GROUP = "working_group"
    POLICE_UNION = "police_union"
    ADVOCACY_GROUP = "advocacy_group"
    NONPROFIT = "nonprofit"
    POLITICAL_COMMITTEE = "political_committee"
    POLITICAL_PARTY = "political_party"
    CAMPAIGN = "campaign"
    NEWS_OUTLET = "news_outlet"
    OTHER = "other"


GOVERNMENT_CLASSIFICATIONS = frozenset(
    {
        OrgClassification.PROSECUTOR_OFFICE,
        OrgClassification.COURT,
        OrgClassification.FEDERAL_AGENCY,
        OrgClassification.EXECUTIVE_OFFICE,
        OrgClassification.CITY_GOVERNMENT,
        OrgClassification.LEGISLATURE,
        OrgClassification.POLICE_DEPARTMENT,
        OrgClassification.WORKING_GROUP,
    }
)


class Organization(Record):
    """An organised actor: an office, court, agency, group, union, committee or outlet."""

    name: Line = Field(description="Name as the articles give it.")
    classification: OrgClassification = Field(description="What sort of organization this is.")
    aliases: list[Line] = Field(default_factory=list, description="Other names and abbreviations.")
    ocd_id: Annotated[str, StringConstraints(pattern=OCD_PATTERN)] | None = Field(
        default=None,
        description=(
            "Open Civic Data division id of the area a government body serves; required "
            "for government bodies."
        ),
    )
    parent: OrganizationRef | None = Field(
        default=None, description="The organization this one is part of."
    )


class Role(Strict):
    """A position held (Popolo Membership; Wikidata "position held").

    Three ways a role can stop, each keeping only what a text supports: ``end``
    when a text dates the end; ``ended_by`` when a text says only that it had
    ended by then (a "former" office: Wikidata's end time "unknown value",
    bounded by the article's date); neither when no text says it has ended.
    """

    title: Line = Field(description="The position, e.g. District Attorney.")
    organization: OrganizationRef | None = Field(
        default=None, description="Where the position is held."
    )
    start: PartialDate | None = Field(default=None, description="When the role began.")
    end: PartialDate | None = Field(
        default=None,
        description="When it ended, where a text dates the end (at the precision it gives).",
    )
    ended_by: PartialDate | None = Field(
        default=None,
        description=(
            'The role had ended by this date, and no text says when: "former mayor" in '
            "an article of July 2018 is `ended_by: 2018-07`. Give it instead of `end`, never "
            "with it; a role with neither has not ended as far as the texts say."
        ),
    )
    note: Text | None = Field(default=None, description="How the dates were derived.")
    citations: Citations


class Person(Record):
    """A person named in the articles.

    Private individuals (``public_figure: false``) appear only as speakers of
    their quoted public words; the validator rejects sensitive details about them.
    """

    name: Line = Field(description="Full name as the articles give it.")
    public_figure: StrictBool = Field(
        description=(
            "true for officials, candidates and public spokespeople; false for private "
            "individuals, who carry no sensitive attributes."
        )
    )
    aliases: list[Line] = Field(default_factory=list, description="Other spellings of the name.")
    description: Text | None = Field(
        default=None, description="A neutral one-line description, as the article gives it."
    )
    roles: list[Role] = Field(default_factory=list, description="Positions held, with dates.")
