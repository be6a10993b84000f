import pytest

PEOPLE = ["alvin-bragg", "anlin-wang", "bob-casey", "brandon-evans", "larry-krasner"]
SOURCES = {
    "ap-2018-07-11-prosecutor-says-no-to-renewal": "Associated Press",
    "whyy-2018-da-vows-to-protect-immigrant-victims": "WHYY",
}


@pytest.mark.task("count")
@pytest.mark.calls("count_records(dataset)")
def test_count(judge, dataset):
    expected = sum(len(records) for records in dataset.by_kind.values())
    judge.expect("count_records(dataset)", expected)


@pytest.mark.task("person_name")
@pytest.mark.calls(*(f"person_name(dataset, {person!r})" for person in PEOPLE))
def test_person_name(judge, dataset):
    for person in PEOPLE:
        judge.expect(f"person_name(dataset, {person!r})", dataset.get(person).name)


@pytest.mark.task("source_outlet")
@pytest.mark.calls(*(f"source_outlet(dataset, {source!r})" for source in SOURCES))
def test_source_outlet(judge):
    for source, outlet in SOURCES.items():
        judge.expect(f"source_outlet(dataset, {source!r})", outlet)
