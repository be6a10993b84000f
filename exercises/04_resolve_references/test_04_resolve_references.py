import datetime as dt

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.counterexample import Known, cases
from civicdata.grading.generate import SEEDS

KRASNER_AT_THE_DA = ("larry-krasner", "philadelphia-district-attorneys-office")
ROLES = [
    (*KRASNER_AT_THE_DA, "2018-07-11"),
    (*KRASNER_AT_THE_DA, "2017"),  # before he took office in January 2018
    (*KRASNER_AT_THE_DA, "2018"),  # the year he took office: he may have held it
    ("carlos-vega", "democratic-party", "2021-05-05"),
]
YAML_1_1_BOOLEANS = {"no": False, "yes": True, "on": True, "off": False}

MISCONCEPTIONS = {
    "no_read_as_false": (
        "A position is False where the text 'no' was expected: a YAML 1.1 reader (PyYAML's "
        "safe_load) turns `no` into a boolean. Read the dataset's records, where it stays 'no'"
    ),
    "unresolved_ids": (
        "The keys are voter ids: turn each id into the voter's name with dataset.name_of(voter_id)"
    ),
    "first_position_kept": (
        "Each voter's FIRST position came back: a voter may change their mind, and the "
        "latest by date counts. Keep the last position per voter after sorting oldest first"
    ),
    "listed_order_kept": (
        "The position listed last won, whatever its date: positions are not listed in date "
        "order. Sort them by date (undated ones first), then keep the last per voter"
    ),
    "undated_taken_as_latest": (
        "An undated position won over dated ones: an undated position counts as older than "
        "every dated one (the docstring), so sort undated positions first"
    ),
    "position_dates_as_text": (
        "Positions were ordered by their dates as text: '2018' sorts before '2018-01-01', "
        "yet the year 2018 ends on December 31, after that day. Sort by "
        "position.date.sort_key() (first day, then last day)"
    ),
    "position_first_day_only": (
        "Positions were ordered by their first day only: '2018' and '2018-01-01' start on "
        "the same day, but the year ends later, so it is the later date. Sort by "
        "position.date.sort_key() (first day, then last day)"
    ),
    "same_date_first_kept": (
        "Of two positions with the same date, the one listed first won: replacing only on a "
        "strictly later date keeps the first. The docstring says the one listed later "
        "counts: replace on a date that is later or the same (>=)"
    ),
    "last_day_of_role_left_out": (
        "A role was left out on its last day: a role ending on a day still holds that day. "
        "Leave a role out only when its end is certainly before the date"
    ),
    "role_dates_ignored": (
        "Every role at the organization came back, whatever the date: a role holds only "
        "between its start and end, so Krasner was not District Attorney in 2017. Use "
        "dataset.roles_on(person_id, on), then keep the roles at the organization"
    ),
}


def _sort_key(date):
    return date.sort_key()


def _ordered(vote, undated=(), order=True, key=_sort_key, ties=1):
    """Positions oldest first (undated ones before every dated one), listed order in ties
    (reversed with ``ties=-1``)."""
    pairs = list(enumerate(vote.positions))
    if not order:
        return [position for _, position in pairs]
    return [
        position
        for _, position in sorted(
            pairs,
            key=lambda pair: (key(pair[1].date) if pair[1].date else undated, ties * pair[0]),
        )
    ]


def latest(
    data,
    vote_id,
    undated=(),
    order=True,
    first=False,
    names=True,
    value=str,
    key=_sort_key,
    ties=1,
):
    found = {}
    for position in _ordered(data.get(vote_id), undated, order, key, ties):
        if first and position.voter in found:
            continue
        found[position.voter] = value(position.position)
    return {data.name_of(v) if names else v: p for v, p in found.items()}


LATEST = cases(
    "latest_positions({data}, {0!r})",
    real=[("pars-contract-renewal-2018",)],
    family="04",
    seeds=SEEDS,
    generated=lambda p: [(vote,) for vote in p.asks["votes"]],
)
FAR_FUTURE = (dt.date.max, dt.date.max)
LATEST_KNOWN = [
    Known(
        MISCONCEPTIONS["no_read_as_false"],
        lambda d, v: latest(d, v, value=lambda p: YAML_1_1_BOOLEANS.get(str(p), str(p))),
    ),
    Known(MISCONCEPTIONS["unresolved_ids"], lambda d, v: latest(d, v, names=False)),
    Known(MISCONCEPTIONS["first_position_kept"], lambda d, v: latest(d, v, first=True)),
    Known(MISCONCEPTIONS["listed_order_kept"], lambda d, v: latest(d, v, order=False)),
    Known(MISCONCEPTIONS["undated_taken_as_latest"], lambda d, v: latest(d, v, FAR_FUTURE)),
    Known(MISCONCEPTIONS["same_date_first_kept"], lambda d, v: latest(d, v, ties=-1)),
    Known(
        MISCONCEPTIONS["position_dates_as_text"],
        lambda d, v: latest(d, v, key=lambda date: (str(date),)),
    ),
    Known(
        MISCONCEPTIONS["position_first_day_only"],
        lambda d, v: latest(d, v, key=lambda date: (date.first_day,)),
    ),
]


@pytest.mark.task("latest_positions")
def test_latest_positions(judge, dataset):
    LATEST.check(judge, dataset, latest, known=LATEST_KNOWN)


def titles(data, person, organization, on, held=None):
    held = held or data.roles_on
    return [r.title for r in held(person, on) if r.organization == organization]


def _ends_before(data):
    def held(person, on):
        when = PartialDate.parse(on)
        return [
            r
            for r in data.get(person).roles
            if not (r.start and when.certainly_before(r.start))
            and not (r.end and r.end.last_day <= when.first_day)
        ]

    return held


ROLES_CASES = cases(
    "role_titles({data}, {0!r}, {1!r}, {2!r})",
    real=ROLES,
    family="04",
    seeds=SEEDS,
    generated=lambda p: p.asks["roles"],
)
ROLE_KNOWN = [
    Known(
        MISCONCEPTIONS["role_dates_ignored"],
        lambda d, *a: titles(d, *a, held=lambda person, on: d.get(person).roles),
    ),
    Known(
        MISCONCEPTIONS["last_day_of_role_left_out"],
        lambda d, *a: titles(d, *a, held=_ends_before(d)),
    ),
]


@pytest.mark.task("role_titles")
def test_role_titles(judge, dataset):
    ROLES_CASES.check(judge, dataset, titles, known=ROLE_KNOWN)
