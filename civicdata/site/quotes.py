"""Where each citation's quote sits in its seed, and its number on the seed page.

Quotes match the seed after normalising typography and whitespace, so the
spans are found in a normalised copy that remembers, for every character,
where it came from in the original text.
"""

from __future__ import annotations

from dataclasses import dataclass

from ..corpus import TYPOGRAPHY, normalise
from ..dataset import Dataset
from ..problems import Loc, format_loc


def normalised_with_offsets(text: str) -> tuple[str, list[int]]:
    """``normalise(text)`` plus the original offset of each of its characters."""
    out: list[str] = []
    offsets: list[int] = []
    for index, char in enumerate(text):
        for piece in char.translate(TYPOGRAPHY):
            if piece.isspace():
                if out and out[-1] != " ":
                    out.append(" ")
                    offsets.append(index)
            else:
                out.append(piece)
                offsets.append(index)
    if out and out[-1] == " ":
        out.pop()
        offsets.pop()
    return "".join(out), offsets


@dataclass(frozen=True)
class Quote:
    """One citation placed in its seed."""

    number: int
    source_id: str
    record_id: str
    loc: Loc
    quote: str
    start: int  # offsets in the raw seed text; end is exclusive
    end: int

    @property
    def field(self) -> str:
        return format_loc(self.loc)


class QuoteIndex:
    """Every citation of the dataset, numbered per source in reading order."""

    def __init__(self, dataset: Dataset) -> None:
        placed: dict[str, list[tuple[int, int, str, Loc, str]]] = {}
        seeds = {}
        for source in dataset.sources:
            # The seed as validation read it (bounded, regular files only), not read again.
            seed = dataset.corpus.get(source.file)
            if seed is None:  # reported by the validator, which stops the build first
                continue
            seeds[source.id] = (seed.text, *normalised_with_offsets(seed.text))
        for record in dataset:
            for loc, citation in dataset.links_of(record.id).citations:
                if citation.source not in seeds:
                    continue
                _, folded, offsets = seeds[citation.source]
                at = folded.find(normalise(citation.quote))
                if at < 0:  # validated data always matches; guard against a stale seed
                    continue
                last = at + len(normalise(citation.quote)) - 1
                placed.setdefault(citation.source, []).append(
                    (offsets[at], offsets[last] + 1, record.id, loc, citation.quote)
                )
        self.by_source: dict[str, list[Quote]] = {}
        self._by_citation: dict[tuple[str, Loc], Quote] = {}
        for source_id, items in placed.items():
            items.sort(key=lambda item: (item[0], item[1], item[2], item[3]))
            quotes = [
                Quote(number, source_id, record_id, loc, quote, start, end)
                for number, (start, end, record_id, loc, quote) in enumerate(items, start=1)
            ]
            self.by_source[source_id] = quotes
            for quote in quotes:
                self._by_citation[(quote.record_id, quote.loc)] = quote
        self.texts = {source_id: text for source_id, (text, _, _) in seeds.items()}

    def of(self, record_id: str, loc: Loc) -> Quote | None:
        return self._by_citation.get((record_id, loc))
