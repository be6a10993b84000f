"""One page per seed article: its text, with every quoted span marked and linked."""

from __future__ import annotations

import itertools
import re

from ..dataset import Dataset
from ..models import Source
from . import labels, paths
from .markup import html, md, md_link, yaml_string
from .quotes import Quote, QuoteIndex
from .record_pages import readable_loc

_PARAGRAPH_BREAK = re.compile(r"\n\s*\n")


def _paragraphs(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the non-empty paragraphs."""
    spans, start = [], 0
    for match in _PARAGRAPH_BREAK.finditer(text):
        spans.append((start, match.start()))
        start = match.end()
    spans.append((start, len(text)))
    return [(s, e) for s, e in spans if text[s:e].strip()]


def _marked(text: str, start: int, end: int, quotes: list[Quote]) -> str:
    """One paragraph as HTML: quoted stretches in <mark>, an anchor where each quote starts."""
    inside = [q for q in quotes if q.start < end and q.end > start]
    cuts = sorted(
        {start, end, *(max(start, q.start) for q in inside), *(min(end, q.end) for q in inside)}
    )
    pieces = []
    for left, right in itertools.pairwise(cuts):
        anchors = "".join(
            f'<a id="{paths.quote_anchor(q.number)}" class="quote-anchor" '
            f'href="#{paths.quote_anchor(q.number)}">{q.number}</a>'
            for q in inside
            if q.start == left
        )
        covering = [q for q in inside if q.start <= left and q.end >= right]
        chunk = html(text[left:right]).replace("\n", "<br>\n")
        if covering:
            titles = html(", ".join(sorted({q.record_id for q in covering})))
            chunk = f'<mark title="cited by {titles}">{chunk}</mark>'
        pieces.append(anchors + chunk)
    return "<p>" + "".join(pieces) + "</p>"


def render(dataset: Dataset, source: Source, index: QuoteIndex) -> str:
    page = paths.seed_page(source.id)
    text = index.texts[source.id]
    quotes = index.by_source.get(source.id, [])
    lines = [
        "---",
        f"title: {yaml_string(html(labels.source_name(source)))}",
        "---",
        "",
        f"# {md(labels.source_name(source))}",
        "",
        f"**Outlet:** {md(source.outlet)} · **Published:** {md(labels.when(source.published))}"
        + (f" · **Byline:** {md(source.byline)}" if source.byline else ""),
        "",
        f"Source record: {md_link(source.id, page, paths.record_page('source', source.id))}"
        f" · seed file `{source.file}` · {len(quotes)} quoted passages",
        "",
        '<div class="seed-text">',
        *(_marked(text, s, e, quotes) for s, e in _paragraphs(text)),
        "</div>",
        "",
        "## Quoted passages",
        "",
    ]
    for quote in quotes:
        record_page = paths.record_page(dataset.kind_of(quote.record_id), quote.record_id)
        lines.append(
            f'{quote.number}. <a id="passage-{quote.number}"></a>{md(labels.quoted(quote.quote))}, '
            f"cited by {md_link(labels.name(dataset, quote.record_id), page, record_page)}"
            + (f" (for {md(readable_loc(quote.loc[:-2]))})" if len(quote.loc) > 2 else "")
        )
    ordered = sorted(dataset.sources, key=lambda s: (str(s.published), s.id))
    position = [s.id for s in ordered].index(source.id)
    way_on = [
        md_link("the source record", page, paths.record_page("source", source.id)),
        md_link("all records and articles", page, paths.RECORDS_INDEX),
        md_link("timeline", page, paths.TIMELINE),
    ]
    if position + 1 < len(ordered):
        after = ordered[position + 1]
        named = md_link(labels.source_name(after), page, paths.seed_page(after.id))
        way_on.insert(0, f"next article: {named}")
    if position > 0:
        before = ordered[position - 1]
        named = md_link(labels.source_name(before), page, paths.seed_page(before.id))
        way_on.insert(0, f"previous article: {named}")
    lines += ["", "## Read on", "", " · ".join(way_on)]
    return "\n".join(lines) + "\n"
