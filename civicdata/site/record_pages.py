"""One page per record: its fields, its sources, and its links both ways.

Headings are Markdown (for the page's table of contents); everything under
them is escaped HTML in raw blocks. With thousands of records, Markdown's
inline parsing of escaped text was most of the build time, and raw blocks
skip it. Links here are relative URLs; the site tests check every one.
"""

from __future__ import annotations

import re
from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..dataset import Dataset
from ..introspect import field_ref, model_in
from ..kinds import REGISTRY
from ..models import Claim, Source
from ..models.base import LinkCitation, Record
from . import labels, paths
from .markup import html, link, md, prose, raw, relative, table, yaml_string
from .quotes import QuoteIndex
from .svg import ego_diagram, scroller

SKIPPED = {"id", "citations", "notes", "link_citations"}  # links: links_section

# How a record that refers to this one is linked to it, in words a reader
# follows: (referring kind, field path without list positions) -> words. Each
# kind declares its own (kinds.py), and the rank of its group: votes and rulings
# first: what was decided, then what was done, then what was said.
RELATIONS = {(kind.name, loc): words for kind in REGISTRY for loc, words in kind.relations.items()}
_RELATION_RANK = {kind.name: kind.relation_rank for kind in REGISTRY}
OPEN_UP_TO = 8  # a longer group starts collapsed, so a record fits about two screens


_IT = re.compile(r"\bit\b")


def _by_date(pair: tuple) -> tuple:
    """Dated first, oldest first; then undated; ties by id."""
    date, record_id = pair
    return (date is None, date.sort_key() if date else (), record_id)


def relation(kind: str, loc: tuple) -> str:
    """How a referring record is linked, in words; never a data path such as ``about[0]``."""
    names = tuple(part for part in loc if isinstance(part, str))
    return RELATIONS.get((kind, names), f"{kind.capitalize()} records ({readable_loc(loc)})")


def readable_loc(loc: tuple) -> str:
    """``("roles", 0, "start")`` -> ``roles #1 → start``: list positions counted from 1."""
    parts: list[str] = []
    for part in loc:
        if isinstance(part, int):
            parts[-1] += f" #{part + 1}"
        else:
            parts.append(part.replace("_", " "))
    return " → ".join(parts)


_CODE_SPAN = re.compile(r"(`[^`\n<>]+`)")
_BARE_ID = re.compile(r"(?<![\w/#.-])[a-z0-9]+(?:-[a-z0-9]+)+(?![\w/-])")


SEARCH_BOOST = {kind.name: kind.search_boost for kind in REGISTRY if kind.search_boost}


