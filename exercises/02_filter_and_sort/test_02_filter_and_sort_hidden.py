"""Hidden checks (autograder only): other speakers, classifications and generated datasets."""

import pytest

from civicdata.grading.counterexample import all_of, cases
from civicdata.grading.generate import HIDDEN_SEEDS


def _claims(data, speaker):
    claims = [c for c in data.claims if c.speaker == speaker]
    dated = sorted((c for c in claims if c.date), key=lambda c: (c.date.sort_key(), c.id))
    return [c.id for c in dated] + sorted(c.id for c in claims if c.date is None)


def _organizations(data, asked):
    return sorted(o.id for o in data.organizations if str(o.classification) == asked.lower())


CLAIMS = cases(
    "claims_by_speaker({data}, {0!r})",
    real=[("the-appeal",), ("jim-kenney",), ("philadelphia-mayors-office",)],
    family="02",
    seeds=HIDDEN_SEEDS,
    generated=lambda plan: [(speaker,) for speaker in plan.asks["speakers"]],
)
ORGANIZATIONS = cases(
    "organizations_of_class({data}, {0!r})",
    real=[("News_Outlet",), ("advocacy_group",), ("Police",)],
    family="02",
    seeds=HIDDEN_SEEDS,
    generated=lambda plan: [(asked,) for asked in plan.asks["classifications"]],
)


@pytest.mark.task("more_filters")
def test_more_filters(judge, dataset):
    all_of(
        lambda: CLAIMS.check(judge, dataset, _claims),
        lambda: ORGANIZATIONS.check(judge, dataset, _organizations),
    )
