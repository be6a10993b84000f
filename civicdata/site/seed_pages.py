"""One page per seed article: the passages the dataset cites, each in its sentence.

The page does not reprint the article. A course site has no business
republishing whole news articles, and the articles say things about private
individuals that the dataset deliberately leaves out (curation guide,
"Privacy"); a page and the site's search index would carry them again. So a
page shows each cited passage with the sentence around it, marked and
numbered; where that sentence names a private individual and says something
sensitive outside the cited words, only the cited words are shown. The full
texts stay in the repository's `seeds/`, the corpus the validator checks.
"""

from __future__ import annotations

import itertools
import re

from ..checks import privacy_vocabulary, private_names
from ..dataset import Dataset
from ..models import Person, Source
from ..text import visible
from . import labels, paths
from .markup import html, md, md_link, yaml_string
from .quotes import Quote, QuoteIndex
from .record_pages import readable_loc

# A sentence ends at . ! or ? (and any closing quotes) before whitespace, or at
# a line break; not after an abbreviation such as "U.S." or "Sen.".
_END = re.compile(r"[.!?][”\"’)]*(?=\s)|\n")
_ABBREVIATION = re.compile(
    r"(?:\b[A-Z]|\bU\.S|\bSen|\bRep|\bSt|\bMr|\bMrs|\bMs|\bDr|\bJan|\bFeb|\bAug|\bSept|\bOct"
    r"|\bNov|\bDec|\bNo|\bD\.A)\.$"
)


def _sentences(text: str) -> list[tuple[int, int]]:
    """(start, end) offsets of the sentences, whitespace trimmed."""
    spans, start = [], 0
    for match in _END.finditer(text):
        if match.group(0) != "\n" and _ABBREVIATION.search(text[start : match.start() + 1]):
            continue
        spans.append((start, match.end()))
        start = match.end()
    spans.append((start, len(text)))
    trimmed = []
    for left, right in spans:
        while left < right and text[left].isspace():
            left += 1
        while right > left and text[right - 1].isspace():
            right -= 1
        if left < right:
            trimmed.append((left, right))
    return trimmed


def _marked(text: str, start: int, end: int, quotes: list[Quote]) -> str:
    """A stretch of the article as HTML: quoted parts in <mark>, an anchor where each starts."""
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
        # The article's own characters as the reader can see them: a control, bidi or
        # invisible character (seeds are not records; the validator reads them as
        # they came) is written as an escape such as `\x1b`, never passed on raw.
        chunk = html(visible(text[left:right].replace("\n", " ").replace("\t", " ")))
        if covering:
            titles = html(", ".join(sorted({q.record_id for q in covering})))
            chunk = f'<mark title="cited by {titles}">{chunk}</mark>'
        pieces.append(anchors + chunk)
    return "".join(pieces)


def _merged(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for left, right in sorted(spans):
        if merged and left <= merged[-1][1]:
            merged[-1] = (merged[-1][0], max(merged[-1][1], right))
        else:
            merged.append((left, right))
    return merged


class Passages:
    """The stretches of one article a page shows: cited sentences, or only the cited words."""

    def __init__(self, dataset: Dataset, text: str, quotes: list[Quote]) -> None:
        self.text = text
        self.quotes = quotes
        self.names = private_names(
            p for p in dataset.persons if isinstance(p, Person) and not p.public_figure
        )
        self.vocabulary = privacy_vocabulary()
        self.sentences = _sentences(text)

    def _sentence_span(self, quote: Quote) -> tuple[int, int]:
        first = next((s for s, e in self.sentences if s <= quote.start < e), quote.start)
        last = next((e for s, e in self.sentences if s < quote.end <= e), quote.end)
        return min(first, quote.start), max(last, quote.end)

    def _private_outside_quotes(self, start: int, end: int) -> bool:
        """Whether the stretch names a private individual and says something sensitive
        in words no citation quotes (a quoted speaker's own words are the point)."""
        stretch = self.text[start:end]
        if self.names is None or not self.names.search(stretch):
            return False
        outside = list(stretch)
        for quote in self.quotes:
            for at in range(max(start, quote.start), min(end, quote.end)):
                outside[at - start] = " "
        return self.vocabulary.find("".join(outside)) is not None

    def blocks(self) -> list[tuple[int, int]]:
        shown: list[tuple[int, int]] = []
        for left, right in _merged([self._sentence_span(q) for q in self.quotes]):
            if self._private_outside_quotes(left, right):
                inside = [(q.start, q.end) for q in self.quotes if left <= q.start < right]
                shown.extend(_merged(inside))
            else:
                shown.append((left, right))
        return shown


def render(dataset: Dataset, source: Source, index: QuoteIndex) -> str:
    page = paths.seed_page(source.id)
    text = index.texts[source.id]
    quotes = index.by_source.get(source.id, [])
    blocks = Passages(dataset, text, quotes).blocks()
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
        "This page shows the passages the dataset cites, each in its sentence, in the "
        "article's order; `[…]` marks text left out. It does not reprint the article: the "
        "full text is the seed file in the repository's `seeds/` folder, which the validator "
        "checks every quote against. Where a sentence says something personal about a "
        "private individual, only the cited words are shown.",
        "",
        '<div class="seed-text">',
        *(f"<p>[…] {_marked(text, s, e, quotes)} […]</p>" for s, e in blocks),
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
