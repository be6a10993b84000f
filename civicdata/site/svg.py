"""Pictures rendered at build time to inline SVG: no scripts, no external files.

Every label is escaped text and every link goes through :func:`markup.link`.
Layouts are computed from estimated text widths, with labels wrapped at word
boundaries (never cut), and each picture is drawn at its natural pixel size:
it is never scaled down, so text stays at its stated size (at least 12 px),
and a picture wider than the screen scrolls in a focusable region. Pictures
are groups of links, not images (an image may not contain links); each has a
table or list beside it that says the same thing.
"""

from __future__ import annotations

import datetime as dt
from collections import Counter
from collections.abc import Callable
from dataclasses import dataclass

from ..dataset import Dataset, TimelineEntry
from ..kinds import REGISTRY
from ..models import Claim, Ruling, Vote
from . import labels
from .markup import html, link

# Each at least 3:1 against white and against the dark scheme's slate (declared in kinds.py).
KIND_COLOURS = {kind.name: kind.colour for kind in REGISTRY}
RELATION_COLOURS = {"voted on": "#d97706", "ruled on": "#dc2626", "made claims about": "#db2777"}

Href = Callable[[str], str]  # record id -> URL relative to the page

FONT = 13  # px; nothing is drawn smaller than SMALL
SMALL = 12
LINE = 17  # px between wrapped lines
CHAR = 0.56  # an upper estimate of a character's width, in ems, for sans-serif text


def text_width(text: str, size: float = FONT) -> float:
    return len(text) * size * CHAR


def wrap(text: str, width: float, size: float = FONT) -> list[str]:
    """Lines of at most ``width`` px, broken between words only."""
    limit = max(1, int(width / (size * CHAR)))
    lines: list[str] = []
    for word in text.split():
        if lines and len(lines[-1]) + 1 + len(word) <= limit:
            lines[-1] += " " + word
        else:
            lines.append(word)
    return lines or [""]


def _text(x: float, y: float, lines: list[str], *, size: float = FONT, **attrs: str) -> str:
    """A text element of one or more lines; ``y`` is the first baseline."""
    extra = "".join(f' {k.replace("_", "-")}="{v}"' for k, v in attrs.items())
    spans = "".join(
        f'<tspan x="{x:.0f}" dy="{0 if n == 0 else LINE}">{html(line)}</tspan>'
        for n, line in enumerate(lines)
    )
    return f'<text x="{x:.0f}" y="{y:.0f}" font-size="{size}"{extra}>{spans}</text>'


def _svg(css_class: str, width: float, height: float, label: str, body: list[str]) -> str:
    width, height = int(width + 0.5), int(height + 0.5)
    return (
        f'<svg class="{css_class}" width="{width}" height="{height}" '
        f'viewBox="0 0 {width} {height}" role="group" aria-label="{html(label)}" '
        'xmlns="http://www.w3.org/2000/svg">' + "".join(body) + "</svg>"
    )


def scroller(svg: str, label: str) -> str:
    """A picture in a region that scrolls sideways when it is wider than the
    screen, and that a keyboard user can focus to scroll."""
    return (
        f'<div class="civicdata-scroll" tabindex="0" role="region" aria-label="{html(label)}">'
        f"{svg}</div>"
    )


def legend(items: dict[str, str], shape: str = "dot") -> str:
    """An HTML legend: a swatch and a word per colour (it never clips)."""
    entries = "".join(
        f'<li><span class="civicdata-swatch civicdata-swatch--{shape}" '
        f'style="background:{colour}"></span>{html(name)}</li>'
        for name, colour in items.items()
    )
    return f'<ul class="civicdata-legend">{entries}</ul>'


# --- connections of one record ------------------------------------------------


@dataclass
class Neighbour:
    record_id: str
    fields: list[str]
    outgoing: bool


def neighbours(dataset: Dataset, record_id: str) -> list[Neighbour]:
    """Records this one points to (outgoing) and that point to it, citations aside."""
    out: dict[str, set[str]] = {}
    into: dict[str, set[str]] = {}
    for ref in dataset.links_of(record_id).references:
        if "citations" not in ref.loc and ref.target != record_id:
            out.setdefault(ref.target, set()).add(str(ref.loc[0]).replace("_", " "))
    for referral in dataset.referrers(record_id):
        if "citations" not in referral.loc and referral.source_id != record_id:
            into.setdefault(referral.source_id, set()).add(str(referral.loc[0]).replace("_", " "))
    return [Neighbour(i, sorted(out[i]), True) for i in sorted(out)] + [
        Neighbour(i, sorted(into[i]), False) for i in sorted(into)
    ]


