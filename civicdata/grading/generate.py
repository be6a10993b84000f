"""Small generated datasets that tell a right answer from a wrong one.

The one real dataset cannot: its records come sorted by id, its one vote
repeats the same position, no status date falls on a day a check asks about,
no source is cited zero times. A check therefore also runs every call on
datasets built here, from ``(family, seed)`` with :class:`random.Random`, so a
grade is reproducible: the judge's child and the grader build the same one.

Each family (an exercise number) is shaped to separate right from wrong: id
order, listed order and date order disagree; dates are equal, or partial and
straddling a boundary (2018, 2018-07, 2018-07-11); statuses and roles start
or end on the days asked about; records are undated; voters change their
minds, listed out of date order; sources go uncited; an answer is reached by
two paths and in a cycle; names repeat; vocabulary comes in other letter
cases.

Two stages: :func:`plan` is plain data (what the records hold, and which
ids and days the calls ask about), cheap enough for a check's module to
compute its calls at import time; :func:`build` turns a plan into a
:class:`~civicdata.dataset.Dataset` through the real models (so every
record is valid, and the dataset passes every cross-record rule except
``checks.PROVENANCE_CHECKS``, which judge fidelity to the articles: a
generated record quotes a real sentence of a seed but is no curation of it,
and family 09 dates claims apart from their events on purpose), leaving out
the records listed in ``drop`` and whatever would point at them.
Shrinking a counterexample is asking again with a larger ``drop``. Both are cached per process.
"""

from __future__ import annotations

import datetime as dt
import random
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cache
from typing import Any

from ..corpus import Corpus
from ..dataset import Dataset, Loaded
from ..dates import PartialDate
from ..models import MODELS
from ..project import Project

SEEDS = tuple(range(20))  # every check's generated datasets: 20 per family
HIDDEN_SEEDS = tuple(range(1000, 1020))  # the hidden checks' own

# One real sentence per seed article, so that generated citations quote their seed.
QUOTES = {
    "004_b67e5df2217f64bd.txt": "District Attorney Larry Krasner said in a written statement",
    "001_abba3823467aaf93.txt": "Yeah, I have to, I have to follow the law,",
    "000_9ef18d3464c072e1.txt": "But fear of deportation could silence that witness.",
    "003_6262f93e461ddc76.txt": "last week during an anti-ICE protest",
    "002_16a33d4f32bdc8d1.txt": "have all imposed nearly identical policies to Krasner",
}
WORDS = tuple(
    [
        "amber",
        "birch",
        "cedar",
        "delta",
        "ember",
        "fjord",
        "grove",
        "heron",
        "iris",
        "juniper",
        "kestrel",
        "lark",
        "maple",
        "nettle",
        "oak",
        "pine",
        "quill",
        "rowan",
        "sage",
        "thyme",
        "umber",
        "vale",
        "willow",
        "yarrow",
        "zinnia",
        "alder",
        "briar",
        "clover",
        "dune",
        "elm",
        "fern",
        "hazel",
        "ivy",
        "jade",
        "kelp",
        "linden",
        "moss",
    ]
)
NAMES = [
    "Zoë Ávila",
    "D'Andre O'Neal",
    "J. R. Smith-Lee",
    "Ana María Núñez",
    "Bảo Trần",
    "Mary-Kate O'Brien",
    "Siobhán Ní Bhriain",
    "Zoë Ávila",  # two people may share a name
    "Amadou Diallo",
    "Łukasz Wójcik",
]
OUTLETS = ["WHYY", "The Philadelphia Inquirer", "Associated Press", "WHYY", "Al Día", "NBC10"]
# Dates that straddle boundaries: a year, a month in it, days on its edges.
DATES = [
    "2018",
    "2018-07",
    "2018-07-11",
    "2018-07-10",
    "2018-07-31",
    "2018-08-01",
    "2018-06",
    "2018-06-30",
    "2018-01-01",
    "2018-12-31",
    "2017-12-31",
    "2019",
]
GOVERNMENT = {"court", "police_department", "prosecutor_office", "city_government"}
CLASSES = [
    "court",
    "police_department",
    "police_union",
    "prosecutor_office",
    "political_party",
    "advocacy_group",
    "city_government",
]
CLAIM_KINDS = ["opinion", "pledge", "allegation", "statistic", "denial"]
POLICY = "pars-ice-access-contract"  # the id exercise 08's query names


