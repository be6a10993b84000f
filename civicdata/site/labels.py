"""What a reader sees for a record: its name in full, never an id.

Names, titles and headlines are shown whole (pages wrap them; nothing is cut
mid-word). A claim is named by its speaker and its quote; an article with no
headline by what its record knows: outlet, date, byline. Dates read as words.
"""

from __future__ import annotations

from ..dataset import Dataset, TimelineEntry
from ..dates import PartialDate
from ..kinds import outlet_text
from ..models import Claim, Source, Vote
from ..text import plural as plural  # the one plural; pages call it labels.plural

MONTHS = [
    "January", "February", "March", "April", "May", "June", "July",
    "August", "September", "October", "November", "December",
]  # fmt: skip
_OPENING_QUOTES = '“"‘«„'


def when(date: PartialDate | None) -> str:
    """``2018-07-11`` → ``11 July 2018``; ``2018-07`` → ``July 2018``."""
    if date is None:
        return "undated"
    if date.month is None:
        return f"{date.year}"
    month = MONTHS[date.month - 1]
    return f"{date.day} {month} {date.year}" if date.day else f"{month} {date.year}"


def quoted(text: str) -> str:
    """Text in typographic quotes, unless it already carries its own."""
    text = " ".join(text.split())
    if any(mark in text for mark in "“”"):
        return text
    if text[:1] in _OPENING_QUOTES:
        return text
    return f"“{text}”"


def outlet(source: Source) -> str:
    """The outlet as printed, or a plain "outlet not named"."""
    return outlet_text(source.outlet)


def source_name(source: Source) -> str:
    if source.headline:
        return source.headline
    by = f", by {source.byline}" if source.byline else ""
    return f"Untitled article of {when(source.published)} ({outlet(source)}{by})"


def name(dataset: Dataset, record_id: str) -> str:
    """The record's name in full: a name, title or headline, or for a claim its
    speaker and quote."""
    record = dataset.get(record_id)
    if isinstance(record, Source):
        return source_name(record)
    if isinstance(record, Claim):
        return f"{name(dataset, record.speaker)}: {quoted(record.quote)}"
    return dataset.name_of(record_id)


def short_name(dataset: Dataset, record_id: str) -> str:
    """The name where the speaker is said already (a claim's quote alone)."""
    record = dataset.get(record_id)
    return quoted(record.quote) if isinstance(record, Claim) else name(dataset, record_id)


def heading(dataset: Dataset, record_id: str) -> str:
    """A page heading: a claim's is who said what kind of thing, and when (its
    quote follows in full, under the heading)."""
    record = dataset.get(record_id)
    if isinstance(record, Claim):
        kind = str(record.kind.value).replace("_", " ")
        date = f", {when(record.date)}" if record.date else ""
        return f"{kind.capitalize()} by {name(dataset, record.speaker)}{date}"
    return name(dataset, record_id)


def what(dataset: Dataset, entry: TimelineEntry) -> str:
    """A timeline entry's description, with names where the dataset has ids."""
    record = dataset.get(entry.record_id)
    if isinstance(record, Claim):
        return f"{record.kind.value} by {name(dataset, record.speaker)}".replace("_", " ")
    if isinstance(record, Vote):
        for position in record.positions:
            if entry.what == f"{position.voter}: {position.position}":
                return f"{name(dataset, position.voter)}: {position.position.value}"
    return entry.what.replace("_", " ")
