"""Hidden checks (autograder only): other roles and 20 hidden generated votes and roles."""

import pytest

from civicdata.grading.counterexample import all_of, cases
from civicdata.grading.generate import HIDDEN_SEEDS


def _latest(data, vote_id):
    vote = data.get(vote_id)
    ordered = sorted(
        enumerate(vote.positions),
        key=lambda pair: (pair[1].date.sort_key() if pair[1].date else (), pair[0]),
    )
    latest = {position.voter: str(position.position) for _, position in ordered}
    return {data.name_of(voter): position for voter, position in latest.items()}


def _titles(data, person, organization, on):
    return [r.title for r in data.roles_on(person, on) if r.organization == organization]


LATEST = cases(
    "latest_positions({data}, {0!r})",
    family="04",
    seeds=HIDDEN_SEEDS,
    generated=lambda p: [(vote,) for vote in p.asks["votes"]],
)
ROLES = cases(
    "role_titles({data}, {0!r}, {1!r}, {2!r})",
    real=[
        ("carlos-vega", "democratic-party", "2022"),
        ("chuck-peruto", "republican-party", "2021-11"),
        ("larry-krasner", "philadelphia-district-attorneys-office", "2024-05-30"),
    ],
    family="04",
    seeds=HIDDEN_SEEDS,
    generated=lambda p: p.asks["roles"],
)


@pytest.mark.task("more_references")
def test_more_references(judge, dataset):
    all_of(
        lambda: LATEST.check(judge, dataset, _latest),
        lambda: ROLES.check(judge, dataset, _titles),
    )
