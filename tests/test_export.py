"""Exports: every record and link lands, keys hold, and SQL answers like Python."""

from __future__ import annotations

import csv
import hashlib
import json
import sqlite3
from collections import Counter
from pathlib import Path

import pytest

from civicdata import load
from civicdata.dates import PartialDate
from civicdata.export.json_dump import SCHEMA_VERSION
from civicdata.models import MODELS
from civicdata.walk import links
from tests.conftest import REPO as REPO_ROOT


@pytest.fixture(scope="module")
def dataset():
    from tests.conftest import REPO

    return load(REPO)


@pytest.fixture(scope="module")
def db(dataset, tmp_path_factory):
    from civicdata.export import export_sqlite

    path = tmp_path_factory.mktemp("export") / "civicdata.db"
    export_sqlite(dataset, path)
    connection = sqlite3.connect(path)
    yield connection
    connection.close()


def _count(db, sql, *args):
    return db.execute(sql, args).fetchone()[0]


def test_every_record_lands_in_its_table(dataset, db):
    assert _count(db, "SELECT COUNT(*) FROM record") == len(dataset)
    for kind in MODELS:
        assert _count(db, f"SELECT COUNT(*) FROM {kind}") == len(dataset.by_kind[kind]), kind
        assert _count(db, "SELECT COUNT(*) FROM record WHERE kind = ?", kind) == len(
            dataset.by_kind[kind]
        )


def test_every_link_lands(dataset, db):
    expected = {
        "role": sum(len(p.roles) for p in dataset.persons),
        "vote_position": sum(len(v.positions) for v in dataset.votes),
        "event_participant": sum(len(e.participants) for e in dataset.events),
        "claim_about": sum(len(set(c.about)) for c in dataset.claims),
        "claim_response": sum(len(set(c.responds_to)) for c in dataset.claims),
        "policy_status": sum(len(p.statuses) for p in dataset.policies),
        "citation": sum(len(links(r).citations) for r in dataset),
        "link_citation": sum(len(r.link_citations) for r in (*dataset.claims, *dataset.policies)),
    }
    for table, count in expected.items():
        assert _count(db, f"SELECT COUNT(*) FROM {table}") == count, table


def test_foreign_keys_hold_and_are_declared(db):
    assert db.execute("PRAGMA foreign_key_check").fetchall() == []
    declared = db.execute("PRAGMA foreign_key_list(claim)").fetchall()
    assert {(row[2], row[3]) for row in declared} == {
        ("record", "id"),
        ("record", "speaker_id"),
        ("event", "event_id"),
    }


def test_no_stays_text_in_sql(db):
    assert _count(db, "SELECT COUNT(*) FROM vote_position WHERE position = 'no'") == 1


def test_views_answer_common_questions(db):
    views = {row[0] for row in db.execute("SELECT name FROM sqlite_schema WHERE type = 'view'")}
    assert views == {"positions_per_vote", "claims_per_speaker", "records_per_source"}
    assert db.execute(
        "SELECT voter, position FROM positions_per_vote WHERE date = '2018-07-11' AND voter_id LIKE 'philadelphia-district%'"
    ).fetchall() == [("Philadelphia District Attorney's Office", "no")]


# --- the same question, in Python and in SQL ------------------------------------


def test_claims_by_krasner_in_date_order(dataset, db):
    python = [
        c.id
        for c in sorted(
            (c for c in dataset.claims if c.speaker == "larry-krasner" and c.date),
            key=lambda c: (c.date.sort_key(), c.id),
        )
    ]
    sql = [
        row[0]
        for row in db.execute(
            "SELECT id FROM claim WHERE speaker_id = 'larry-krasner' AND date IS NOT NULL "
            "ORDER BY date_first, date_last, id"
        )
    ]
    assert python == sql and len(sql) >= 10


def test_roles_held_on_a_date(dataset, db):
    on = PartialDate.parse("2021-05-17")
    python = sorted(r.title for r in dataset.roles_on("larry-krasner", on))
    sql = sorted(
        row[0]
        for row in db.execute(
            "SELECT title FROM role WHERE person_id = 'larry-krasner' "
            "AND (start_first IS NULL OR start_first <= :last) "
            "AND (end_last IS NULL OR end_last >= :first)",
            {"first": on.first_day.isoformat(), "last": on.last_day.isoformat()},
        )
    )
    assert python == sql
    assert "District Attorney" in sql


