import pytest

from civicdata.grading.expect import expect_equal, expect_true


@pytest.mark.task("latest_positions")
def test_latest_positions(submission, dataset):
    got = submission.latest_positions(dataset, "pars-contract-renewal-2018")
    expect_true(
        False not in got.values(),
        f"latest_positions returned {got!r}: a position is False where 'no' was expected. "
        "A YAML 1.1 reader (PyYAML's safe_load) turns `no` into a boolean; read the "
        "dataset's records, where it stays the text 'no'",
    )
    expect_true(
        not any(name in dataset for name in got),
        f"latest_positions returned {got!r}, keyed by ids; turn each voter id into a "
        "name with dataset.name_of(voter_id)",
    )
    expect_equal(
        "latest_positions(dataset, 'pars-contract-renewal-2018')",
        got,
        {
            "Philadelphia District Attorney's Office": "no",
            "City of Philadelphia": "undecided",
        },
    )


@pytest.mark.task("role_titles")
def test_role_titles(submission, dataset):
    expect_equal(
        "role_titles(dataset, 'larry-krasner', 'philadelphia-district-attorneys-office')",
        submission.role_titles(dataset, "larry-krasner", "philadelphia-district-attorneys-office"),
        ["District Attorney"],
    )
    expect_equal(
        "role_titles(dataset, 'carlos-vega', 'democratic-party')",
        submission.role_titles(dataset, "carlos-vega", "democratic-party"),
        ["Member"],
    )
