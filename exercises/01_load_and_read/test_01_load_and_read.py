import pytest

from civicdata.grading.expect import Known, expect_calls

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
    "id_instead_of_name": (
        "You returned the id you were given; an id points at a record, and the name is "
        "that record's `name` field: dataset.get(person_id).name"
    ),
    "name_guessed_from_id": (
        "These look like the id with capitals: an id is a label, not data. Names carry "
        "accents, apostrophes and initials the id leaves out; read dataset.get(person_id).name"
    ),
}


def _person(person):
    return f"person_name(dataset, {person!r})"


@pytest.mark.task("count")
@pytest.mark.calls("count_records(dataset)")
def test_count(judge, dataset):
    expected = sum(len(records) for records in dataset.by_kind.values())
    judge.expect(
        "count_records(dataset)",
        expected,
        known=[Known(len(dataset.claims), MISCONCEPTIONS["one_kind_counted"])],
    )


@pytest.mark.task("person_name")
@pytest.mark.calls(*map(_person, PEOPLE))
def test_person_name(judge, dataset):
    expect_calls(
        judge,
        {_person(person): dataset.get(person).name for person in PEOPLE},
        known=[
            Known({_person(p): p for p in PEOPLE}, MISCONCEPTIONS["id_instead_of_name"]),
            Known(
                {_person(p): p.replace("-", " ").title() for p in PEOPLE},
                MISCONCEPTIONS["name_guessed_from_id"],
            ),
        ],
    )


@pytest.mark.task("source_outlet")
@pytest.mark.calls(*(f"source_outlet(dataset, {source!r})" for source in SOURCES))
def test_source_outlet(judge):
    expect_calls(
        judge,
        {f"source_outlet(dataset, {source!r})": outlet for source, outlet in SOURCES.items()},
    )
