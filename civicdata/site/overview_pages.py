"""Pages about the dataset as a whole: per-kind indexes, the timeline, the diagram."""

from __future__ import annotations

from dataclasses import replace

from ..dataset import Dataset
from ..models import MODELS, Claim, Event, Organization, Person, Policy, Source
from ..models.base import Record
from . import labels, paths
from .markup import html, link, md_link, raw, relative, table
from .svg import (
    KIND_COLOURS,
    RELATION_COLOURS,
    legend,
    relations,
    relationship_chart,
    scroller,
    timeline_chart,
)

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
        return f"{labels.when(record.date)} · <code>{record.kind.value}</code>"
    if isinstance(record, Claim):
        return f"{labels.when(record.date)} · <code>{record.kind.value}</code>"
    if isinstance(record, Source):
        return f"{html(labels.outlet(record))} · {labels.when(record.published)}"
    return ""


def _record_link(dataset: Dataset, page: str, record_id: str) -> str:
    target = relative(page, paths.record_page(dataset.kind_of(record_id), record_id))
    return link(target, html(labels.name(dataset, record_id)))


def kind_index(dataset: Dataset, kind: str) -> str:
    page = paths.kind_index(kind)
    records = sorted(dataset.by_kind[kind], key=lambda r: labels.name(dataset, r.id).lower())
    rows = [
        [_record_link(dataset, page, r.id), _summary(r), f"<code>{html(r.id)}</code>"]
        for r in records
    ]
    lines = [
        f"# {KIND_TITLES[kind]}",
        "",
        f"<p>{labels.plural(len(records), kind + ' record')}.</p>",
        "",
    ]
    return "\n".join([*lines, raw(table(["record", "about", "id"], rows)), ""])


def records_index(dataset: Dataset) -> str:
    page = paths.RECORDS_INDEX
    lines = ["# All records", "", "| kind | records |", "| --- | --- |"]
    for kind in MODELS:
        link = md_link(KIND_TITLES[kind], page, paths.kind_index(kind))
        lines.append(f"| {link} | {len(dataset.by_kind[kind])} |")
    lines += ["", "Every article, with its quoted passages marked:", ""]
    for source in sorted(dataset.sources, key=lambda s: str(s.published)):
        lines.append(f"- {md_link(labels.source_name(source), page, paths.seed_page(source.id))}")
    return "\n".join(lines) + "\n"


def timeline(dataset: Dataset) -> str:
    page = paths.TIMELINE
    entries = [
        replace(e, what=labels.what(dataset, e), label=labels.short_name(dataset, e.record_id))
        for e in dataset.timeline()
    ]

    def href(record_id: str) -> str:
        return relative(page, paths.record_page(dataset.kind_of(record_id), record_id))

    rows = [
        [labels.when(e.date), html(e.what), _record_link(dataset, page, e.record_id)]
        for e in entries
    ]
    kinds = {k: c for k, c in KIND_COLOURS.items() if any(e.kind == k for e in entries)}
    chart = timeline_chart(entries, href)
    row_data = [{"kind": e.kind, "year": str(e.date.year)} for e in entries]
    years = sorted({str(e.date.year) for e in entries})
    options = "".join(f'<option value="{html(k)}">{html(k)}</option>' for k in kinds)
    year_options = "".join(f'<option value="{y}">{y}</option>' for y in years)
    filters = (
        '<form class="civicdata-filter" data-table="timeline-table" hidden '
        'aria-label="Filter the timeline">'
        '<label>kind <select name="kind"><option value="">all</option>'
        f"{options}</select></label> "
        '<label>year <select name="year"><option value="">all</option>'
        f"{year_options}</select></label> "
        '<label>words <input name="words" type="search" size="14" '
        'placeholder="e.g. Krasner"></label> '
        '<output role="status" aria-live="polite"></output></form>'
    )
    return "\n".join(
        [
            "---",
            "hide: [toc]",
            "---",
            "",
            "# Timeline",
            "",
            raw(
                "<p>Everything dated in the dataset, oldest first, by year. Each kind of record "
                "has its own lane (column of marks); a date given only as a month or a year "
                "is shown as that month or year. Every entry links to its record; the table "
                "beside the chart lists the same entries in full, and can be filtered by kind, "
                "year and words (on a phone, the table alone is shown).</p>",
                legend(kinds),
                tag="div",
            ),
            "",
            raw(
                '<figure class="civicdata-chart">',
                scroller(chart, "Timeline chart"),
                f"<figcaption>{labels.plural(len(entries), 'dated entry', 'dated entries')}"
                "</figcaption></figure>",
                '<div class="civicdata-beside" id="timeline-table">',
                filters,
                table(["date", "what", "record"], rows, row_data),
                "</div>",
                tag="div",
                class_="civicdata-side-by-side",
            ),
            "",
            raw(
                '<script src="../javascripts/table-filter.js"></script>',
                tag="div",
                hidden="hidden",
            ),
            "",
        ]
    )


def relationships(dataset: Dataset) -> str:
    page = paths.RELATIONSHIPS

    def href(record_id: str) -> str:
        return relative(page, paths.record_page(dataset.kind_of(record_id), record_id))

    edges = relations(dataset)
    rows = [
        [
            _record_link(dataset, page, actor),
            html(relation),
            _record_link(dataset, page, subject),
            labels.plural(count, "claim") if relation == "made claims about" else "",
        ]
        for (actor, relation, subject), count in sorted(
            edges.items(), key=lambda item: (labels.name(dataset, item[0][0]).lower(), item[0])
        )
    ]
    kinds = {
        k: c
        for k, c in KIND_COLOURS.items()
        if any(dataset.kind_of(i) == k for edge in edges for i in (edge[0], edge[2]))
    }
    return "\n".join(
        [
            "---",
            "hide: [toc]",
            "---",
            "",
            "# Who voted, ruled and claimed what",
            "",
            raw(
                "<p>Actors on the left, what they acted on on the right; a line for each "
                "stated vote position, ruling, or set of claims (thicker for more claims). "
                "Click a name to open its record. The table below says the same in words.</p>",
                "<p>Lines:</p>",
                legend(RELATION_COLOURS, "line"),
                "<p>Dots, by kind of record:</p>",
                legend(kinds),
                tag="div",
            ),
            "",
            raw(
                scroller(relationship_chart(dataset, href), "Relationships chart"),
                "<figcaption>Wider than a phone's screen: scroll it sideways, or read the "
                "table below.</figcaption>",
                tag="figure",
                class_="civicdata-chart",
            ),
            "",
            "## As a table",
            "",
            raw(table(["who", "did what", "to what", "how often"], rows)),
            "",
        ]
    )
