"""Synthetic but valid records, for benchmarks: real seeds, real quotes, many files."""

from __future__ import annotations

import shutil
from pathlib import Path

from civicdata.project import Project

REPO = Path(__file__).resolve().parent.parent

# Verbatim spans of the seeds, so that every synthetic citation checks out.
QUOTES = [
    ("ap-2018-07-11-prosecutor-says-no-to-renewal", "The contract expires at the end of August"),
    ("ap-2018-07-11-prosecutor-says-no-to-renewal", "U.S. District Judge Michael Baylson"),
    ("appeal-2021-05-17-candidates-debate-ice", "Larry Krasner, a former public defender"),
    (
        "appeal-2021-05-17-candidates-debate-ice",
        "In a televised debate on May 5 hosted by the city’s NBC affiliate",
    ),
    (
        "article-2018-07-end-ice-access-to-pars",
        "Calls to end ICE access to the Preliminary Arraignment Reporting System",
    ),
    (
        "whyy-2018-da-vows-to-protect-immigrant-victims",
        "Krasner promised not to turn over any unauthorized immigrants",
    ),
]

PERSON = """id: {id}
name: Synthetic Person {n}
public_figure: true
description: A public official used only to measure validation speed
roles:
  - title: Assistant District Attorney
    organization: philadelphia-district-attorneys-office
    start: 2018-{month:02d}
    end: 2021
    citations:
      - source: {source}
        quote: "{quote}"
citations:
  - source: {source}
    quote: "{quote}"
  - source: {source2}
    quote: "{quote2}"
"""

CLAIM = """id: {id}
speaker: larry-krasner
kind: statement
quote: "{quote}"
date: 2018-07-{day:02d}
about: [pars-ice-access-contract]
responds_to: [krasner-pledges-no-vote-on-pars]
summary: A synthetic claim used only to measure validation speed
notes: Dated by hand; a synthetic record says so, as a real one must.
citations:
  - source: {source}
    quote: "{quote}"
link_citations:
  - field: about
    to: pars-ice-access-contract
    source: {source}
    quote: "{quote}"
  - field: responds_to
    to: krasner-pledges-no-vote-on-pars
    source: {source}
    quote: "{quote}"
"""

EVENT = """id: {id}
title: Synthetic event {n}
kind: meeting
date: 2018-{month:02d}-{day:02d}
location: Philadelphia
participants:
  - actor: larry-krasner
    role: speaker
  - actor: city-of-philadelphia
related: [pars-ice-access-contract, pars-contract-renewal-2018]
notes: Dated by hand; a synthetic record says so, as a real one must.
citations:
  - source: {source}
    quote: "{quote}"
"""

TEMPLATES = [("person", PERSON), ("claim", CLAIM), ("event", EVENT)]


def make_project(root: Path, count: int) -> Project:
    """A checkout at ``root`` with the real records plus ``count`` synthetic ones."""
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "civicdata" / "data", root / "civicdata" / "data")
    project = Project(root)
    for n in range(count):
        kind, template = TEMPLATES[n % len(TEMPLATES)]
        source, quote = QUOTES[n % len(QUOTES)]
        source2, quote2 = QUOTES[(n + 1) % len(QUOTES)]
        record_id = f"synthetic-{kind}-{n}"
        text = template.format(
            id=record_id,
            n=n,
            month=n % 12 + 1,
            day=n % 28 + 1,
            source=source,
            quote=quote,
            source2=source2,
            quote2=quote2,
        )
        (project.kind_dir(kind) / f"{record_id}.yaml").write_text(text, encoding="utf-8")
    return project
