"""One page per record: its fields, its sources, and its links both ways.

Headings are Markdown (for the page's table of contents); everything under
them is escaped HTML in raw blocks. With thousands of records, Markdown's
inline parsing of escaped text was most of the build time, and raw blocks
skip it. Links here are relative URLs; the site tests check every one.
"""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..dataset import Dataset
from ..introspect import field_ref, model_in
from ..models import Claim, Source
from ..models.base import Record
from ..problems import format_loc
from . import labels, paths
from .markup import html, link, md, prose, raw, relative, table, yaml_string
from .quotes import QuoteIndex
from .svg import ego_diagram, scroller

SKIPPED = {"id", "citations", "notes", "link_citations"}  # links: links_section
SEARCH_BOOST = {"person": 10, "organization": 3, "policy": 3}


class RecordPage:
    """Renders one record; citations are numbered in the order they appear."""

    def __init__(self, dataset: Dataset, record: Record, quotes: QuoteIndex) -> None:
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
        lines += [table(["field", "value"], fields), ""]
        for field_name, value in nested:
            lines += self.nested_table(field_name, value)
        lines += self.links_section()
        if record.notes:
            lines += ["## Notes", "", f"<p>{prose(record.notes)}</p>", ""]
        lines += self.sources_section()
        lines += self.referrers_section()
        diagram = ego_diagram(self.dataset, record.id, self.href)
        if diagram:
            lines += [
                "## Connections",
                "",
                raw(
                    scroller(diagram, f"Connections of {name}"),
                    "<figcaption>The links above, drawn: what this record points to, "
                    "then what points to it; colours by kind of record.</figcaption>",
                    tag="figure",
                    class_="civicdata-chart",
                ),
                "",
            ]
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
        return [
            "## Why these links",
            "",
            "<p>A link is a fact too: each one with the words that state it.</p>",
            table(["link", "to", "quote"], rows),
            "",
        ]

    def sources_section(self) -> list[str]:
        items = []
        for number, (loc, citation) in enumerate(self.citations, start=1):
            placed = self.quotes.of(self.record.id, loc)
            anchor = paths.quote_anchor(placed.number) if placed else ""
            target = relative(self.page, paths.seed_page(citation.source), anchor)
            field = format_loc(loc[:-2]) if len(loc) > 2 else ""
            if loc[:1] == ("link_citations",):
                evidence = self.record.link_citations[loc[1]]  # type: ignore[attr-defined]
                field = f"{evidence.field}: {evidence.to}"
            items.append(
                f'<li id="source-{number}">{html(labels.quoted(citation.quote))}, '
                + link(target, html(labels.name(self.dataset, citation.source)))
                + (f" (for <code>{html(field)}</code>)" if field else "")
                + "</li>"
            )
        return ["## Sources", "", "<ol>\n" + "\n".join(items) + "\n</ol>", ""]

    def referrers_section(self) -> list[str]:
        referrals = [r for r in self.dataset.referrers(self.record.id) if "citations" not in r.loc]
        if not referrals:
            return []
        rows = [
            [self.link(r.source_id), html(r.kind), f"<code>{html(r.field)}</code>"]
            for r in sorted(referrals, key=lambda r: (r.kind, r.source_id, r.loc))
        ]
        return ["## Referred to by", "", table(["record", "kind", "field"], rows), ""]


def render(dataset: Dataset, record: Record, quotes: QuoteIndex) -> dict[str, str]:
    """The record's page."""
    page = RecordPage(dataset, record, quotes)
    return {page.page: page.render()}
