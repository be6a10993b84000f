import pytest

from civicdata.grading.expect import expect_equal


@pytest.mark.task("count")
def test_count(submission, dataset):
    expected = sum(len(records) for records in dataset.by_kind.values())
    expect_equal("count_records(dataset)", submission.count_records(dataset), expected)


@pytest.mark.task("person_name")
def test_person_name(submission, dataset):
    for person in dataset.persons[:5]:
        expect_equal(
            f"person_name(dataset, {person.id!r})",
            submission.person_name(dataset, person.id),
            person.name,
        )


@pytest.mark.task("source_outlet")
def test_source_outlet(submission, dataset):
    expect_equal(
        "source_outlet(dataset, 'ap-2018-07-11-prosecutor-says-no-to-renewal')",
        submission.source_outlet(dataset, "ap-2018-07-11-prosecutor-says-no-to-renewal"),
        "Associated Press",
    )
    expect_equal(
        "source_outlet(dataset, 'whyy-2018-da-vows-to-protect-immigrant-victims')",
        submission.source_outlet(dataset, "whyy-2018-da-vows-to-protect-immigrant-victims"),
        "WHYY",
    )