class RecordPage:
    """Renders one record; citations are numbered in the order they appear."""

    def __init__(
        self,
        dataset: Dataset,
        record: Record,
        quotes: QuoteIndex,
        neighbours: tuple[str | None, str | None] = (None, None),
    ) -> None:
        self.neighbours = neighbours
        self.dataset = dataset
        self.record = record
        self.quotes = quotes
        self.kind = dataset.kind_of(record.id)
        self.page = paths.record_page(self.kind, record.id)
        self.citations = dataset.links_of(record.id).citations
        self.number_of = {loc: n for n, (loc, _) in enumerate(self.citations, start=1)}

    def href(self, record_id: str) -> str:
        return relative(self.page, paths.record_page(self.dataset.kind_of(record_id), record_id))

    def link(self, record_id: str) -> str:
        return link(self.href(record_id), html(labels.name(self.dataset, record_id)))

    def value(self, value: Any, is_ref: bool) -> str:
        if value is None or value == []:
            return "—"
        if isinstance(value, list):
            return ", ".join(self.value(item, is_ref) for item in value)
        if is_ref:
            return self.link(value)
        if isinstance(value, bool):
            return "yes" if value else "no"
        if isinstance(value, Enum):
            return f"<code>{html(value.value)}</code>"
        return prose(value)

    def sources_of(self, loc: tuple) -> str:
        numbers = [n for at, n in self.number_of.items() if at[: len(loc)] == loc]
        return ", ".join(f'<a href="#source-{n}">{n}</a>' for n in numbers) or "—"

    def nested_table(self, name: str, items: list[BaseModel]) -> list[str]:
        model = type(items[0])
        # A column no item fills is left out (a role's `ended_by` is rare), as empty fields are.
        columns = [
            f
            for f in model.model_fields
            if f != "citations" and any(getattr(item, f) not in (None, []) for item in items)
        ]
        rows = [
            [
                *(
                    self.value(getattr(item, c), field_ref(model.model_fields[c]) is not None)
                    for c in columns
                ),
                self.sources_of((name, number)),
            ]
            for number, item in enumerate(items)
        ]
        header = [*(html(c.replace("_", " ")) for c in columns), "sources"]
        return [f"## {name.replace('_', ' ').capitalize()}", "", table(header, rows), ""]

    def render(self) -> str:
        record, dataset = self.record, self.dataset
        name = labels.heading(dataset, record.id)
        front = [
            "---",
            f"title: {yaml_string(html(name))}",
            "template: civicdata-record.html",
        ]  # the theme does not escape it
        if self.kind in SEARCH_BOOST:  # a person's page first when searching their name
            front += ["search:", f"  boost: {SEARCH_BOOST[self.kind]}"]
        lines = [*front, "---", "", f"# {md(name)}", ""]
        lines += [
            f'<p class="civicdata-meta"><em>{self.kind}</em> · id'
            f" <code>{html(record.id)}</code> · "
            f'<a href="../">all {self.kind} records</a></p>',
            "",
        ]
        if isinstance(record, Claim):
            lines += [
                f"<blockquote><p>{html(labels.quoted(record.quote))}</p>"
                f"<p>— {self.link(record.speaker)}</p></blockquote>",
                "",
            ]
        if isinstance(record, Source):
            seed = relative(self.page, paths.seed_page(record.id))
            lines += [
                f'<p><a href="{seed}">Read the cited passages of the article</a></p>',
                "",
            ]
        fields, nested = [], []
        for field_name, field in type(record).model_fields.items():
            if field_name in SKIPPED:
                continue
            value = getattr(record, field_name)
            if model_in(field.annotation) is not None:
                if value:
                    nested.append((field_name, value))
                continue
            if value is None or value == []:
                continue  # the data model page lists every field; a record shows its own
            shown = self.value(value, field_ref(field) is not None)
            fields.append([html(field_name.replace("_", " ")), shown])
        lines += [table(["field", "value"], fields, row_headers=True), ""]
        for field_name, value in nested:
            lines += self.nested_table(field_name, value)
        lines += self.links_section()
        if record.notes:
            lines += ["## Notes", "", f"<p>{self.notes(record.notes)}</p>", ""]
        lines += self.sources_section()
        lines += self.referrers_section()
        diagram = ego_diagram(self.dataset, record.id, self.href)
        if diagram:
            lines += [
                "## Connections",
                "",
                raw(
                    "<summary>Show the drawing (it repeats the lists above)</summary>",
                    '<figure class="civicdata-chart">',
                    scroller(diagram, f"Connections of {name}"),
                    "<figcaption>The links above, drawn: what this record points to, "
                    "then what points to it; colours by kind of record.</figcaption>",
                    "</figure>",
                    tag="details",
                    class_="civicdata-drawing",
                ),
                "",
            ]
        lines += self.way_on()
        return "\n".join(lines) + "\n"

    def links_section(self) -> list[str]:
        """Each link beside the quote that states it (a link is a fact, so it is cited)."""
        evidence = getattr(self.record, "link_citations", [])
        rows = []
        for number, citation in enumerate(evidence):
            source = self.number_of.get(("link_citations", number))
            rows.append(
                [
                    f"<code>{html(citation.field)}</code>",
                    self.link(citation.to),
                    html(labels.quoted(citation.quote))
                    + (f' <a href="#source-{source}">[{source}]</a>' if source else ""),
                ]
            )
        if not rows:
            return []
        opened = ""  # collapsed: the quotes are evidence to open on demand, not the page
        return [
            "## Why these links",
            "",
            "<p>A link is a fact too: each one with the words that state it.</p>",
            f'<details class="civicdata-group"{opened}><summary>The quote for each link '
            f'<span class="civicdata-note">({len(rows)})</span></summary>',
            "",
            table(["link", "to", "quote"], rows),
            "",
            "</details>",
            "",
        ]

    def notes(self, text: str) -> str:
        """Notes as a reader sees them: a `code span` in code type, and a record's id
        (in backticks or not) as a link named by the record, never a raw id."""

        def span(code: str) -> str:
            inner = code[1:-1]
            return self.link(inner) if inner in self.dataset.by_id else f"<code>{inner}</code>"

        def bare(match: re.Match[str]) -> str:
            return self.link(match[0]) if match[0] in self.dataset.by_id else match[0]

        parts = _CODE_SPAN.split(prose(text))  # escaped first: ids and spans hold no markup
        return "".join(
            span(part) if index % 2 else _BARE_ID.sub(bare, part)
            for index, part in enumerate(parts)
        )

    def way_on(self) -> list[str]:
        """The previous and next record of this kind (in the kind index's order)
        and the pages to explore from: a record page is never a dead end."""
        before, after = self.neighbours
        links = []
        if before is not None:
            links.append(f"previous {self.kind}: {self.link(before)}")
        if after is not None:
            links.append(f"next {self.kind}: {self.link(after)}")
        explore = [
            link("../", f"all {self.kind} records"),
            link(relative(self.page, paths.RECORDS_INDEX), "all records"),
            link(relative(self.page, paths.TIMELINE), "timeline"),
            link(relative(self.page, paths.RELATIONSHIPS), "relationships"),
        ]
        return [
            raw(
                f"<p>{' · '.join(links)}</p>" if links else "",
                f"<p>More: {' · '.join(explore)}</p>",
                tag="nav",
                class_="civicdata-way-on",
                aria_label="More records",
            ),
            "",
        ]

    def sources_section(self) -> list[str]:
        items: list[str] = []
        link_items: list[str] = []
        for number, (loc, citation) in enumerate(self.citations, start=1):
            placed = self.quotes.of(self.record.id, loc)
            anchor = paths.quote_anchor(placed.number) if placed else ""
            target = relative(self.page, paths.seed_page(citation.source), anchor)
            field = html(readable_loc(loc[:-2])) if len(loc) > 2 else ""
            if isinstance(citation, LinkCitation):  # the link it states, in words and by name
                field = (
                    f"the link {html(readable_loc((citation.field,)))} → {self.link(citation.to)}"
                )
            (link_items if loc[:1] == ("link_citations",) else items).append(
                f'<li id="source-{number}" value="{number}">'
                f"{html(labels.quoted(citation.quote))}, "
                + link(target, html(labels.name(self.dataset, citation.source)))
                + (f" (for {field})" if field else "")
                + "</li>"
            )
        lines = ["## Sources", "", "<ol>\n" + "\n".join(items) + "\n</ol>", ""]
        if link_items:  # the links' own quotes, shown beside each link above: folded here
            lines += [
                '<details class="civicdata-group"><summary>Where the quotes for links are '
                f'<span class="civicdata-note">({len(link_items)})</span></summary>',
                "<ol>\n" + "\n".join(link_items) + "\n</ol>",
                "</details>",
                "",
            ]
        return lines

    def referrers_section(self) -> list[str]:
        """What refers to this record, once each, grouped by how (in words), dated
        and in date order; groups longer than a screen start collapsed."""
        referrals = [r for r in self.dataset.referrers(self.record.id) if "citations" not in r.loc]
        if not referrals:
            return []
        groups: dict[tuple[int, str], dict[str, None]] = {}
        for r in referrals:
            rank = _RELATION_RANK.get(r.kind, 99)
            groups.setdefault((rank, relation(r.kind, r.loc)), {})[r.source_id] = None
        blocks = []
        subject = (
            labels.name(self.dataset, self.record.id)
            if self.kind in ("person", "organization")
            else f"this {self.kind}"
        )
        for (_, title), ids in sorted(groups.items()):
            items = "".join(
                f"<li>{html(labels.when(date)) + ' · ' if date else ''}{self.link(record_id)}</li>"
                for date, record_id in sorted(((self.date_of(i), i) for i in ids), key=_by_date)
            )
            opened = " open" if len(ids) <= OPEN_UP_TO else ""
            title = _IT.sub(subject, title)
            blocks.append(
                f'<details class="civicdata-group"{opened}><summary>{html(title)} '
                f'<span class="civicdata-note">({len(ids)})</span></summary>'
                f"<ul>{items}</ul></details>"
            )
        return ["## Referred to by", "", raw(*blocks), ""]

    def date_of(self, record_id: str):
        record = self.dataset.by_id[record_id]
        record = getattr(record, "record", record)
        return getattr(record, "date", None) or getattr(record, "published", None)


def kind_orders(dataset: Dataset) -> dict[str, tuple[str | None, str | None]]:
    """Each record's previous and next id of its kind, in the kind index's order (by name)."""
    found: dict[str, tuple[str | None, str | None]] = {}
    for records in dataset.by_kind.values():
        ids = [r.id for r in sorted(records, key=lambda r: labels.name(dataset, r.id).lower())]
        for position, record_id in enumerate(ids):
            before = ids[position - 1] if position > 0 else None
            after = ids[position + 1] if position + 1 < len(ids) else None
            found[record_id] = (before, after)
    return found


def render(
    dataset: Dataset,
    record: Record,
    quotes: QuoteIndex,
    neighbours: dict[str, tuple[str | None, str | None]] | None = None,
) -> dict[str, str]:
    """The record's page; ``neighbours`` (from :func:`kind_orders`, computed once
    for a whole build) gives its previous and next record of its kind."""
    page = RecordPage(dataset, record, quotes, (neighbours or kind_orders(dataset))[record.id])
    return {page.page: page.render()}
