"""Pictures rendered at build time to inline SVG: no scripts, no external files.

Every label is escaped text and every link a relative URL, so the pictures
work offline and a record can never inject markup through them.
"""

from __future__ import annotations

import math
from collections import Counter
from collections.abc import Callable

from ..dataset import Dataset, TimelineEntry
from ..models import Claim, Ruling, Vote
from ..walk import links
from .markup import html, link

KIND_COLOURS = {
    "source": "#6b7280",
    "person": "#2563eb",
    "organization": "#7c3aed",
    "policy": "#059669",
    "vote": "#d97706",
    "ruling": "#dc2626",
    "event": "#0891b2",
    "claim": "#db2777",
}

Href = Callable[[str], str]  # record id -> URL relative to the page


def _label(text: str, limit: int = 28) -> str:
    return text if len(text) <= limit else text[: limit - 1] + "…"


def _node(x: float, y: float, kind: str, name: str, href: str, anchor: str) -> str:
    colour = KIND_COLOURS[kind]
    return link(
        href,
        '<g class="node">'
        f"<title>{html(name)} ({kind})</title>"
        f'<circle cx="{x:.1f}" cy="{y:.1f}" r="6" fill="{colour}"/>'
        f'<text x="{x + (10 if anchor == "start" else -10):.1f}" y="{y + 4:.1f}" '
        f'text-anchor="{anchor}" font-size="13">{html(_label(name))}</text></g>',
        target="_top",
    )


def ego_diagram(dataset: Dataset, record_id: str, href: Href, limit: int = 18) -> str:
    """The record in the middle, what it points to and what points to it around it."""
    neighbours: dict[str, set[str]] = {}
    record = dataset.get(record_id)
    for ref in links(record).references:
        if ref.loc[0] != "citations" and "citations" not in ref.loc:
            neighbours.setdefault(ref.target, set()).add(str(ref.loc[0]))
    for referral in dataset.referrers(record_id):
        if "citations" not in referral.loc:
            neighbours.setdefault(referral.source_id, set()).add(f"← {referral.loc[0]}")
    neighbours.pop(record_id, None)
    if not neighbours:
        return ""
    shown = sorted(neighbours)[:limit]
    width, height, radius = 760, 420, 150
    cx, cy = width / 2, height / 2
    parts = [
        '<?xml version="1.0" encoding="UTF-8"?>\n'
        f'<svg class="civicdata-diagram" viewBox="0 0 {width} {height}" '
        f'role="img" aria-label="Records connected to {html(dataset.name_of(record_id))}" '
        'xmlns="http://www.w3.org/2000/svg" font-family="sans-serif">'
    ]
    for number, other in enumerate(shown):
        angle = 2 * math.pi * number / len(shown) - math.pi / 2
        x, y = cx + radius * 1.6 * math.cos(angle), cy + radius * math.sin(angle)
        fields = ", ".join(sorted(neighbours[other]))
        parts.append(
            f'<line x1="{cx:.1f}" y1="{cy:.1f}" x2="{x:.1f}" y2="{y:.1f}" stroke="#9ca3af">'
            f"<title>{html(fields)}</title></line>"
        )
        anchor = "start" if math.cos(angle) >= 0 else "end"
        parts.append(
            _node(x, y, dataset.kind_of(other), dataset.name_of(other), href(other), anchor)
        )
    parts.append(
        f'<circle cx="{cx:.1f}" cy="{cy:.1f}" r="10" '
        f'fill="{KIND_COLOURS[dataset.kind_of(record_id)]}"/>'
    )
    parts.append(
        f'<text x="{cx:.1f}" y="{cy - 16:.1f}" text-anchor="middle" font-size="12" '
        f'font-weight="bold">{html(_label(dataset.name_of(record_id), 40))}</text>'
    )
    if len(neighbours) > limit:
        parts.append(
            f'<text x="10" y="{height - 10}" font-size="11">and {len(neighbours) - limit} more '
            "(see the list below)</text>"
        )
    parts.append("</svg>")
    return "".join(parts)