def ego_diagram(dataset: Dataset, record_id: str, href: Href, limit: int = 24) -> str:
    """The record at the top; what it points to, then what points to it, below.

    A tree drawn from the lists on the page: one row per connection, its name
    wrapped to the picture's width, so no label can clip or overlap.
    """
    found = neighbours(dataset, record_id)
    if not found:
        return ""
    width = 360
    indent, dot_x, label_x = 14, 30, 44
    label_width = width - label_x - 6
    body: list[str] = []
    title = wrap(labels.name(dataset, record_id), width - 28, FONT + 1)
    body.append(
        f'<circle cx="{indent}" cy="14" r="7" fill="{KIND_COLOURS[dataset.kind_of(record_id)]}"/>'
    )
    body.append(_text(28, 19, title, size=FONT + 1, font_weight="bold"))
    y = 19 + LINE * (len(title) - 1) + 14
    spine_top = 22
    for outgoing in (True, False):
        group = [n for n in found if n.outgoing is outgoing][:limit]
        if not group:
            continue
        heading = "points to" if outgoing else "referred to by"
        y += LINE
        body.append(_text(label_x - 14, y, [heading], size=SMALL, font_style="italic"))
        y += 8
        for item in group:
            name = wrap(labels.name(dataset, item.record_id), label_width)
            note = wrap(f"{item.record_id and dataset.kind_of(item.record_id)}, "
                        f"{'field' if outgoing else 'in'} {', '.join(item.fields)}",
                        label_width, SMALL)  # fmt: skip
            top = y + LINE - 4
            body.append(
                f'<path d="M{indent} {spine_top} V{top:.0f} H{dot_x - 6}" fill="none" '
                'stroke="currentColor" stroke-opacity="0.45"/>'
            )
            spine_top = top
            colour = KIND_COLOURS[dataset.kind_of(item.record_id)]
            body.append(
                link(
                    href(item.record_id),
                    f'<circle cx="{dot_x}" cy="{top:.0f}" r="6" fill="{colour}"/>'
                    + _text(label_x, y + LINE, name, class_="civicdata-link"),
                )
            )
            y += LINE * len(name)
            body.append(_text(label_x, y + LINE, note, size=SMALL, class_="civicdata-note"))
            y += LINE * len(note) + 8
        hidden = sum(1 for n in found if n.outgoing is outgoing) - len(group)
        if hidden > 0:
            y += LINE
            body.append(_text(label_x, y, [f"and {hidden} more, listed above"], size=SMALL))
    label = f"Records connected to {labels.name(dataset, record_id)}"
    return _svg("civicdata-diagram", width, y + 12, label, body)


# --- the timeline -------------------------------------------------------------


def timeline_chart(entries: list[TimelineEntry], href: Href) -> str:
    """Dated entries on a time axis: position proportional to date, a lane per kind.

    A date given to the day is a dot; a month or a year is drawn as a bar over
    the days it may mean. Marks that would touch are stacked in the lane, so a
    busy day shows as a column of dots. Marks are not links and carry no text:
    the table beside the chart names and links every entry (and each mark has
    a tooltip); the chart shows when things happened, and how many.
    """
    if not entries:
        return ""
    kinds = [k for k in KIND_COLOURS if any(e.kind == k for e in entries)]
    first = min(e.date.first_day for e in entries).year
    last = max(e.date.last_day for e in entries).year
    start = dt.date(first, 1, 1)
    year_width = 96.0
    left = 10 + max(text_width(k) for k in kinds) + 12
    width = left + year_width * (last - first + 1) + 12
    scale = year_width / 365.25
    row = 11  # px per stacked mark
    radius = 4

    def x(day: dt.date) -> float:
        return left + (day - start).days * scale

    body: list[str] = []
    y = 26.0  # year labels above the lanes, and again below them
    for year in range(first, last + 2):
        gx = x(dt.date(year, 1, 1))
        body.append(
            f'<line x1="{gx:.1f}" y1="6" x2="{gx:.1f}" y2="100%" stroke="currentColor" '
            'stroke-opacity="0.15"/>'
        )
        if year <= last:
            body.append(_text(gx + 4, 18, [str(year)], size=SMALL))
    for number, kind in enumerate(kinds):
        ends: list[float] = []  # per stacked row: where its last mark ends
        marks: list[str] = []
        for entry in sorted(
            (e for e in entries if e.kind == kind), key=lambda e: (e.date.first_day, e.record_id)
        ):
            x0, x1 = x(entry.date.first_day), x(entry.date.last_day + dt.timedelta(days=1))
            dot = entry.date.day is not None
            begin, stop = (x0 - radius - 1, x0 + radius + 1) if dot else (x0, max(x1, x0 + 3) + 1)
            level = next((n for n, end in enumerate(ends) if end < begin), len(ends))
            if level == len(ends):
                ends.append(stop)
            else:
                ends[level] = stop
            cy = y + 8 + level * row
            said = f"{labels.when(entry.date)}: {entry.what}: {entry.label}"
            tip = f"<title>{html(said)}</title>"
            colour = KIND_COLOURS[kind]
            if dot:
                marks.append(
                    f'<circle cx="{x0:.1f}" cy="{cy:.1f}" r="{radius}" fill="{colour}">'
                    f"{tip}</circle>"
                )
            else:
                marks.append(
                    f'<rect x="{x0:.1f}" y="{cy - 3:.1f}" width="{max(x1 - x0, 3):.1f}" height="6" '
                    f'rx="2" fill="{colour}" fill-opacity="0.75">{tip}</rect>'
                )
        height = max(len(ends), 1) * row + 8
        if number % 2 == 0:
            body.append(
                f'<rect x="0" y="{y:.1f}" width="{width:.0f}" height="{height:.0f}" '
                'class="civicdata-band"/>'
            )
        body.append(_text(10, y + 8 + 4, [kind]))
        body += marks
        y += height + 4
    y += 6
    for year in range(first, last + 1):
        body.append(_text(x(dt.date(year, 1, 1)) + 4, y + 10, [str(year)], size=SMALL))
    return _svg(
        "civicdata-timeline", width, y + 18, "Timeline of dated records, on a time axis", body
    )


