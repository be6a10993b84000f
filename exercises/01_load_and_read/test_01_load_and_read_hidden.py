"""Hidden check (autograder only): every source, not only the two the public check asks."""

import pytest

from civicdata.grading.counterexample import all_of, cases
from civicdata.grading.generate import HIDDEN_SEEDS

SOURCES = [
    "appeal-2021-05-17-candidates-debate-ice",
    "article-2018-07-end-ice-access-to-pars",
    "article-2024-05-30-irli-investigation",
]


OUTLET = cases(
    "source_outlet({data}, {0!r})",
    real=[(s,) for s in SOURCES],
    family="01",
    seeds=HIDDEN_SEEDS,
    generated=lambda p: [(source,) for source in p.asks["sources"]],
)
PERSON = cases(
    "person_name({data}, {0!r})",
    real=[("carlos-vega",), ("jim-kenney",)],
    family="01",
    seeds=HIDDEN_SEEDS,
    generated=lambda p: [(person,) for person in p.asks["people"]],
)
COUNT = cases("count_records({data})", family="01", seeds=HIDDEN_SEEDS, generated=lambda p: [()])


@pytest.mark.task("every_outlet")
def test_every_outlet(judge, dataset):
    all_of(
        lambda: OUTLET.check(judge, dataset, lambda d, s: d.get(s).outlet),
        lambda: PERSON.check(judge, dataset, lambda d, p: d.get(p).name),
        lambda: COUNT.check(judge, dataset, lambda d: sum(len(r) for r in d.by_kind.values())),
    )
