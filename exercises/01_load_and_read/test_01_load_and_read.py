import pytest

from civicdata.grading.counterexample import Known, cases
from civicdata.grading.generate import SEEDS

# Names that differ from their ids in more than letter case: accents, apostrophes, initials.
PEOPLE = ["larry-krasner", "george-gascon", "matt-obrien", "william-mcswain", "anlin-wang"]
SOURCES = {
    "ap-2018-07-11-prosecutor-says-no-to-renewal": "Associated Press",
    "whyy-2018-da-vows-to-protect-immigrant-victims": "WHYY",
}

# The misconception each known-wrong answer in wrong/ shows (keyed by its file name).
MISCONCEPTIONS = {
    "one_kind_counted": (
        "That is the number of claims only: the dataset holds records of several kinds "
        "(people, organizations, events, ...), and len(dataset) counts them all"
    ),
    "rulings_left_out": (
        "That is every record but the rulings: adding up the typed lists (dataset.persons, "
        "dataset.claims, ...) misses a kind you did not list. len(dataset) counts them all"
    ),
    "id_instead_of_name": (
        "You returned the id you were given; an id points at a record, and the name is "
        "that record's `name` field: dataset.get(person_id).name"
    ),
    "name_guessed_from_id": (
        "These look like the id with capitals: an id is a label, not data. Names carry "
        "accents, apostrophes and initials the id leaves out; read dataset.get(person_id).name"
    ),
}


COUNT = cases(
    "count_records({data})", real=[()], family="01", seeds=SEEDS, generated=lambda p: [()]
)


@pytest.mark.task("count")
def test_count(judge, dataset):
    COUNT.check(
        judge,
        dataset,
        lambda d: sum(len(records) for records in d.by_kind.values()),
        known=[
            Known(MISCONCEPTIONS["one_kind_counted"], lambda d: len(d.claims)),
            Known(MISCONCEPTIONS["rulings_left_out"], lambda d: len(d) - len(d.rulings)),
        ],
    )


PERSON = cases(
    "person_name({data}, {0!r})",
    real=[(p,) for p in PEOPLE],
    family="01",
    seeds=SEEDS,
    generated=lambda p: [(person,) for person in p.asks["people"]],
)


@pytest.mark.task("person_name")
def test_person_name(judge, dataset):
    PERSON.check(
        judge,
        dataset,
        lambda d, p: d.get(p).name,
        known=[
            Known(MISCONCEPTIONS["id_instead_of_name"], lambda d, p: p),
            Known(MISCONCEPTIONS["name_guessed_from_id"], lambda d, p: p.replace("-", " ").title()),
        ],
    )


OUTLET = cases(
    "source_outlet({data}, {0!r})",
    real=[(s,) for s in SOURCES],
    family="01",
    seeds=SEEDS,
    generated=lambda p: [(source,) for source in p.asks["sources"]],
)


@pytest.mark.task("source_outlet")
def test_source_outlet(judge, dataset):
    OUTLET.check(judge, dataset, lambda d, s: d.get(s).outlet, citations=True)