def timeline_chart(entries: list[TimelineEntry], href: Href) -> str:
    """Dated entries on a time axis, one lane per kind; a partial date is a bar."""
    if not entries:
        return ""
    kinds = [k for k in KIND_COLOURS if any(e.kind == k for e in entries)]
    first = min(e.date.first_day for e in entries)
    last = max(e.date.last_day for e in entries)
    start_year, end_year = first.year, last.year + 1
    left, right, lane, top = 110, 20, 34, 30
    width = 1000
    height = top + lane * len(kinds) + 30
    span = (end_year - start_year) * 365.25

    def x_of(day) -> float:
        days = day.toordinal() - type(day)(start_year, 1, 1).toordinal()
        return left + (width - left - right) * days / span

    parts = [
        f'<svg class="civicdata-timeline" viewBox="0 0 {width} {height}" width="100%" '
        'role="img" aria-label="Timeline of dated records" xmlns="http://www.w3.org/2000/svg">'
    ]
    for year in range(start_year, end_year + 1):
        x = left + (width - left - right) * (year - start_year) / (end_year - start_year)
        parts.append(
            f'<line x1="{x:.1f}" y1="{top - 10}" x2="{x:.1f}" y2="{height - 20}" stroke="#e5e7eb"/>'
            f'<text x="{x:.1f}" y="{height - 6}" text-anchor="middle" font-size="11">{year}</text>'
        )
    for row, kind in enumerate(kinds):
        y = top + lane * row + lane / 2
        parts.append(
            f'<text x="{left - 10}" y="{y + 4:.1f}" text-anchor="end" font-size="12">{kind}</text>'
        )
        for entry in (e for e in entries if e.kind == kind):
            x1, x2 = x_of(entry.date.first_day), x_of(entry.date.last_day)
            tip = html(f"{entry.date}: {entry.label} ({entry.what})")
            parts.append(
                link(
                    href(entry.record_id),
                    f'<rect x="{x1:.1f}" y="{y - 6:.1f}" width="{max(x2 - x1, 3):.1f}" '
                    f'height="12" rx="3" fill="{KIND_COLOURS[kind]}" '
                    f'fill-opacity="0.45"><title>{tip}</title></rect>',
                )
            )
    parts.append("</svg>")
    return "".join(parts)


def relationship_chart(dataset: Dataset, href: Href) -> str:
    """Who voted on, ruled on and made claims about what: actors left, subjects right."""
    edges: Counter[tuple[str, str, str]] = Counter()
    for vote in dataset.votes:
        assert isinstance(vote, Vote)
        for position in vote.positions:
            edges[(position.voter, vote.id, "voted")] += 1
    for ruling in dataset.rulings:
        assert isinstance(ruling, Ruling)
        for judge in ruling.judges:
            edges[(judge, ruling.id, "ruled")] += 1
        edges[(ruling.court, ruling.id, "ruled")] += 1
    for claim in dataset.claims:
        assert isinstance(claim, Claim)
        for target in claim.about:
            edges[(claim.speaker, target, "claimed about")] += 1
    actors = sorted(
        {a for a, _, _ in edges},
        key=lambda i: (-sum(n for (a, _, _), n in edges.items() if a == i), i),
    )
    subjects = sorted(
        {s for _, s, _ in edges},
        key=lambda i: (-sum(n for (_, s, _), n in edges.items() if s == i), i),
    )
    row, top = 22, 20
    width = 1000
    height = top * 2 + row * max(len(actors), len(subjects))
    x_left, x_right = 300, 700
    y_actor = {a: top + row * n for n, a in enumerate(actors)}
    y_subject = {s: top + row * n for n, s in enumerate(subjects)}
    colours = {"voted": "#d97706", "ruled": "#dc2626", "claimed about": "#db2777"}
    parts = [
        f'<svg class="civicdata-relationships" viewBox="0 0 {width} {height}" width="100%" '
        'role="img" aria-label="Who voted, ruled and made claims about what" '
        'xmlns="http://www.w3.org/2000/svg">'
    ]
    for (actor, subject, relation), count in sorted(edges.items()):
        tip = html(
            f"{dataset.name_of(actor)} {relation} {dataset.name_of(subject)}"
            + (f" ({count} claims)" if relation == "claimed about" else "")
        )
        parts.append(
            f'<line x1="{x_left}" y1="{y_actor[actor]}" x2="{x_right}" y2="{y_subject[subject]}" '
            f'stroke="{colours[relation]}" stroke-opacity="0.5" stroke-width="{min(1 + count, 6)}">'
            f"<title>{tip}</title></line>"
        )
    for actor in actors:
        parts.append(
            _node(
                x_left,
                y_actor[actor],
                dataset.kind_of(actor),
                dataset.name_of(actor),
                href(actor),
                "end",
            )
        )
    for subject in subjects:
        parts.append(
            _node(
                x_right,
                y_subject[subject],
                dataset.kind_of(subject),
                dataset.name_of(subject),
                href(subject),
                "start",
            )
        )
    parts.append("</svg>")
    return "".join(parts)
