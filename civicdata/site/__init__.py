"""Site pages generated from the records: a plain function, called by an mkdocs hook.

Keeping generation out of the hook means another site generator could call
:func:`generate_pages` unchanged.
"""

from __future__ import annotations

from ..dataset import Dataset
from ..models import MODELS
from . import overview_pages, paths, record_pages, reference, seed_pages
from .quotes import QuoteIndex


def generate_pages(dataset: Dataset) -> dict[str, str]:
    """Every generated file, as ``{docs-relative path: content}``: Markdown pages
    and the SVG diagrams beside record pages."""
    quotes = QuoteIndex(dataset)
    pages = {
        paths.RECORDS_INDEX: overview_pages.records_index(dataset),
        paths.TIMELINE: overview_pages.timeline(dataset),
        paths.RELATIONSHIPS: overview_pages.relationships(dataset),
        paths.DATA_MODEL: reference.data_model(),
    }
    for kind in MODELS:
        pages[paths.kind_index(kind)] = overview_pages.kind_index(dataset, kind)
    neighbours = record_pages.kind_orders(dataset)
    for record in dataset:
        pages.update(record_pages.render(dataset, record, quotes, neighbours))
    for source in dataset.sources:
        pages[paths.seed_page(source.id)] = seed_pages.render(dataset, source, quotes)
    return pages