# --- who acted on what ----------------------------------------------------------


def relations(dataset: Dataset) -> Counter[tuple[str, str, str]]:
    """(actor, relation, subject) → how many times: votes, rulings, claims."""
    edges: Counter[tuple[str, str, str]] = Counter()
    for vote in dataset.votes:
        assert isinstance(vote, Vote)
        for position in vote.positions:
            edges[(position.voter, "voted on", vote.id)] += 1
    for ruling in dataset.rulings:
        assert isinstance(ruling, Ruling)
        for judge in ruling.judges:
            edges[(judge, "ruled on", ruling.id)] += 1
        edges[(ruling.court, "ruled on", ruling.id)] += 1
    for claim in dataset.claims:
        assert isinstance(claim, Claim)
        for target in claim.about:
            edges[(claim.speaker, "made claims about", target)] += 1
    return edges


def relationship_chart(dataset: Dataset, href: Href, shown: set[str] | None = None) -> str:
    """Actors on the left, what they acted on on the right, a line per relation
    (of the ``shown`` relations only, if given: a chart a reader can follow)."""
    edges = Counter(
        {edge: n for edge, n in relations(dataset).items() if shown is None or edge[1] in shown}
    )
    if not edges:
        return ""

    def weight(side: int, record_id: str) -> int:
        return sum(n for edge, n in edges.items() if edge[side] == record_id)

    actors = sorted({a for a, _, _ in edges}, key=lambda i: (-weight(0, i), i))
    subjects = sorted({s for _, _, s in edges}, key=lambda i: (-weight(2, i), i))
    column = 210  # px of label per side
    gap = 170
    left_dot = column + 10
    right_dot = left_dot + gap
    width = right_dot + 10 + column

    def place(ids: list[str]) -> tuple[dict[str, float], dict[str, list[str]], float]:
        ys, lines, y = {}, {}, 12.0
        for record_id in ids:
            lines[record_id] = wrap(labels.name(dataset, record_id), column)
            ys[record_id] = y + LINE - 4
            y += LINE * len(lines[record_id]) + 8
        return ys, lines, y

    y_actor, actor_lines, left_height = place(actors)
    y_subject, subject_lines, right_height = place(subjects)
    body: list[str] = []
    for (actor, relation, subject), count in sorted(edges.items()):
        body.append(
            f'<line x1="{left_dot}" y1="{y_actor[actor]:.0f}" x2="{right_dot}" '
            f'y2="{y_subject[subject]:.0f}" stroke="{RELATION_COLOURS[relation]}" '
            f'stroke-opacity="0.55" stroke-width="{min(1 + count, 6)}"/>'
        )
    for ids, ys, lines, dot, anchor, text_x in (
        (actors, y_actor, actor_lines, left_dot, "end", left_dot - 10),
        (subjects, y_subject, subject_lines, right_dot, "start", right_dot + 10),
    ):
        for record_id in ids:
            colour = KIND_COLOURS[dataset.kind_of(record_id)]
            body.append(
                link(
                    href(record_id),
                    f'<circle cx="{dot}" cy="{ys[record_id]:.0f}" r="6" fill="{colour}"/>'
                    + _text(
                        text_x,
                        ys[record_id] + 4,
                        lines[record_id],
                        text_anchor=anchor,
                        class_="civicdata-link",
                    ),
                )
            )
    height = max(left_height, right_height) + 4
    return _svg(
        "civicdata-relationships",
        width,
        height,
        "Who voted on, ruled on and made claims about what",
        body,
    )