def test_records_citing_the_ap_article(dataset, db):
    source = "ap-2018-07-11-prosecutor-says-no-to-renewal"
    python = {r.id for r in dataset.cited_by(source)}
    sql = {
        row[0]
        for row in db.execute(
            "SELECT DISTINCT record_id FROM citation WHERE source_id = ? AND record_id <> ?",
            (source, source),
        )
    }
    assert python == sql
    assert _count(db, "SELECT records FROM records_per_source WHERE source_id = ?", source) == len(
        python
    )


def test_answers_to_a_claim(dataset, db):
    claim = "vega-links-krasner-approach-to-violence"
    python = sorted(c.id for c in dataset.responses_to(claim))
    sql = [
        r[0]
        for r in db.execute(
            "SELECT claim_id FROM claim_response WHERE responds_to_id = ? ORDER BY claim_id",
            (claim,),
        )
    ]
    assert python == sql and len(sql) >= 2  # Evans twice; the text states no other answer


def test_events_in_july_2018(dataset, db):
    july = PartialDate.parse("2018-07")
    python = sorted(e.id for e in dataset.events if july.contains(e.date))
    sql = [
        r[0]
        for r in db.execute(
            "SELECT id FROM event WHERE date_first >= '2018-07-01' AND date_last <= '2018-07-31' ORDER BY id"
        )
    ]
    assert python == sql and len(sql) >= 5


def test_claims_per_speaker_matches_python(dataset, db):
    python = sum(1 for c in dataset.claims if c.speaker == "carlos-vega")
    sql = _count(db, "SELECT SUM(claims) FROM claims_per_speaker WHERE speaker_id = 'carlos-vega'")
    assert python == sql


# --- JSON, CSV, Popolo ----------------------------------------------------------


def test_json_round_trips_through_the_models(dataset, tmp_path):
    from civicdata.export import export_json

    export_json(dataset, tmp_path / "data.json")
    document = json.loads((tmp_path / "data.json").read_text())
    assert document["schema_version"] == SCHEMA_VERSION
    for kind, model in MODELS.items():
        records = [model.model_validate(item) for item in document["records"][kind]]
        assert {r.id: r for r in records} == {r.id: r for r in dataset.by_kind[kind]}


def test_csv_package_describes_its_files(dataset, db, tmp_path):
    from civicdata.export import export_csv

    written = export_csv(dataset, tmp_path)
    package = json.loads((tmp_path / "datapackage.json").read_text())
    assert package["profile"] == "tabular-data-package"
    names = {r["name"] for r in package["resources"]}
    for resource in package["resources"]:
        path = tmp_path / resource["path"]
        assert path in written
        with path.open(newline="") as stream:
            rows = list(csv.reader(stream))
        header = [f["name"] for f in resource["schema"]["fields"]]
        assert rows[0] == header
        table = path.stem
        assert len(rows) - 1 == _count(db, f"SELECT COUNT(*) FROM {table}")
        for key in resource["schema"].get("foreignKeys", []):
            assert key["reference"]["resource"] in names
            assert set(key["fields"]) <= set(header)
        assert set(resource["schema"]["primaryKey"]) <= set(header)
    person = next(r for r in package["resources"] if r["name"] == "person")
    types = {f["name"]: f["type"] for f in person["schema"]["fields"]}
    assert types["public_figure"] == "boolean"


def test_popolo_has_people_organizations_memberships_and_votes(dataset, tmp_path):
    from civicdata.export import export_popolo

    export_popolo(dataset, tmp_path / "popolo.json")
    popolo = json.loads((tmp_path / "popolo.json").read_text())
    assert len(popolo["persons"]) == len(dataset.persons)
    assert len(popolo["organizations"]) == len(dataset.organizations)
    ids = {p["id"] for p in popolo["persons"]} | {o["id"] for o in popolo["organizations"]}
    for membership in popolo["memberships"]:
        assert membership["person_id"] in ids and membership["organization_id"] in ids
    [vote] = popolo["vote_events"]
    counts = {c["option"]: c["value"] for c in vote["counts"]}
    assert counts["no"] == 1 and counts["yes"] == 0
    assert {"voter_id": "city-of-philadelphia", "option": "undecided"} in vote["votes"]
    da = next(
        o for o in popolo["organizations"] if o["id"] == "philadelphia-district-attorneys-office"
    )
    # The OCD division is the organization's area, not an identifier of the organization.
    assert da["area_id"] == "ocd-division/country:us/state:pa/county:philadelphia"
    assert "identifiers" not in da


