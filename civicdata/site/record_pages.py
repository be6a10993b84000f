"""One page per record: its fields, its sources, and its links both ways."""

from __future__ import annotations

from enum import Enum
from typing import Any

from pydantic import BaseModel

from ..dataset import Dataset
from ..model_errors import model_in
from ..models import Claim
from ..models.base import Record
from ..problems import format_loc
from ..walk import field_ref, links
from . import paths
from .markup import md, md_link, relative, yaml_string
from .quotes import QuoteIndex
from .svg import ego_diagram

SKIPPED = {"id", "citations", "notes"}


class RecordPage:
    """Renders one record; citations are numbered in the order they appear."""

    def __init__(self, dataset: Dataset, record: Record, quotes: QuoteIndex) -> None:
        self.dataset = dataset
        self.record = record
        self.quotes = quotes
        self.kind = dataset.kind_of(record.id)
        self.page = paths.record_page(self.kind, record.id)
        self.citations = links(record).citations
        self.number_of = {loc: n for n, (loc, _) in enumerate(self.citations, start=1)}

    def link(self, record_id: str) -> str:
        target = paths.record_page(self.dataset.kind_of(record_id), record_id)
        return md_link(self.dataset.name_of(record_id), self.page, target)

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
            return f"`{value.value}`"
        return md(value)

    def sources_of(self, loc: tuple) -> str:
        numbers = [
            n for citation_loc, n in self.number_of.items() if citation_loc[: len(loc)] == loc
        ]
        return ", ".join(f"[{n}](#source-{n})" for n in numbers) or "—"

    def nested_table(self, name: str, items: list[BaseModel]) -> list[str]:
        model = type(items[0])
        columns = [f for f in model.model_fields if f != "citations"]
        rows = [
            "| " + " | ".join([*(c.replace("_", " ") for c in columns), "sources"]) + " |",
            "| " + " | ".join(["---"] * (len(columns) + 1)) + " |",
        ]
        for number, item in enumerate(items):
            cells = [
                self.value(getattr(item, c), field_ref(model.model_fields[c]) is not None)
                for c in columns
            ]
            cells.append(self.sources_of((name, number)))
            rows.append("| " + " | ".join(cells) + " |")
        return [f"## {name.replace('_', ' ').capitalize()}", "", *rows, ""]

    def render(self) -> str:
        record, dataset = self.record, self.dataset
        name = dataset.name_of(record.id)
        lines = ["---", f"title: {yaml_string(name)}", "---", "", f"# {md(name)}", ""]
        lines += [f"*{self.kind}* · id `{record.id}` · [all {self.kind} records](index.md)", ""]
        if isinstance(record, Claim):
            lines += [f"> “{md(record.quote)}”", ">", f"> — {self.link(record.speaker)}", ""]
        fields, nested = [], []
        for field_name, field in type(record).model_fields.items():
            if field_name in SKIPPED:
                continue
            value = getattr(record, field_name)
            if model_in(field.annotation) is not None:
                if value:
                    nested.append((field_name, value))
                continue
            shown = self.value(value, field_ref(field) is not None)
            fields.append(f"| {field_name.replace('_', ' ')} | {shown} |")
        lines += ["| field | value |", "| --- | --- |", *fields, ""]
        for field_name, value in nested:
            lines += self.nested_table(field_name, value)
        if record.notes:
            lines += ["## Notes", "", md(record.notes), ""]
        lines += self.sources_section()
        lines += self.referrers_section()
        diagram = ego_diagram(dataset, record.id, self.href)
        if diagram:
            lines += ["## Connections", "", diagram, ""]
        return "\n".join(lines) + "\n"

    def href(self, record_id: str) -> str:
        return relative(self.page, paths.record_page(self.dataset.kind_of(record_id), record_id))

    def sources_section(self) -> list[str]:
        lines = ["## Sources", ""]
        for number, (loc, citation) in enumerate(self.citations, start=1):
            placed = self.quotes.of(self.record.id, loc)
            source_name = self.dataset.name_of(citation.source)
            where = md_link(
                source_name,
                self.page,
                paths.seed_page(citation.source),
                paths.quote_anchor(placed.number) if placed else "",
            )
            field = format_loc(loc[:-2]) if len(loc) > 2 else ""
            lines.append(
                f'{number}. <span id="source-{number}"></span>“{md(citation.quote)}”, {where}'
                + (f" (for `{field}`)" if field else "")
            )
        return [*lines, ""]

    def referrers_section(self) -> list[str]:
        referrals = [r for r in self.dataset.referrers(self.record.id) if "citations" not in r.loc]
        if not referrals:
            return []
        lines = ["## Referred to by", "", "| record | kind | field |", "| --- | --- | --- |"]
        for referral in sorted(referrals, key=lambda r: (r.kind, r.source_id, r.loc)):
            lines.append(
                f"| {self.link(referral.source_id)} | {referral.kind} | `{referral.field}` |"
            )
        return [*lines, ""]


def render(dataset: Dataset, record: Record, quotes: QuoteIndex) -> str:
    return RecordPage(dataset, record, quotes).render()
