"""Pages about the dataset as a whole: per-kind indexes, the timeline, the diagram."""

from __future__ import annotations

from ..dataset import Dataset
from ..models import MODELS, Claim, Event, Organization, Person, Policy, Source
from ..models.base import Record
from . import paths
from .markup import html, link, md_link, raw, relative, table
from .svg import relationship_chart, timeline_chart

KIND_TITLES = {
    "source": "Sources",
    "person": "People",
    "organization": "Organizations",
    "policy": "Policies",
    "vote": "Votes",
    "ruling": "Rulings",
    "event": "Events",
    "claim": "Claims",
}


def _summary(record: Record) -> str:
    """A short, kind-specific description cell for index tables (escaped HTML)."""
    if isinstance(record, Person):
        return "public figure" if record.public_figure else "private individual"
    if isinstance(record, Organization):
        return f"<code>{record.classification.value}</code>"
    if isinstance(record, Policy):
        return f"<code>{record.kind.value}</code>"
    if isinstance(record, Event):
        return f"{record.date} · <code>{record.kind.value}</code>"
    if isinstance(record, Claim):
        return (
            f"{record.date or 'undated'} · <code>{record.kind.value}</code> "
            f"by {html(record.speaker)}"
        )
    if isinstance(record, Source):
        return f"{html(record.outlet)} · {record.published or 'undated'}"
    return ""


def _record_link(dataset: Dataset, page: str, record_id: str) -> str:
    target = relative(page, paths.record_page(dataset.kind_of(record_id), record_id))
    return link(target, html(dataset.name_of(record_id)))


def kind_index(dataset: Dataset, kind: str) -> str:
    page = paths.kind_index(kind)
    records = sorted(dataset.by_kind[kind], key=lambda r: dataset.name_of(r.id).lower())
    rows = [
        [_record_link(dataset, page, r.id), _summary(r), f"<code>{html(r.id)}</code>"]
        for r in records
    ]
    lines = [f"# {KIND_TITLES[kind]}", "", f"{len(records)} {kind} records.", ""]
    return "\n".join([*lines, raw(table(["record", "about", "id"], rows)), ""])


def records_index(dataset: Dataset) -> str:
    page = paths.RECORDS_INDEX
    lines = ["# All records", "", "| kind | records |", "| --- | --- |"]
    for kind in MODELS:
        link = md_link(KIND_TITLES[kind], page, paths.kind_index(kind))
        lines.append(f"| {link} | {len(dataset.by_kind[kind])} |")
    lines += ["", "Every article, with its quoted passages marked:", ""]
    for source in sorted(dataset.sources, key=lambda s: str(s.published)):
        lines.append(f"- {md_link(source.headline or source.id, page, paths.seed_page(source.id))}")
    return "\n".join(lines) + "\n"


def timeline(dataset: Dataset) -> str:
    page = paths.TIMELINE
    entries = dataset.timeline()

    def href(record_id: str) -> str:
        return relative(page, paths.record_page(dataset.kind_of(record_id), record_id))

    rows = [[str(e.date), html(e.what), _record_link(dataset, page, e.record_id)] for e in entries]
    lines = [
        "# Timeline",
        "",
        "Everything dated in the dataset. A date of a month or a year is an interval,",
        "drawn as a bar across it; hover for details, click to open the record.",
        "",
        raw(timeline_chart(entries, href), tag="figure"),
        "",
        raw(table(["date", "what", "record"], rows)),
        "",
    ]
    return "\n".join(lines) + "\n"


def relationships(dataset: Dataset) -> str:
    page = paths.RELATIONSHIPS

    def href(record_id: str) -> str:
        return relative(page, paths.record_page(dataset.kind_of(record_id), record_id))

    return "\n".join(
        [
            "# Who voted, ruled and claimed what",
            "",
            "Actors on the left, what they acted on on the right: orange lines are stated",
            "vote positions, red lines rulings, pink lines claims (thicker for more claims).",
            "Hover a line for its meaning; click a name to open the record.",
            "",
            raw(relationship_chart(dataset, href), tag="figure"),
            "",
        ]
    )
