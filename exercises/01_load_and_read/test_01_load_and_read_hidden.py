"""Hidden check (autograder only): every source, not only the two the public check asks."""

import pytest

SOURCES = [
    "appeal-2021-05-17-candidates-debate-ice",
    "article-2018-07-end-ice-access-to-pars",
    "article-2024-05-30-irli-investigation",
]


@pytest.mark.task("every_outlet")
@pytest.mark.calls(*(f"source_outlet(dataset, {source!r})" for source in SOURCES))
def test_every_outlet(judge, dataset):
    for source in SOURCES:
        judge.expect(f"source_outlet(dataset, {source!r})", dataset.get(source).outlet)