# Vendored (CC BY 4.0, tests/vendor/popolo-schemas/LICENSE): a clone tests itself
# with nothing beside it, and the checksums pin the copy to the upstream commit.
POPOLO_SCHEMAS = Path(__file__).parent / "vendor" / "popolo-schemas"
# Each top-level collection and the schema its items follow.
COLLECTIONS = {
    "persons": "person",
    "organizations": "organization",
    "areas": "area",
    "posts": "post",
    "memberships": "membership",
    "events": "event",
    "vote_events": "vote_event",
}


@pytest.fixture(scope="module")
def popolo(tmp_path_factory):
    from civicdata.export import export_popolo

    out = tmp_path_factory.mktemp("popolo") / "popolo.json"
    export_popolo(load(REPO_ROOT), out)
    return json.loads(out.read_text())


def _validator(name: str):
    """A draft-03 validator for one Popolo schema, every $ref resolved from the local copies."""
    from jsonschema import Draft3Validator
    from referencing import Registry, Resource
    from referencing.jsonschema import DRAFT3

    def offline(uri: str):
        raise LookupError(f"{uri} is not among the local Popolo schemas")

    schemas = {p.stem: json.loads(p.read_text()) for p in POPOLO_SCHEMAS.glob("*.json")}
    registry = Registry(retrieve=offline).with_resources(
        (schema["id"], Resource.from_contents(schema, default_specification=DRAFT3))
        for schema in schemas.values()
    )
    return Draft3Validator(
        schemas[name], registry=registry, format_checker=Draft3Validator.FORMAT_CHECKER
    )


def test_the_vendored_schemas_are_the_upstream_files():
    """Every schema is listed in SHA256SUMS with its upstream checksum, and the licence travels."""
    sums = dict(
        reversed(line.split("  ", 1))
        for line in (POPOLO_SCHEMAS / "SHA256SUMS").read_text().splitlines()
    )
    assert set(sums) == {p.name for p in POPOLO_SCHEMAS.glob("*.json")} and len(sums) == 16
    for name, digest in sums.items():
        assert hashlib.sha256((POPOLO_SCHEMAS / name).read_bytes()).hexdigest() == digest, name
    assert "Attribution 4.0 International" in (POPOLO_SCHEMAS / "LICENSE").read_text()


def test_popolo_validates_against_the_official_schemas(popolo):
    checked = Counter()
    for collection, schema in COLLECTIONS.items():
        validator = _validator(schema)
        for item in popolo[collection]:
            errors = [f"{list(e.absolute_path)}: {e.message}" for e in validator.iter_errors(item)]
            assert not errors, f"{collection} {item.get('id')}: {errors}"
            checked[collection] += 1
    assert all(checked[c] > 0 for c in COLLECTIONS), checked


def test_the_format_checks_really_run():
    """A date where a date-time belongs, and a url that is no URI, are caught."""
    validator = _validator("vote_event")
    assert not validator.is_valid({"id": "v", "start_date": "2018-07-11"})
    assert validator.is_valid({"id": "v", "start_date": "2018-07-11T00:00:00-04:00"})
    assert not validator.is_valid({"id": "v", "sources": [{"url": "seeds/000.txt"}]})
    assert not _validator("count").is_valid({"option": "yes"})  # value is required


def test_popolo_has_what_the_spec_defines(popolo, dataset):
    assert [e["id"] for e in popolo["events"]] == [e.id for e in dataset.events]
    assert all(e["sources"] for e in popolo["events"])
    assert all(p["sources"] for p in popolo["persons"])
    assert all(o["sources"] for o in popolo["organizations"])
    areas = {a["id"]: a for a in popolo["areas"]}
    county = areas["ocd-division/country:us/state:pa/county:philadelphia"]
    assert county["name"] == "Philadelphia" and county["classification"] == "county"
    assert county["parent_id"] == "ocd-division/country:us/state:pa"
    assert all(a["parent_id"] in areas for a in areas.values() if "parent_id" in a)
    posts = {p["id"] for p in popolo["posts"]}
    assert all(m["post_id"] in posts for m in popolo["memberships"])
    krasner = [m for m in popolo["memberships"] if m["person_id"] == "larry-krasner"]
    assert any(m["role"] == "District Attorney" for m in krasner)
    [vote] = popolo["vote_events"]
    record = dataset.get(vote["id"])
    if record.date and record.date.day is not None:
        assert vote["start_date"].startswith(record.date.first_day.isoformat() + "T00:00:00")
    elif record.date:  # a partial date cannot be a date-time: kept in the extension field
        assert "start_date" not in vote and vote["date"] == str(record.date)
    else:  # no article dates the decision (issue 24)
        assert "start_date" not in vote and "date" not in vote
    assert sum(c["value"] for c in vote["counts"]) == sum(
        1 for v in vote["votes"] if v["option"] in {"yes", "no", "abstain", "not voting"}
    )