@dataclass(frozen=True)
class Item:
    """One record of a plan: its kind and its fields as plain data."""

    kind: str
    data: dict[str, Any]

    @property
    def id(self) -> str:
        return self.data["id"]


@dataclass
class Plan:
    """A generated dataset as plain data, and what the calls ask about."""

    family: str
    seed: int
    items: list[Item] = field(default_factory=list)
    asks: dict[str, Any] = field(default_factory=dict)

    def ids(self, kind: str) -> list[str]:
        return [item.id for item in self.items if item.kind == kind]


class _Maker:
    """Builds plan items with one random stream; ids come from a shuffled word list."""

    def __init__(self, family: str, seed: int) -> None:
        self.rng = random.Random(f"{family}:{seed}")
        self.plan = Plan(family, seed)
        self.words = list(WORDS)
        self.rng.shuffle(self.words)
        self.sources: list[str] = []

    def word(self) -> str:
        return self.words.pop()

    def citations(self, count: int | None = None, sources: list[str] | None = None) -> list[dict]:
        pool = sources or self.sources
        count = count or 1
        return [self.cite(self.rng.choice(pool)) for _ in range(count)]

    def cite(self, source_id: str) -> dict:
        source = next(i for i in self.plan.items if i.id == source_id)
        return {"source": source_id, "quote": QUOTES[source.data["file"]]}

    def add(self, kind: str, /, **data: Any) -> str:
        self.plan.items.append(Item(kind, data))
        return data["id"]

    def source(self, outlet: str | None = None) -> str:
        file = self.rng.choice(sorted(QUOTES))
        source_id = f"source-{self.word()}"
        data = {"id": source_id, "file": file, "outlet": outlet or self.rng.choice(OUTLETS)}
        self.plan.items.append(Item("source", {**data, "citations": []}))
        self.plan.items[-1].data["citations"] = [self.cite(source_id)]
        self.sources.append(source_id)
        return source_id

    def person(self, name: str | None = None, **extra: Any) -> str:
        return self.add(
            "person",
            id=f"person-{self.word()}",
            name=name or self.rng.choice(NAMES),
            public_figure=True,
            citations=self.citations(),
            **extra,
        )

    def organization(self, classification: str | None = None) -> str:
        classification = classification or self.rng.choice(CLASSES)
        extra = (
            {"ocd_id": "ocd-division/country:us/state:pa"} if classification in GOVERNMENT else {}
        )
        word = self.word()
        return self.add(
            "organization",
            id=f"org-{word}",
            name=f"{word.title()} {classification.replace('_', ' ').title()}",
            classification=classification,
            citations=self.citations(),
            **extra,
        )

    def date(self, undated: float = 0.0) -> str | None:
        if undated and self.rng.random() < undated:
            return None
        return self.rng.choice(DATES)

    def claim(self, speaker: str, **extra: Any) -> str:
        source = self.rng.choice(self.sources)
        data = {
            "id": f"claim-{self.word()}",
            "speaker": speaker,
            "kind": extra.pop("kind", None) or self.rng.choice(CLAIM_KINDS),
            "quote": QUOTES[self._file(source)],
            "citations": [self.cite(source)],
            **{key: value for key, value in extra.items() if value not in (None, [])},
        }
        return self.add("claim", **data)

    def event(self, date: str, **extra: Any) -> str:
        word = self.word()
        return self.add(
            "event",
            id=f"event-{word}",
            title=f"The {word} meeting",
            kind="meeting",
            date=date,
            citations=self.citations(),
            **extra,
        )

    def policy(self, statuses: list[dict], policy_id: str | None = None) -> str:
        word = self.word()
        return self.add(
            "policy",
            id=policy_id or f"policy-{word}",
            title=f"The {word} policy",
            kind="program",
            summary="A program the articles describe.",
            statuses=statuses,
            citations=self.citations(),
        )

    def _file(self, source_id: str) -> str:
        return next(i for i in self.plan.items if i.id == source_id).data["file"]

    def shuffled(self) -> Plan:
        """The plan with its records listed in a random order (sources first)."""
        sources = [i for i in self.plan.items if i.kind == "source"]
        rest = [i for i in self.plan.items if i.kind != "source"]
        self.rng.shuffle(rest)
        self.plan.items = sources + rest
        return self.plan


