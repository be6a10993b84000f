"""Site pages generated from the records: a plain function, called by an mkdocs hook.

:func:`generate_pages` is the one entry point for every generated file (record,
overview, seed, SQL and exercise pages). Keeping generation out of the hook
means another site generator could call it unchanged, and the hook holds only
what is mkdocs's business.
"""

from __future__ import annotations

from ..dataset import Dataset
from ..manifest import MANIFEST, load_manifest
from ..models import MODELS
from ..project import Project
from . import (
    exercise_pages,
    overview_pages,
    paths,
    record_pages,
    reference,
    seed_pages,
    sql_page,
)
from .quotes import QuoteIndex


def generate_pages(dataset: Dataset, checkout: Project | None = None) -> dict[str, str | bytes]:
    """Every generated file, as ``{docs-relative path: content}``: Markdown pages,
    the SVG diagrams beside record pages and the SQL page's database.

    ``checkout`` is the project whose docs these are (the records' own by
    default): the SQL page's examples come from its chapter 6, the exercise
    pages from its ``exercises/manifest.yaml``. A folder of records alone has
    neither: its SQL page has no example buttons, and it has no exercise pages.
    """
    checkout = checkout or dataset.project
    quotes = QuoteIndex(dataset)
    pages: dict[str, str | bytes] = {
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
    pages.update(sql_page.generate(dataset, checkout.root))
    if (checkout.exercises_dir / MANIFEST).is_file():
        pages.update(exercise_pages.generate(load_manifest(checkout)))
    return pages
