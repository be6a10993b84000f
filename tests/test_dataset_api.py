"""The Dataset API: typed collections, references both ways, dates, caching."""

from __future__ import annotations

import os

import pytest

from civicdata import DatasetError, load
from civicdata.dates import PartialDate
from civicdata.models import Claim, Person


@pytest.fixture(scope="module")
def dataset():
    from tests.conftest import REPO

    return load(REPO)


def test_typed_collections(dataset):
    assert all(isinstance(p, Person) for p in dataset.persons)
    assert all(isinstance(c, Claim) for c in dataset.claims)
    assert len(dataset.persons) == len(dataset.by_kind["person"])
    assert sum(len(dataset.by_kind[k]) for k in dataset.by_kind) == len(dataset)


def test_get_and_names(dataset):
    assert dataset.get("larry-krasner").name == "Larry Krasner"
    assert dataset.kind_of("pars-ice-access-contract") == "policy"
    assert dataset.name_of("pars-ice-access-contract") == "Contract giving ICE access to PARS"
    with pytest.raises(KeyError):
        dataset.get("larry-krasnr")


def test_referrers_name_the_field(dataset):
    referrals = dataset.referrers("pars-contract-renewal-2018")
    assert any(
        r.source_id == "krasner-pledges-no-vote-on-pars" and r.field == "about[1]"
        for r in referrals
    )
    voters = {
        r.source_id
        for r in dataset.referrers("philadelphia-district-attorneys-office")
        if r.kind == "vote"
    }
    assert voters == {"pars-contract-renewal-2018"}


def test_cited_by_excludes_the_source_itself(dataset):
    source = "whyy-2018-da-vows-to-protect-immigrant-victims"
    cited = dataset.cited_by(source)
    assert cited and all(r.id != source for r in cited)


def test_claims_about_and_responses(dataset):
    about = {c.id for c in dataset.claims_about("larry-krasner")}
    assert "wilcox-outrageous" in about
    answers = {c.id for c in dataset.responses_to("vega-krasner-harming-the-city")}
    assert "evans-no-plea-deals-for-homicides" in answers
    assert all("larry-krasner" in c.about for c in dataset.claims_about("larry-krasner"))


# No article says when Krasner's re-election candidacy began, so its start is
# open and only its end (the primary, 2021-05-18) rules a date out.
CANDIDATE = "Candidate for District Attorney (Democratic primary)"


@pytest.mark.parametrize(
    ("on", "expected"),
    [
        ("2017-12-31", {"Member", CANDIDATE}),  # before taking office in January 2018
        ("2018-01-15", {"Member", CANDIDATE, "District Attorney"}),  # inside the start month
        ("2018", {"Member", CANDIDATE, "District Attorney"}),  # a year overlapping the start
        ("2021-05-17", {"Member", "District Attorney", CANDIDATE}),
        ("2021-06", {"Member", "District Attorney"}),  # the primary candidacy ended 2021-05-18
    ],
)
def test_roles_on_respects_partial_dates(dataset, on, expected):
    assert {r.title for r in dataset.roles_on("larry-krasner", on)} == expected


def test_roles_on_needs_a_person(dataset):
    with pytest.raises(TypeError, match="whyy is an organization, not a person"):
        dataset.roles_on("whyy", "2018")


def test_timeline_is_ordered_and_covers_kinds(dataset):
    timeline = dataset.timeline()
    keys = [entry.date.sort_key() for entry in timeline]
    assert keys == sorted(keys)
    kinds = {entry.kind for entry in timeline}
    assert {"event", "policy", "vote", "ruling", "claim", "source", "person"} <= kinds
    assert timeline[0].date.certainly_before(PartialDate.parse("2018-07"))


def test_load_is_shared_until_a_file_changes(sandbox):
    first = load(sandbox.root)
    assert load(sandbox.root) is first
    path = sandbox.data_dir / "person" / "larry-krasner.yaml"
    path.write_text(path.read_text().replace("name: Larry Krasner", "name: Lawrence Krasner"))
    stat = path.stat()
    os.utime(path, ns=(stat.st_atime_ns, stat.st_mtime_ns + 1_000_000_000))
    second = load(sandbox.root)
    assert second is not first
    assert second.get("larry-krasner").name == "Lawrence Krasner"


def test_load_raises_with_located_problems(sandbox):
    path = sandbox.data_dir / "vote" / "pars-contract-renewal-2018.yaml"
    path.write_text(path.read_text().replace("threshold: 2", "threshold: two"))
    with pytest.raises(DatasetError) as caught:
        load(sandbox.root)
    [problem] = caught.value.problems
    assert (problem.path.name, problem.line) == ("pars-contract-renewal-2018.yaml", 6)