def _day(text: str) -> dt.date:
    return PartialDate.parse(text).first_day


def _at_precision(day: dt.date, rng: random.Random) -> str:
    return rng.choice([day.isoformat(), day.isoformat()[:7], day.isoformat()[:4]])


def _nested(rng: random.Random) -> tuple[str, str]:
    """A partial date and its own first day: equal first days, different intervals."""
    return rng.choice([("2018", "2018-01-01"), ("2018-07", "2018-07-01"), ("2018", "2018-01")])


def _days_around(rng: random.Random, count: int) -> list[dt.date]:
    """Days near month and year boundaries, oldest first, some equal."""
    start = dt.date(2018, rng.choice([6, 7, 12]), rng.choice([1, 10, 30]))
    days, day = [], start
    for _ in range(count):
        days.append(day)
        day += dt.timedelta(days=rng.choice([0, 1, 1, 12, 31, 200]))
    return days


# --- the families ------------------------------------------------------------


def _family_01(m: _Maker) -> None:
    for _ in range(m.rng.randint(1, 3)):
        m.source()
    people = [m.person(name) for name in m.rng.sample(NAMES, m.rng.randint(2, 5))]
    for _ in range(m.rng.randint(0, 2)):
        m.organization()
    for _ in range(m.rng.randint(0, 5)):
        m.claim(m.rng.choice(people), date=m.date(0.3))
    _other_kinds(m, people)
    m.plan.asks = {"people": people, "sources": list(m.sources)}


def _other_kinds(m: _Maker, people: list[str]) -> None:
    """Sometimes an event, a policy, a vote, a ruling: a count that sums some kinds only
    (and forgets the rulings, say) differs from len(dataset) on these."""
    if m.rng.random() < 0.5:
        m.event(m.rng.choice(DATES))
    if m.rng.random() < 0.5:
        m.policy([])
    if m.rng.random() < 0.5:
        m.add(
            "vote",
            id=f"vote-{m.word()}",
            title="A decision",
            rule="A majority of the eligible voters.",
            eligible=people[:2],
            result="unknown",
            citations=m.citations(),
        )
    if m.rng.random() < 0.5:
        m.add(
            "ruling",
            id=f"ruling-{m.word()}",
            title="A case",
            court=m.organization("court"),
            date=m.rng.choice(DATES),
            outcome="pending",
            held="The court has not ruled yet.",
            citations=m.citations(),
        )


def _family_02(m: _Maker) -> None:
    for _ in range(m.rng.randint(1, 2)):
        m.source()
    speakers = [m.person() for _ in range(m.rng.randint(1, 3))]
    # Few distinct dates, so that ties (broken by id) are common.
    dates = m.rng.sample(DATES, m.rng.randint(1, 3)) + list(_nested(m.rng))
    for _ in range(m.rng.randint(3, 12)):
        date = None if m.rng.random() < 0.25 else m.rng.choice(dates)
        m.claim(m.rng.choice(speakers), date=date)
    for _ in range(m.rng.randint(2, 7)):
        m.organization(m.rng.choice(CLASSES))
    cases = [
        m.rng.choice(["court", "Court", "COURT"]),
        m.rng.choice(["police_union", "Police_Union", "POLICE_DEPARTMENT", "Police_Department"]),
        m.rng.choice(["police", "office", "party", "Police", "group"]),
    ]
    m.plan.asks = {"speakers": speakers, "classifications": cases}


