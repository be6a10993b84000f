import pytest

from civicdata.grading.expect import expect_true

VOTE = "latest_positions(dataset, 'pars-contract-renewal-2018')"
ROLES = {
    "role_titles(dataset, 'larry-krasner', 'philadelphia-district-attorneys-office')": [
        "District Attorney"
    ],
    "role_titles(dataset, 'carlos-vega', 'democratic-party')": ["Member"],
}


@pytest.mark.task("latest_positions")
@pytest.mark.calls(VOTE)
def test_latest_positions(judge, dataset):
    got = judge(VOTE)
    expect_true(
        not (isinstance(got, dict) and False in got.values()),
        f"{VOTE} returned {got!r}: a position is False where 'no' was expected. "
        "A YAML 1.1 reader (PyYAML's safe_load) turns `no` into a boolean; read the "
        "dataset's records, where it stays the text 'no'",
    )
    expect_true(
        not (isinstance(got, dict) and any(name in dataset for name in got)),
        f"{VOTE} returned {got!r}, keyed by ids; turn each voter id into a "
        "name with dataset.name_of(voter_id)",
    )
    judge.expect(
        VOTE,
        {
            "Philadelphia District Attorney's Office": "no",
            "City of Philadelphia": "undecided",
        },
    )


@pytest.mark.task("role_titles")
@pytest.mark.calls(*ROLES)
def test_role_titles(judge):
    for call, expected in ROLES.items():
        judge.expect(call, expected)
