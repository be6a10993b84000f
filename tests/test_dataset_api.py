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
    answers = {c.id for c in dataset.responses_to("vega-links-krasner-approach-to-violence")}
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


def _citing_by_walk(dataset, source_id):
    """Independently: records with a citation of the source anywhere in them."""
    from civicdata.walk import links

    return sorted(
        record.id
        for record in dataset
        if record.id != source_id and any(c.source == source_id for _, c in links(record).citations)
    )


def test_cited_by_means_records_whose_citations_cite_the_source(dataset):
    from civicdata.export.sqlite import connect
    from civicdata.stats import records_citing_each_source

    counts = records_citing_each_source(dataset)
    view = dict(connect(dataset).execute("SELECT source_id, records FROM records_per_source"))
    for source in dataset.sources:
        cited = [r.id for r in dataset.cited_by(source.id)]
        assert cited == _citing_by_walk(dataset, source.id)
        assert counts[source.id] == len(cited) == view[source.id]


def test_a_mention_is_not_a_citation(sandbox):
    """An event naming a source in `related` refers to it; it does not cite it."""
    event = sandbox.data_dir / "event" / "anti-ice-protest-2018-07.yaml"
    source = "ap-2018-07-11-prosecutor-says-no-to-renewal"
    text = event.read_text()
    event.write_text(text.replace("citations:", f"related: [{source}]\ncitations:", 1))
    dataset = load(sandbox.root)
    referrers = {r.source_id for r in dataset.referrers(source)}
    assert "anti-ice-protest-2018-07" in referrers
    assert "anti-ice-protest-2018-07" not in {r.id for r in dataset.cited_by(source)}
    assert [r.id for r in dataset.cited_by(source)] == _citing_by_walk(dataset, source)


def test_one_index_the_checks_ran_on_is_the_dataset(sandbox, monkeypatch):
    """Validation builds one Dataset; the checks run on an Index over it (the same records,
    links and corpus, not a second walk) and load() returns the Dataset, without the state
    only validation needs."""
    from civicdata import checks
    from civicdata import dataset as dataset_module
    from civicdata import validate as validate_module

    seen = []
    real_run = validate_module.run_checks
    monkeypatch.setattr(
        validate_module, "run_checks", lambda index: seen.append(index) or real_run(index)
    )
    loaded = load(sandbox.root)
    [index] = seen
    assert type(loaded) is dataset_module.Dataset and isinstance(index, checks.Index)
    assert index.loaded is loaded.loaded and index.by_id is loaded.by_id
    assert index.corpus is loaded.corpus and index.links_of("larry-krasner") is (
        loaded.links_of("larry-krasner")
    )
    for name in ("sharing", "invalid", "known_kind", "close_ids"):
        assert hasattr(index, name) and not hasattr(loaded, name), name
    assert issubclass(checks.Index, dataset_module.Dataset)
    assert checks.Loaded is dataset_module.Loaded


def test_dataset_and_index_take_one_signature(sandbox):
    """``Dataset(loaded, corpus)`` and ``Index(loaded, corpus)``: the same arguments."""
    import inspect

    from civicdata.checks import Index
    from civicdata.corpus import Corpus
    from civicdata.dataset import Dataset

    dataset = load(sandbox.root)
    corpus = Corpus(sandbox.seeds_dir)
    for cls in (Dataset, Index):
        built = cls(dataset.loaded, corpus)
        assert built.project.root == sandbox.root and len(built) == len(dataset)
        by_project = cls(dataset.loaded, project=sandbox)
        assert by_project.corpus.seeds_dir == sandbox.seeds_dir
        with pytest.raises(TypeError):
            cls(dataset.loaded, corpus, sandbox)  # the project is a keyword argument
    shared = ["loaded", "corpus", "project"]
    assert list(inspect.signature(Dataset).parameters) == shared
    assert list(inspect.signature(Index).parameters) == [*shared, "invalid"]


def test_links_are_walked_once_per_record(sandbox, monkeypatch):
    """Loading walks every record once; stats, the exports and the site reuse the walk."""
    from civicdata import dataset as dataset_module
    from civicdata.export.popolo import as_popolo
    from civicdata.export.sqlite import connect
    from civicdata.site import generate_pages
    from civicdata.stats import render

    calls = []
    real_links = dataset_module.links
    monkeypatch.setattr(
        dataset_module, "links", lambda record: calls.append(record.id) or real_links(record)
    )
    loaded = load(sandbox.root)
    assert sorted(calls) == sorted(record.id for record in loaded)
    render(loaded)
    connect(loaded)
    as_popolo(loaded)
    generate_pages(loaded)
    assert len(calls) == len(loaded)


@pytest.fixture
def with_barletta(sandbox):
    """The sandbox with exercise 12's Lou Barletta, "former mayor" in July 2018."""
    import shutil

    from tests.conftest import REPO

    person = REPO / "exercises/12_extend_the_dataset/solution/records/person/lou-barletta.yaml"
    shutil.copy(person, sandbox.data_dir / "person" / "lou-barletta.yaml")
    return load(sandbox.root)


MAYOR = "Mayor of Hazleton"


@pytest.mark.parametrize(
    ("on", "held"),
    [
        ("2005", True),  # no start: nothing rules an early day out
        ("2018-07-01", True),  # the article may be of any day in July: he may still have held it
        ("2018-07", True),
        ("2018", True),  # a year that overlaps the bound
        ("2018-08-01", False),  # certainly after the article that calls him former
        ("2024", False),
    ],
)
def test_roles_on_a_role_that_ended_by_a_date(with_barletta, on, held):
    titles = {r.title for r in with_barletta.roles_on("lou-barletta", on)}
    assert (MAYOR in titles) is held
    assert "U.S. Representative" in titles  # no end at all: never ruled out


def test_timeline_says_a_role_had_ended_without_dating_the_end(with_barletta):
    entries = [e for e in with_barletta.timeline() if e.record_id == "lou-barletta"]
    assert [(str(e.date), e.what) for e in entries] == [
        ("2018-07", f"no longer {MAYOR} (when it ended is not given)")
    ]