def test_popolo_sources_name_the_seed_bytes(popolo, dataset):
    import base64
    import hashlib

    source = dataset.sources[0]
    seed = dataset.project.seeds_dir / source.file
    token = base64.urlsafe_b64encode(hashlib.sha256(seed.read_bytes()).digest()).decode()
    links = [link for p in popolo["persons"] for link in p["sources"]]
    link = next(link for link in links if link["note"].endswith(f"seeds/{source.file}"))
    assert link["url"] == f"ni:///sha-256;{token.rstrip('=')}?ct=text/plain"
    assert source.outlet in link["note"]


def test_vote_event_date_times():
    from civicdata.dates import PartialDate
    from civicdata.export.popolo import date_time

    assert date_time(PartialDate.parse("2018-07-11")) == "2018-07-11T00:00:00-04:00"
    assert date_time(PartialDate.parse("2018-01-11")) == "2018-01-11T00:00:00-05:00"
    assert date_time(PartialDate.parse("2018-08")) is None


@pytest.mark.parametrize("fmt", ["sqlite", "json", "csv", "popolo"])
def test_export_command(cli, repo, tmp_path, fmt):
    out = tmp_path / f"out-{fmt}"
    code, stdout, _ = cli("--root", str(repo.root), "export", "--format", fmt, "--out", str(out))
    assert code == 0
    assert stdout.startswith(f"wrote {fmt} export of ")
    assert out.exists()


def test_export_refuses_an_invalid_dataset_and_keeps_the_old_file(cli, sandbox, tmp_path):
    out = tmp_path / "civicdata.db"
    assert (
        cli("--root", str(sandbox.root), "export", "--format", "sqlite", "--out", str(out))[0] == 0
    )
    old = out.read_bytes()
    path = sandbox.data_dir / "person" / "larry-krasner.yaml"
    path.write_text(path.read_text().replace("public_figure: true", "public_figure: yes"))
    code, stdout, err = cli(
        "--root", str(sandbox.root), "export", "--format", "sqlite", "--out", str(out)
    )
    assert code == 1
    assert "must be true or false, not `yes`" in stdout
    assert "export needs a valid dataset" in err
    assert out.read_bytes() == old


def test_an_unwritable_destination_is_a_clear_error(cli, repo, tmp_path):
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    code, _, err = cli(
        "--root", str(repo.root), "export", "--format", "json", "--out", str(blocker / "x.json")
    )
    assert code == 1 and err.startswith(f"error: cannot write {blocker / 'x.json'}")


@pytest.fixture(scope="module")
def exported_db(dataset, tmp_path_factory):
    from civicdata.export import export_sqlite

    out = tmp_path_factory.mktemp("datasette") / "civicdata.db"
    written = export_sqlite(dataset, out)
    return out, written


def test_every_table_with_a_name_or_title_has_a_label_column(exported_db):
    from civicdata.export.datasette import LABEL_COLUMNS

    out, written = exported_db
    metadata = json.loads(written[1].read_text())
    labels = metadata["databases"]["civicdata"]["tables"]
    connection = sqlite3.connect(out)
    tables = [r[0] for r in connection.execute("SELECT name FROM sqlite_master WHERE type='table'")]
    for table in tables:
        columns = {r[1] for r in connection.execute(f"PRAGMA table_info({table})")}
        if columns & {"name", "title", "headline"}:
            assert table in labels, f"{table} has a name or title but no label column"
    for table, column in LABEL_COLUMNS.items():
        assert labels[table] == {"label_column": column}
        columns = {r[1] for r in connection.execute(f"PRAGMA table_info({table})")}
        assert column in columns, f"{table}.{column}"
    untitled = connection.execute("SELECT count(*) FROM source WHERE label IS NULL").fetchone()
    assert untitled == (0,)