def _statuses(m: _Maker) -> list[dict]:
    names = ["proposed", "adopted", "in_effect", "under_review", "ended", "struck_down"]
    days = _days_around(m.rng, m.rng.randint(1, 4))
    return [
        {
            "status": m.rng.choice(names),
            "date": _at_precision(day, m.rng),
            "citations": m.citations(),
        }
        for day in days
    ]


def _family_03(m: _Maker) -> None:
    m.source()
    policies = [m.policy(_statuses(m)) for _ in range(m.rng.randint(1, 2))]
    m.person()
    days: dict[str, list[str]] = {}
    for item in m.plan.items:
        if item.kind != "policy":
            continue
        asked = set()
        for status in item.data["statuses"]:
            date = PartialDate.parse(status["date"])
            asked |= {date.first_day, date.first_day - dt.timedelta(days=1), date.last_day}
        chosen = sorted(m.rng.sample(sorted(asked), min(4, len(asked))))
        days[item.id] = [day.isoformat() for day in chosen] + [
            m.rng.choice(["2018", "2018-07", "2017", "2019-01"])
        ]
    pairs = []
    for _ in range(3):
        day = _days_around(m.rng, 2)
        a, b = _at_precision(day[0], m.rng), _at_precision(day[1], m.rng)
        pairs.append((a, b) if m.rng.random() < 0.5 else (b, a))
    m.plan.asks = {"policies": policies, "days": days, "pairs": pairs}


def _family_04(m: _Maker) -> None:
    for _ in range(m.rng.randint(1, 2)):
        m.source()
    # Distinct names: the answer is keyed by name.
    voters = [m.person(name) for name in m.rng.sample(sorted(set(NAMES)), m.rng.randint(2, 4))]
    dates = m.rng.sample(DATES, 3)
    positions: list[dict[str, Any]] = []
    for _ in range(m.rng.randint(2, 8)):
        date = None if m.rng.random() < 0.25 else m.rng.choice(dates)
        position = {
            "voter": m.rng.choice(voters),
            "position": m.rng.choice(["yes", "no", "undecided", "abstain"]),
            "citations": m.citations(),
        }
        if date:
            position["date"] = date
        positions.append(position)
    # One voter states two positions whose dates share a first day ("2018", "2018-01-01"):
    # the day is the later one by sort_key, not by text or by first day alone.
    voter, stated = m.rng.choice(voters), m.rng.sample(["yes", "no", "undecided", "abstain"], 2)
    for when, said in zip(m.rng.sample(_nested(m.rng), 2), stated, strict=True):
        entry = {"voter": voter, "position": said, "citations": m.citations(), "date": when}
        positions.insert(m.rng.randint(0, len(positions)), entry)
    vote = m.add(
        "vote",
        id=f"vote-{m.word()}",
        title="A decision",
        rule="A majority of the eligible voters.",
        eligible=voters,
        positions=positions,
        result="unknown",
        citations=m.citations(),
    )
    organizations = [m.organization() for _ in range(2)]
    roles = []
    for _ in range(m.rng.randint(1, 3)):
        around = _days_around(m.rng, 2)
        role: dict[str, Any] = {
            "title": m.rng.choice(["Chair", "Member", "Director", "Counsel"]),
            "organization": m.rng.choice(organizations),
            "citations": m.citations(),
        }
        if m.rng.random() < 0.8:
            role["start"] = _at_precision(around[0], m.rng)
        if m.rng.random() < 0.6:
            role["end"] = _at_precision(around[1], m.rng)
        roles.append(role)
    holder = m.person(roles=roles)
    asked = set()
    for role in roles:
        for key in ("start", "end"):
            if key in role:
                span = PartialDate.parse(role[key])
                asked |= {span.first_day, span.last_day, span.last_day + dt.timedelta(days=1)}
                asked |= {span.first_day - dt.timedelta(days=1)}
    days = [d.isoformat() for d in sorted(m.rng.sample(sorted(asked), min(3, len(asked))))]
    days.append(m.rng.choice(["2018", "2018-07", "2019"]))
    m.plan.asks = {
        "votes": [vote],
        "roles": [(holder, organization, day) for day in days for organization in organizations[:1]]
        + [(holder, organizations[1], days[0])],
    }


