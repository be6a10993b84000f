"""Counts for ``civicdata stats``: records per kind and records citing each source."""

from __future__ import annotations

from .dataset import Dataset
from .models import MODELS


def records_per_kind(dataset: Dataset) -> dict[str, int]:
    return {kind: len(dataset.by_kind[kind]) for kind in MODELS}


def records_citing_each_source(dataset: Dataset) -> dict[str, int]:
    """How many records cite each source (:meth:`Dataset.cited_by`)."""
    return {source.id: len(dataset.cited_by(source.id)) for source in dataset.sources}


def render(dataset: Dataset) -> str:
    per_kind = records_per_kind(dataset)
    width = max(len(kind) for kind in per_kind)
    lines = [f"{'kind':<{width}}  records"]
    lines += [f"{kind:<{width}}  {count:>7}" for kind, count in per_kind.items()]
    lines.append(f"{'total':<{width}}  {sum(per_kind.values()):>7}")
    citing = records_citing_each_source(dataset)
    lines += ["", "records citing each source"]
    lines += [f"{count:>5}  {source}" for source, count in sorted(citing.items())]
    return "\n".join(lines)
