"""Pages about the dataset as a whole: per-kind indexes, the timeline, the diagram."""

from __future__ import annotations

from dataclasses import replace

from ..dataset import Dataset
from ..kinds import KINDS_BY_NAME, REGISTRY, Code, SummaryPart, When
from ..models import MODELS
from ..models.base import Record
from . import labels, paths
from .markup import html, link, md_link, raw, relative, table
from .svg import (
    KIND_COLOURS,
    RELATION_COLOURS,
    legend,
    relationship_chart,
    scroller,
    timeline_chart,
)

KIND_TITLES = {kind.name: kind.title for kind in REGISTRY}


def _summary(kind: str, record: Record) -> str:
    """A short, kind-specific description cell for index tables (escaped HTML):
    the parts its kind declares, joined by a middle dot."""
    parts = KINDS_BY_NAME[kind].summary(record)
    return " · ".join(_summary_part(part) for part in parts)


def _summary_part(part: SummaryPart) -> str:
    if isinstance(part, Code):
        return f"<code>{html(part.text)}</code>"
    if isinstance(part, When):
        return labels.when(part.date)
    return html(part)


def _record_link(dataset: Dataset, page: str, record_id: str) -> str:
    target = relative(page, paths.record_page(dataset.kind_of(record_id), record_id))
    return link(target, html(labels.name(dataset, record_id)))


def kind_index(dataset: Dataset, kind: str) -> str:
    page = paths.kind_index(kind)
    records = sorted(dataset.by_kind[kind], key=lambda r: labels.name(dataset, r.id).lower())
    rows = [
        [_record_link(dataset, page, r.id), _summary(kind, r), f"<code>{html(r.id)}</code>"]
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
    lines += ["", "The cited passages of every article, each in its sentence:", ""]
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
        # The "what" names a claim's speaker already: the link is its quote alone.
        [labels.when(e.date), html(e.what), link(href(e.record_id), html(e.label))]
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
                "<p>Everything dated in the dataset, on a time axis: a lane per kind of "
                "record, a dot for a date known to the day, and a bar for a date known only "
                "to the month or the year (the days it may mean). Dots on the same day are "
                "stacked. Point at a mark for what it is; the table below lists every entry "
                "with a link, and can be filtered by kind, year and words (on a phone, the "
                "table alone is shown).</p>",
                legend(kinds),
                tag="div",
            ),
            "",
            raw(
                '<figure class="civicdata-chart">',
                scroller(chart, "Timeline chart"),
                f"<figcaption>{labels.plural(len(entries), 'dated entry', 'dated entries')}, "
                f"{years[0]} to {years[-1]}</figcaption></figure>",
                '<div class="civicdata-beside" id="timeline-table">',
                filters,
                table(["date", "what", "record"], rows, row_data),
                "</div>",
                tag="div",
                class_="civicdata-timeline-page",
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


def _words(value: object) -> str:
    """An enum's value as words: ``for_plaintiff`` -> ``for plaintiff`` (escaped)."""
    return html(str(value).replace("_", " "))


def relationships(dataset: Dataset) -> str:
    """Who voted, ruled and claimed what: decisions first (few, each in full), then
    claims grouped by what they are about (many, each group collapsed). A reader
    finds "who made claims about the PARS contract?" by its name, not by a line."""
    page = paths.RELATIONSHIPS

    def href(record_id: str) -> str:
        return relative(page, paths.record_page(dataset.kind_of(record_id), record_id))

    def named(record_id: str) -> str:
        return _record_link(dataset, page, record_id)

    def names(ids: list[str]) -> str:
        return ", ".join(named(i) for i in ids) or "—"

    votes = []
    for vote in sorted(
        dataset.votes, key=lambda v: (v.date is None, v.date and v.date.sort_key(), v.id)
    ):
        positions = "".join(
            f"<li>{named(p.voter)}: <strong>{html(p.position)}</strong>"
            + (f" ({html(labels.when(p.date))})" if p.date else "")
            + "</li>"
            for p in vote.positions
        )
        votes.append(
            f'<section class="civicdata-subject"><h3>{named(vote.id)}</h3>'
            f"<p>On: {names(vote.about)} · result: <strong>{_words(vote.result)}</strong>"
            + (f" · {html(labels.when(vote.date))}" if vote.date else "")
            + f"</p><p>Who could vote: {names(vote.eligible)}</p>"
            f"<p>Stated positions:</p><ul>{positions}</ul></section>"
        )
    rulings = [
        f'<section class="civicdata-subject"><h3>{named(r.id)}</h3>'
        f"<p>Court: {named(r.court)}"
        + (f" · judges: {names(r.judges)}" if r.judges else "")
        + f" · {html(labels.when(r.date))}</p>"
        f"<p>On: {names(r.policies)} · outcome: <strong>{_words(r.outcome)}</strong></p></section>"
        for r in sorted(dataset.rulings, key=lambda r: (r.date.sort_key(), r.id))
    ]
    claims: dict[str, dict[str, int]] = {}
    for claim in dataset.claims:
        for target in claim.about:
            speakers = claims.setdefault(target, {})
            speakers[claim.speaker] = speakers.get(claim.speaker, 0) + 1
    subjects = sorted(
        claims.items(),
        key=lambda item: (-sum(item[1].values()), labels.name(dataset, item[0]).lower()),
    )
    about = []
    for subject, speakers in subjects:
        listed = "".join(
            f"<li>{named(speaker)} ({labels.plural(count, 'claim')})</li>"
            for speaker, count in sorted(
                speakers.items(), key=lambda i: (-i[1], labels.name(dataset, i[0]).lower())
            )
        )
        total = labels.plural(sum(speakers.values()), "claim")
        about.append(
            f'<details class="civicdata-group"><summary>{html(labels.name(dataset, subject))} '
            f'<span class="civicdata-note">({total} by '
            f"{labels.plural(len(speakers), 'speaker')})</span></summary>"
            f"<ul><li>{named(subject)}: its record</li>{listed}</ul></details>"
        )
    chart = relationship_chart(dataset, href, shown={"voted on", "ruled on"})
    return "\n".join(
        [
            "---",
            "hide: [toc]",
            "---",
            "",
            "# Who voted, ruled and claimed what",
            "",
            raw(
                "<p>Decisions first: each vote with every stated position, and each court "
                "ruling with what it was about. Then the claims, grouped by what they are "
                "about: open a group to see who made them. Every name links to its record.</p>",
                tag="div",
            ),
            "",
            "## Votes",
            "",
            raw(*votes) if votes else raw("<p>No votes.</p>"),
            "",
            "## Rulings",
            "",
            raw(*rulings) if rulings else raw("<p>No rulings.</p>"),
            "",
            "## Votes and rulings, drawn",
            "",
            raw(
                "<p>Who voted on or ruled in what: a line for each. Claims are left out of "
                "the drawing (over a hundred lines); they are listed below.</p>",
                legend(
                    {k: v for k, v in RELATION_COLOURS.items() if k != "made claims about"}, "line"
                ),
                tag="div",
            ),
            "",
            raw(
                scroller(chart, "Votes and rulings chart"),
                tag="figure",
                class_="civicdata-chart",
            ),
            "",
            "## Claims, by what they are about",
            "",
            raw(*about),
            "",
        ]
    )