def _family_05(m: _Maker) -> None:
    m.source()
    dates = m.rng.sample(DATES, m.rng.randint(2, 5))
    for _ in range(m.rng.randint(3, 10)):
        m.event(m.rng.choice(dates))
    periods = []
    for _ in range(2):
        start = m.rng.choice(DATES)
        end = m.rng.choice([d for d in DATES if _day(d) >= _day(start)] or [start])
        periods.append((start, end))
    m.plan.asks = {"periods": periods}


def _family_06(m: _Maker) -> None:
    for _ in range(m.rng.randint(1, 2)):
        m.source()
    speakers = [m.person() for _ in range(m.rng.randint(1, 3))]
    policy = m.policy([])
    subjects = [*speakers, policy]
    claims: list[str] = []
    for _ in range(m.rng.randint(3, 10)):
        about = sorted(set(m.rng.sample(subjects, m.rng.randint(0, 2))))
        answers = sorted(set(m.rng.sample(claims, min(len(claims), m.rng.randint(0, 2)))))
        claims.append(
            m.claim(
                m.rng.choice(speakers),
                about=about,
                responds_to=answers,
                kind=m.rng.choice(CLAIM_KINDS[:3]),
            )
        )
    if len(claims) >= 2 and m.rng.random() < 0.5:  # a cycle: the first claim answers the last
        first = next(i for i in m.plan.items if i.id == claims[0])
        first.data["responds_to"] = [claims[-1]]
    _renewal(m, policy, claims)
    m.plan.asks = {
        "subjects": subjects,
        "claims": m.rng.sample(claims, min(3, len(claims))),
        "speakers": speakers,
    }


def _renewal(m: _Maker, policy: str, claims: list[str]) -> None:
    """A policy whose id holds the asked one's (a substring match on `about` takes one for
    the other), which every other claim is about instead. Made without the random stream,
    so the rest of the dataset stays what it was."""
    renewal = f"{policy}-renewal"
    m.add(
        "policy",
        id=renewal,
        title=f"The renewal of {policy}",
        kind="program",
        summary="A program the articles describe.",
        statuses=[],
        citations=[m.cite(m.sources[0])],
    )
    items = {item.id: item for item in m.plan.items}
    for claim in claims[1::2]:
        data = items[claim].data
        data["about"] = sorted({renewal if a == policy else a for a in data.get("about", [])})
        data["about"] = data["about"] or [renewal]


