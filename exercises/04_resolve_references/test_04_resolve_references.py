import pytest

from civicdata.grading.expect import Known, expect_calls

VOTE = "latest_positions(dataset, 'pars-contract-renewal-2018')"
KRASNER_AT_THE_DA = "'larry-krasner', 'philadelphia-district-attorneys-office'"
ROLES = [
    (KRASNER_AT_THE_DA, "2018-07-11"),
    (KRASNER_AT_THE_DA, "2017"),  # before he took office in January 2018
    (KRASNER_AT_THE_DA, "2018"),  # the year he took office: he may have held it
    ("'carlos-vega', 'democratic-party'", "2021-05-05"),
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
    "role_dates_ignored": (
        "Every role at the organization came back, whatever the date: a role holds only "
        "between its start and end, so Krasner was not District Attorney in 2017. Use "
        "dataset.roles_on(person_id, on), then keep the roles at the organization"
    ),
}


def _role(person_and_organization, on):
    return f"role_titles(dataset, {person_and_organization}, {on!r})"


@pytest.mark.task("latest_positions")
@pytest.mark.calls(VOTE)
def test_latest_positions(judge, dataset):
    vote = dataset.get("pars-contract-renewal-2018")
    ordered = sorted(
        enumerate(vote.positions),
        key=lambda pair: (pair[1].date.sort_key() if pair[1].date else (), pair[0]),
    )
    latest = {position.voter: str(position.position) for _, position in ordered}
    judge.expect(
        VOTE,
        {dataset.name_of(voter): position for voter, position in latest.items()},
        known=[
            Known(
                {dataset.name_of(v): YAML_1_1_BOOLEANS.get(p, p) for v, p in latest.items()},
                MISCONCEPTIONS["no_read_as_false"],
            ),
            Known(latest, MISCONCEPTIONS["unresolved_ids"]),
        ],
    )


@pytest.mark.task("role_titles")
@pytest.mark.calls(*(_role(*call) for call in ROLES))
def test_role_titles(judge, dataset):
    def answers(held):
        found = {}
        for person_and_organization, on in ROLES:
            person, organization = (part.strip(" '") for part in person_and_organization.split(","))
            roles = [r.title for r in held(person, on) if r.organization == organization]
            found[_role(person_and_organization, on)] = roles
        return found

    expect_calls(
        judge,
        answers(dataset.roles_on),
        known=[
            Known(
                answers(lambda person, on: dataset.get(person).roles),
                MISCONCEPTIONS["role_dates_ignored"],
            )
        ],
    )
