"""Consistency: dates in order and grounded in the articles, votes that add up, OCD ids."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

from ..dataset import Dataset
from ..dates import PartialDate
from ..models import (
    GOVERNMENT_CLASSIFICATIONS,
    Claim,
    Event,
    Organization,
    Person,
    Policy,
    Role,
    Source,
    Vote,
)
from ..problems import Loc, Problem, Target
from .citations import source_of


def sources_explain_inferred_dates(index: Dataset) -> Iterator[Problem]:
    """A source dated to a year or month only says how that date was found (`date_note`).

    `date_note` is optional in the model: an article whose dateline prints the
    day needs none, and one without `published` claims no date. A date of
    year or month precision was inferred from something (a mention in the
    text, the URL), and the reader needs to know what.
    """
    for item in index.of_kind("source"):
        source = item.record
        if not isinstance(source, Source) or source.date_note or source.published is None:
            continue
        if source.published.day is None:
            yield Problem(
                item.path,
                f"`published: {source.published}` has no day and there is no `date_note` "
                "saying how the date was found",
                "add `date_note:`: where the date comes from (a dateline, the URL, a mention "
                "in the text) and how sure it is",
                ("published",),
                Target.KEY,
            )


def _order(
    path: Path, loc: Loc, start: PartialDate | None, end: PartialDate | None, what: str
) -> Problem | None:
    if start is not None and end is not None and end.certainly_before(start):
        return Problem(path, f"{what} ends ({end}) before it starts ({start})", None, loc)
    return None


def _ended_by(path: Path, loc: Loc, role: Role) -> Problem | None:
    """``ended_by`` says the end is not dated: never beside an ``end``, never before the start."""
    if role.ended_by is None:
        return None
    if role.end is not None:
        return Problem(
            path,
            f"the role has both `end` ({role.end}) and `ended_by` ({role.ended_by})",
            "keep `end` when a text dates the end; `ended_by` only when a text says no more "
            'than that the role had ended by then (a "former" office)',
            loc,
        )
    return _order(path, loc, role.start, role.ended_by, "role")


def dates_in_order(index: Dataset) -> Iterator[Problem]:
    for item in index.loaded:
        record = item.record
        found: list[Problem | None] = []
        if isinstance(record, Person):
            for number, role in enumerate(record.roles):
                found.append(
                    _order(item.path, ("roles", number, "end"), role.start, role.end, "role")
                )
                found.append(_ended_by(item.path, ("roles", number, "ended_by"), role))
        elif isinstance(record, Event):
            found.append(_order(item.path, ("end_date",), record.date, record.end_date, "event"))
        elif isinstance(record, Policy):
            for number in range(1, len(record.statuses)):
                before, after = record.statuses[number - 1], record.statuses[number]
                if after.date.certainly_before(before.date):
                    found.append(
                        Problem(
                            item.path,
                            f"status `{after.status}` ({after.date}) is listed after "
                            f"`{before.status}` ({before.date})",
                            "list statuses oldest first",
                            ("statuses", number, "date"),
                        )
                    )
        yield from (problem for problem in found if problem)


def votes_consistent(index: Dataset) -> Iterator[Problem]:
    for item in index.of_kind("vote"):
        vote = item.record
        assert isinstance(vote, Vote)
        for number, position in enumerate(vote.positions):
            if position.voter not in vote.eligible:
                yield Problem(
                    item.path,
                    f"`{position.voter}` states a position but is not among `eligible`",
                    "add the voter to `eligible`, or record the statement as a claim",
                    ("positions", number, "voter"),
                )
        if vote.threshold is not None and vote.threshold > len(vote.eligible):
            yield Problem(
                item.path,
                f"threshold {vote.threshold} is more than the {len(vote.eligible)} eligible voters",
                None,
                ("threshold",),
            )


def claim_dates_grounded(index: Dataset) -> Iterator[Problem]:
    """Reported speech is dated by its event or left undated, unless a note says how.

    An outlet's own statements are dated by its article. Anyone else's words
    take the date of the event where the article says they were said; an
    article's date is not the day someone spoke to it. Any other date needs
    `notes` that say where it comes from ("in recent days" in an article of
    July 2018). A claim's date must also agree with its event's.
    """
    for item in index.of_kind("claim"):
        claim = item.record
        assert isinstance(claim, Claim)
        if claim.date is None:
            continue
        event = index.by_id.get(claim.event) if claim.event else None
        if event is not None and isinstance(event.record, Event):
            if not event.record.date.overlaps(claim.date):
                yield Problem(
                    item.path,
                    f"the claim is dated {claim.date} but its event `{claim.event}` "
                    f"is dated {event.record.date}",
                    "a claim said at an event takes the event's date (or a less precise one)",
                    ("date",),
                )
            continue
        sources = (source_of(index, citation.source) for citation in claim.citations)
        publishers = {source.publisher for source in sources if source is not None}
        if claim.speaker in publishers or claim.notes:
            continue
        yield Problem(
            item.path,
            f"`{claim.speaker}` is reported, not publishing, so the article's date is not "
            f"when they spoke; nothing says where {claim.date} comes from",
            "link the `event` where the article says it was said, or remove `date` and say "
            "in `notes` that the article does not say when; a date derived another way "
            "needs a note saying how",
            ("date",),
        )


def event_days_grounded(index: Dataset) -> Iterator[Problem]:
    """An event dated to the day needs a cited article of that day or a note saying how.

    Articles rarely give a full date ("May 5", "Wednesday", "last week"); the
    day is then worked out from the article's date, and `notes` say so.
    """
    for item in index.of_kind("event"):
        event = item.record
        assert isinstance(event, Event)
        if event.date.precision != "day" or event.notes:
            continue
        sources = (source_of(index, citation.source) for citation in event.citations)
        published = {source.published for source in sources if source is not None}
        if event.date not in published:
            yield Problem(
                item.path,
                f"no cited article is dated {event.date}, and no note says where the day "
                "comes from",
                'say in `notes` how the day was worked out ("on Tuesday" in an article of '
                "Monday, May 17, 2021), or keep only the precision the text gives",
                ("date",),
            )


def government_has_ocd_id(index: Dataset) -> Iterator[Problem]:
    for item in index.of_kind("organization"):
        org = item.record
        assert isinstance(org, Organization)
        if org.classification in GOVERNMENT_CLASSIFICATIONS and org.ocd_id is None:
            yield Problem(
                item.path,
                f"a {org.classification} needs an `ocd_id`",
                "e.g. ocd-division/country:us/state:pa/county:philadelphia",
                ("classification",),
                Target.KEY,
            )