def _family_07(m: _Maker) -> None:
    sources = [m.source() for _ in range(m.rng.randint(2, 5))]
    cited = sources[: m.rng.randint(1, len(sources) - 1)]
    for item in m.plan.items:  # the rest are cited zero times: they cite the first source
        if item.kind == "source" and item.id not in cited:
            item.data["citations"] = [m.cite(cited[0])]

    def citations() -> list[dict]:
        return m.citations(m.rng.randint(1, 3), cited)

    m.sources = cited
    for _ in range(m.rng.randint(1, 3)):
        roles = [{"title": "Member", "citations": citations()} for _ in range(m.rng.randint(0, 2))]
        m.add(
            "person",
            id=f"person-{m.word()}",
            name=m.rng.choice(NAMES),
            public_figure=True,
            citations=citations(),
            roles=roles,
        )
    for _ in range(m.rng.randint(0, 2)):
        statuses = [
            {"status": "adopted", "date": "2018", "citations": citations()}
            for _ in range(m.rng.randint(0, 2))
        ]
        m.add(
            "policy",
            id=f"policy-{m.word()}",
            title="A policy",
            kind="program",
            summary="A program the articles describe.",
            statuses=statuses,
            citations=citations(),
        )
    if m.rng.random() < 0.7:  # a link cited too: link_citations are citations of a source
        people = [i.id for i in m.plan.items if i.kind == "person"]
        adopters = m.rng.sample(people, m.rng.randint(1, len(people)))
        m.add(
            "policy",
            id=f"policy-{m.word()}",
            title="An adopted policy",
            kind="program",
            summary="A program the articles describe.",
            adopted_by=adopters,
            link_citations=[
                {"field": "adopted_by", "to": adopter, **m.citations(1, cited)[0]}
                for adopter in adopters
            ],
            citations=citations(),
        )
    m.plan.asks = {}
    plan = m.plan
    counts = _citation_counts(plan.items)
    top = max(counts.values())
    leaders = [source for source, count in counts.items() if count == top]
    if len(leaders) > 1:  # one most cited source: the task names no tie rule
        person = next(i for i in plan.items if i.kind == "person")
        person.data["citations"].append(m.cite(m.rng.choice(leaders)))


def _citation_counts(items: Iterable[Item]) -> dict[str, int]:
    counts: dict[str, int] = {i.id: 0 for i in items if i.kind == "source"}

    def walk(value: Any) -> None:
        if isinstance(value, dict):
            if {"source", "quote"} <= set(value):  # a citation, or a link's
                counts[value["source"]] = counts.get(value["source"], 0) + 1
            for inner in value.values():
                walk(inner)
        elif isinstance(value, list):
            for inner in value:
                walk(inner)

    for item in items:
        walk(item.data)
    return counts


def _family_08(m: _Maker) -> None:
    m.source()
    speakers = [m.person(name) for name in m.rng.sample(NAMES[:7], m.rng.randint(2, 4))]
    policy = m.policy([], POLICY)
    kinds = m.rng.sample(CLAIM_KINDS, 3)
    claims = []
    for _ in range(m.rng.randint(3, 10)):
        about = [policy] if m.rng.random() < 0.6 else []
        claims.append(m.claim(m.rng.choice(speakers), about=about, kind=m.rng.choice(kinds)))
    for _ in range(m.rng.randint(2, 6)):
        m.event(m.rng.choice(DATES))
    _renewal(m, policy, claims)  # `LIKE '%pars%'` takes its claims for the policy's


def _family_09(m: _Maker) -> None:
    m.source()
    speaker = m.person()
    events = [m.event(m.rng.choice(DATES)) for _ in range(m.rng.randint(1, 3))]
    for _ in range(m.rng.randint(2, 8)):
        event = m.rng.choice([*events, None])
        m.claim(speaker, event=event, date=m.date(0.2))


FAMILIES = {
    "01": _family_01,
    "02": _family_02,
    "03": _family_03,
    "04": _family_04,
    "05": _family_05,
    "06": _family_06,
    "07": _family_07,
    "08": _family_08,
    "09": _family_09,
}


@cache
def plan(family: str, seed: int) -> Plan:
    """The records of ``(family, seed)`` as plain data, listed in a shuffled order."""
    if family not in FAMILIES:
        raise ValueError(f"no generated datasets for {family!r}")
    maker = _Maker(family, seed)
    FAMILIES[family](maker)
    return maker.shuffled()


# The list of each kind whose entries a shrink may drop one by one: drop code
# (i + 1) * NESTED + j leaves out entry j of that list in item i.
NESTED = 1000
NESTED_LISTS = {"vote": "positions", "policy": "statuses", "person": "roles"}