def test_datasette_shows_labels_for_foreign_keys(exported_db, dataset):
    """Datasette itself, through `datasette --get`: a citation's source shows its headline."""
    import shutil
    import subprocess
    import sys
    from pathlib import Path

    out, written = exported_db
    datasette = shutil.which("datasette", path=str(Path(sys.executable).parent))
    assert datasette, "datasette is a dev dependency (uv sync)"
    result = subprocess.run(
        [datasette, str(out), "--metadata", str(written[1]), "--get",
         "/civicdata/citation.json?_labels=on&_shape=objects&_size=max"],
        capture_output=True, text=True, check=False, timeout=120,
    )  # fmt: skip
    assert result.returncode == 0, result.stderr
    rows = json.loads(result.stdout)["rows"]
    assert len(rows) == sum(len(links(record).citations) for record in dataset)
    for row in rows:
        source = row["source_id"]
        assert source["label"] == dataset.name_of(source["value"]) != source["value"]
        assert row["record_id"]["label"] == dataset.name_of(row["record_id"]["value"])


def test_sqlite_export_never_replaces_a_foreign_metadata_file(cli, repo, tmp_path):
    out = tmp_path / "civicdata.db"
    mine = tmp_path / "civicdata.metadata.json"
    mine.write_text('{"title": "my own notes"}\n')
    code, _, err = cli("--root", str(repo.root), "export", "--format", "sqlite", "--out", str(out))
    assert code != 0 and "civicdata.metadata.json" in err and not out.exists()
    assert mine.read_text() == '{"title": "my own notes"}\n'
    mine.unlink()
    for _ in range(2):  # its own previous export is replaced
        code, stdout, _ = cli(
            "--root", str(repo.root), "export", "--format", "sqlite", "--out", str(out)
        )
        assert code == 0 and stdout.endswith("civicdata.db, " + str(mine) + "\n")


def test_a_role_that_ended_by_a_date_exports_its_bound(sandbox, tmp_path):
    """`ended_by` is a column trio in SQL (answering like roles_on) and a Popolo extension."""

    from civicdata.export import export_popolo, export_sqlite

    person = REPO_ROOT / "exercises/12_extend_the_dataset/solution/records/person"
    target = sandbox.data_dir / "person" / "lou-barletta.yaml"
    text = (person / "lou-barletta.yaml").read_text()
    # An organization, so that Popolo keeps the membership (a test-only record).
    target.write_text(
        text.replace(
            "  - title: Mayor of Hazleton\n",
            "  - title: Mayor of Hazleton\n    organization: city-of-philadelphia\n",
        )
    )
    dataset = load(sandbox.root)
    export_sqlite(dataset, tmp_path / "db.sqlite")
    db = sqlite3.connect(tmp_path / "db.sqlite")
    row = db.execute(
        'SELECT "end", ended_by, ended_by_first, ended_by_last FROM role '
        "WHERE person_id = 'lou-barletta' AND title = 'Mayor of Hazleton'"
    ).fetchone()
    assert row == (None, "2018-07", "2018-07-01", "2018-07-31")
    for day in ("2010", "2018-07-31", "2018-08-01", "2019"):
        on = PartialDate.parse(day)
        python = sorted(r.title for r in dataset.roles_on("lou-barletta", on))
        sql = sorted(
            found
            for (found,) in db.execute(
                "SELECT title FROM role WHERE person_id = 'lou-barletta' "
                "AND (start_first IS NULL OR start_first <= :last) "
                "AND (end_last IS NULL OR end_last >= :first) "
                "AND (ended_by_last IS NULL OR ended_by_last >= :first)",
                {"first": on.first_day.isoformat(), "last": on.last_day.isoformat()},
            )
        )
        assert python == sql, day
    db.close()
    export_popolo(dataset, tmp_path / "popolo.json")
    popolo = json.loads((tmp_path / "popolo.json").read_text())
    [mayor] = [m for m in popolo["memberships"] if m["person_id"] == "lou-barletta"]
    assert mayor["ended_by"] == "2018-07" and "end_date" not in mayor
    assert any("ended_by" in note for note in popolo["meta"]["notes"])


def test_each_link_has_its_quote_in_sql(db):
    # Issue 24: every link of a claim or policy is cited, and the export keeps the quote.
    missing = db.execute(
        """
        SELECT a.claim_id, a.record_id FROM claim_about AS a
        WHERE NOT EXISTS (
            SELECT 1 FROM link_citation AS l
            WHERE l.record_id = a.claim_id AND l.field = 'about' AND l.target_id = a.record_id
        )
        """
    ).fetchall()
    assert missing == []
    [(quote,)] = db.execute(
        "SELECT quote FROM link_citation WHERE record_id = 'vega-krasner-harming-the-city' "
        "AND field = 'responds_to' AND target_id = 'krasner-first-ever-unit'"
    ).fetchall()
    assert "Vega said in response" in quote
