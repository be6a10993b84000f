"""Generated datasets: valid, small, reproducible, and shaped to separate right from wrong."""

from __future__ import annotations

import itertools
import random

import pytest

from civicdata.checks import PROVENANCE_CHECKS, run_checks
from civicdata.grading.generate import FAMILIES, HIDDEN_SEEDS, SEEDS, build, listed, plan
from civicdata.project import Project
from tests.conftest import REPO

PROJECT = Project(REPO)
EVERY = list(itertools.product(FAMILIES, SEEDS + HIDDEN_SEEDS))


@pytest.mark.parametrize("family", FAMILIES)
def test_every_generated_dataset_is_valid_and_small(family):
    for seed in SEEDS + HIDDEN_SEEDS:
        data = build(PROJECT, family, seed)
        assert 3 <= len(data) <= 30, (family, seed, len(data))
        assert run_checks(data, skip=PROVENANCE_CHECKS) == [], (family, seed)


@pytest.mark.parametrize("family", FAMILIES)
def test_dropping_records_keeps_a_dataset_valid(family):
    rng = random.Random(family)
    for seed in SEEDS[:5]:
        count = len(plan(family, seed).items)
        drop = tuple(rng.sample(range(count), count // 2))
        data = build(PROJECT, family, seed, drop)
        assert run_checks(data, skip=PROVENANCE_CHECKS) == [], (family, seed, drop)
        assert len(data) == len(listed(family, seed, drop)) <= count


def test_a_plan_is_the_same_for_the_same_family_and_seed():
    first = [(item.kind, item.data) for item in plan("02", 3).items]
    plan.cache_clear()
    assert [(item.kind, item.data) for item in plan("02", 3).items] == first
    assert first != [(item.kind, item.data) for item in plan("02", 4).items]


def _some(family, found):
    return any(found(build(PROJECT, family, seed), plan(family, seed)) for seed in SEEDS)


def test_listed_id_and_date_orders_disagree_and_dates_tie():
    def disagree(data, _):
        dated = [c for c in data.claims if c.date]
        ids = [c.id for c in dated]
        by_date = [c.id for c in sorted(dated, key=lambda c: c.date.sort_key())]
        return ids != sorted(ids) and by_date != sorted(ids)

    def tie(data, _):
        dates = [c.date for c in data.claims if c.date]
        return len(dates) != len(set(dates))

    assert _some("02", disagree)
    assert _some("02", tie)
    assert _some("02", lambda data, _: any(c.date is None for c in data.claims))


def test_statuses_and_roles_are_asked_about_on_their_edge_days():
    def on_first_day(data, asked):
        for policy in asked.asks["policies"]:
            firsts = {s.date.first_day.isoformat() for s in data.get(policy).statuses}
            if firsts & set(asked.asks["days"][policy]):
                return True
        return False

    def on_last_day(data, asked):
        person = asked.asks["roles"][0][0]
        lasts = {r.end.last_day.isoformat() for r in data.get(person).roles if r.end}
        return bool(lasts & {day for _, _, day in asked.asks["roles"]})

    assert _some("03", on_first_day)
    assert _some("04", on_last_day)


def test_voters_change_their_minds_out_of_date_order_and_undated():
    def changes(data, _):
        vote = data.votes[0]
        by_voter = {}
        for position in vote.positions:
            by_voter.setdefault(position.voter, set()).add(str(position.position))
        return any(len(found) > 1 for found in by_voter.values())

    assert _some("04", changes)
    assert _some("04", lambda data, _: any(p.date is None for p in data.votes[0].positions))


def test_sources_go_uncited_and_answers_come_by_two_paths_and_in_a_cycle():
    def uncited(data, _):
        cited = {c.source for record in data for c in record.citations}
        return any(source.id not in cited for source in data.sources)

    def two_paths(data, _):
        return any(len(c.responds_to) > 1 for c in data.claims)

    def cycle(data, _):
        answers = {c.id: set(c.responds_to) for c in data.claims}
        return any(b in answers and a in answers[b] for a, found in answers.items() for b in found)

    assert _some("07", uncited)
    assert _some("06", two_paths)
    assert _some("06", cycle)


def test_classifications_are_asked_in_other_letter_cases_and_as_parts():
    asked = {a for seed in SEEDS for a in plan("02", seed).asks["classifications"]}
    assert any(a != a.lower() for a in asked)
    assert "police" in {a.lower() for a in asked}