def nested_codes(items: list[Item], index: int) -> list[int]:
    """The drop codes of the entries of item ``index``'s nested list (none if it has none)."""
    name = NESTED_LISTS.get(items[index].kind)
    entries = items[index].data.get(name, []) if name else []
    return [(index + 1) * NESTED + j for j in range(len(entries))]


def _kept(items: list[Item], drop: Iterable[int]) -> list[Item]:
    """The items left after dropping ``drop`` (indices), and whatever points at them."""
    codes = set(drop)
    gone = {items[i].id for i in codes if 0 <= i < len(items) and items[i].kind != "source"}
    while True:
        kept: list[Item] = []
        for index, item in enumerate(items):
            if item.id in gone:
                continue
            data = _without(item.kind, _entries_kept(item, index, codes), gone)
            if data is None:
                gone.add(item.id)
                break
            kept.append(Item(item.kind, data))
        else:
            return kept


def _entries_kept(item: Item, index: int, codes: set[int]) -> dict[str, Any]:
    name = NESTED_LISTS.get(item.kind)
    if not name or name not in item.data:
        return item.data
    base = (index + 1) * NESTED
    entries = item.data[name]
    kept = [entry for j, entry in enumerate(entries) if base + j not in codes]
    return item.data if len(kept) == len(entries) else {**item.data, name: kept}


def _without(kind: str, data: dict[str, Any], gone: set[str]) -> dict[str, Any] | None:
    """``data`` with references to ``gone`` removed; None when the record cannot stay."""
    if not gone:
        return data
    data = dict(data)
    if kind == "claim":
        if data["speaker"] in gone:
            return None
        if data.get("event") in gone:
            del data["event"]
        for key in ("about", "responds_to"):
            if key in data:
                data[key] = [ref for ref in data[key] if ref not in gone]
    elif kind == "vote":
        data["eligible"] = [v for v in data["eligible"] if v not in gone]
        data["positions"] = [p for p in data.get("positions", []) if p["voter"] not in gone]
        if not data["eligible"]:
            return None
    elif kind == "ruling" and data["court"] in gone:
        return None
    elif kind == "policy" and "adopted_by" in data:
        data["adopted_by"] = [actor for actor in data["adopted_by"] if actor not in gone]
    if "link_citations" in data:
        data["link_citations"] = [c for c in data["link_citations"] if c["to"] not in gone]
    elif kind == "person" and "roles" in data:
        data["roles"] = [
            {k: v for k, v in role.items() if not (k == "organization" and v in gone)}
            for role in data["roles"]
        ]
    return data


_BUILT: dict[tuple[str, str, int, tuple[int, ...]], Dataset] = {}
_CORPORA: dict[str, Corpus] = {}


def build(project: Project, family: str, seed: int, drop: Iterable[int] = ()) -> Dataset:
    """The dataset of ``(family, seed)`` without records ``drop``, through the real models."""
    dropped = tuple(sorted(set(drop)))
    key = (str(project.root), family, seed, dropped)
    found = _BUILT.get(key)
    if found is not None:
        return found
    corpus = _CORPORA.get(str(project.root))
    if corpus is None:
        corpus = _CORPORA[str(project.root)] = Corpus(project.seeds_dir)
    loaded = [
        Loaded(
            item.kind,
            project.data_dir / item.kind / f"{item.id}.yaml",
            MODELS[item.kind].model_validate(item.data),
        )
        for item in _kept(plan(family, seed).items, dropped)
    ]
    found = _BUILT[key] = Dataset(loaded, corpus, project=project)
    return found


def listed(family: str, seed: int, drop: Iterable[int] = ()) -> list[Item]:
    """The records of a generated dataset as data, after ``drop``: for showing them."""
    return _kept(plan(family, seed).items, tuple(drop))
