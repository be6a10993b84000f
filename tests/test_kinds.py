"""One declaration per kind (civicdata/kinds.py): every consumer covers every kind,
and a new kind added by its declaration and its model goes through the whole pipeline."""

from __future__ import annotations

import json
import os
import re
import shutil
import sqlite3
import subprocess
import sys
from pathlib import Path

import pytest

import civicdata
from civicdata import project
from civicdata.dataset import Dataset
from civicdata.export.datasette import LABEL_COLUMNS
from civicdata.export.formats import EXPORT_FORMATS
from civicdata.export.sqlite import connect
from civicdata.kinds import KINDS_BY_NAME, NAMES, REGISTRY
from civicdata.models import MODELS
from civicdata.models.base import ANY_KIND, Record
from civicdata.site.overview_pages import KIND_TITLES
from civicdata.site.record_pages import RELATIONS
from civicdata.site.svg import KIND_COLOURS
from tests.conftest import REPO

RECIPE = Path(__file__).resolve().parent / "kind_recipe"


@pytest.fixture(scope="module")
def dataset() -> Dataset:
    return civicdata.load(REPO)


# --- every consumer covers every kind ------------------------------------------------


def test_the_cheap_name_list_is_the_registry():
    """`civicdata --help` lists project.KINDS without importing models: the same names."""
    assert project.KINDS == NAMES == tuple(MODELS) == ANY_KIND
    assert list(KINDS_BY_NAME) == [kind.name for kind in REGISTRY]


def test_the_registries_import_no_models_for_help():
    """`civicdata --help` reads both registries (kind names, export formats and their
    default paths) and stays fast: no pydantic, no YAML, no exporter."""
    code = (
        "import sys, contextlib, io\n"
        "from civicdata import cli\n"
        "with contextlib.suppress(SystemExit), contextlib.redirect_stdout(io.StringIO()) as out:\n"
        "    cli.main(['--help'])\n"
        "assert 'export' in out.getvalue()\n"
        "heavy = {'pydantic', 'yaml', 'civicdata.models', 'civicdata.export.sqlite',\n"
        "         'civicdata.export.datasette', 'civicdata.export.files'}\n"
        "print(sorted(heavy & set(sys.modules)))\n"
    )
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert result.stdout.strip() == "[]", result.stderr


def test_every_consumer_table_covers_every_kind():
    assert set(KIND_TITLES) == set(KIND_COLOURS) == set(NAMES)
    for kind in REGISTRY:
        assert issubclass(kind.model_class, Record), kind.name
        assert kind.title and kind.plural, kind.name
        assert re.fullmatch(r"#[0-9a-f]{6}", kind.colour), kind.name
        for table in kind.label_columns:
            assert LABEL_COLUMNS[table] == kind.label_columns[table]


def test_dataset_has_a_typed_property_per_kind(dataset: Dataset):
    """Students read `dataset.persons`, `dataset.votes` …: one per declared kind."""
    for kind in REGISTRY:
        records = getattr(dataset, kind.plural)
        assert records == dataset.by_kind[kind.name] and records, kind.name


def test_every_kind_rows_fill_its_tables_by_column(dataset: Dataset):
    """Each kind's rows name exactly its tables' columns; each kind's label column exists."""
    connection = connect(dataset)
    for kind in REGISTRY:
        for table, column in kind.label_columns.items():
            columns = {r[1] for r in connection.execute(f"PRAGMA table_info({table})")}
            assert column in columns, f"{kind.name}: {table}.{column}"
        tables = {
            table
            for record in dataset.by_kind[kind.name]
            for table, _ in kind.rows(record, dataset)
        }
        for table in tables:
            (count,) = connection.execute(f"SELECT count(*) FROM {table}").fetchone()
            assert count > 0, table


def test_every_dated_kind_is_on_the_timeline(dataset: Dataset):
    """A kind whose model has a date field contributes to the timeline."""
    on_timeline = {entry.kind for entry in dataset.timeline()}
    for kind in REGISTRY:
        dated_fields = [
            name
            for name, field in kind.model_class.model_fields.items()
            if "PartialDate" in str(field.annotation)
        ]
        if dated_fields or kind.name in ("person", "policy"):  # roles' and statuses' dates
            assert kind.name in on_timeline, kind.name


def test_every_reference_in_the_dataset_is_worded_on_record_pages(dataset: Dataset):
    """Record pages group referrers in words that each kind declares (Kind.relations)."""
    missing = set()
    for record in dataset:
        kind = dataset.kind_of(record.id)
        for ref in dataset.links_of(record.id).references:
            if "citations" in ref.loc or "link_citations" in ref.loc:
                continue
            names = tuple(part for part in ref.loc if isinstance(part, str))
            if (kind, names) not in RELATIONS:
                missing.add((kind, names))
    assert not missing


def test_export_formats_are_declared_once():
    from civicdata import cli, export

    assert list(cli.DEFAULT_OUT) == [fmt.name for fmt in EXPORT_FORMATS]
    assert {fmt.name: fmt.function for fmt in EXPORT_FORMATS} == export.FORMATS
    assert export.export_sqlite is EXPORT_FORMATS[0].function


# --- a new kind, added in a copy by its declaration and its model --------------------

HEARING_ID = "ice-cooperation-hearing-2021"
HEARING = f"""id: {HEARING_ID}
title: Hearing on cooperation with ICE
body: philadelphia-district-attorneys-office
date: 2021-05
witnesses: [larry-krasner]
citations:
  - source: appeal-2021-05-17-candidates-debate-ice
    quote: Philadelphia D.A. Candidates Debate ICE Cooperation Ahead of Election Day
"""
LINKING_CLAIM = "advocates-cooperation-with-ice-endangers-safety"


def _copy_checkout(to: Path) -> None:
    files = subprocess.run(
        ["git", "-C", str(REPO), "ls-files", "-z"], capture_output=True, check=True
    ).stdout.decode()
    for name in filter(None, files.split("\0")):
        source = REPO / name
        if source.is_file():  # files deleted in the work tree but still in the index
            (to / name).parent.mkdir(parents=True, exist_ok=True)
            shutil.copy2(source, to / name)


def _add_hearing_kind(root: Path) -> None:
    """The recipe of ARCHITECTURE.md, "A kind of record", done as a contributor would."""
    # 1. the model
    shutil.copy(RECIPE / "hearings.py", root / "civicdata" / "models" / "hearings.py")
    # 2. one declaration, listed in the registry
    kinds = root / "civicdata" / "kinds.py"
    text = kinds.read_text(encoding="utf-8")
    declaration = (RECIPE / "hearing_kind.py").read_text(encoding="utf-8")
    declaration = declaration[declaration.rindex("HEARING: Kind[Hearing] = Kind(") :]
    marker = "# --- the registry"
    models = "    from .models.happenings import Claim, Event\n"
    assert marker in text and "EVENT, CLAIM)" in text and models in text
    text = text.replace(marker, declaration + "\n\n" + marker, 1)
    text = text.replace(models, models + "    from .models.hearings import Hearing\n", 1)
    text = text.replace("EVENT, CLAIM)", "EVENT, CLAIM, HEARING)", 1)
    kinds.write_text(text, encoding="utf-8")
    # a record of it, and a claim about it (so it is in the relationships diagram)
    (root / "civicdata" / "data" / "hearing").mkdir()
    (root / "civicdata" / "data" / "hearing" / f"{HEARING_ID}.yaml").write_text(HEARING)
    claim = root / "civicdata" / "data" / "claim" / f"{LINKING_CLAIM}.yaml"
    text = claim.read_text(encoding="utf-8")
    quote = "Philadelphia D.A. Candidates Debate ICE Cooperation Ahead of Election Day"
    text = text.replace(
        "about: [us-immigration-and-customs-enforcement]",
        f"about: [us-immigration-and-customs-enforcement, {HEARING_ID}]",
    )
    text += (
        f"  - field: about\n    to: {HEARING_ID}\n"
        f"    source: appeal-2021-05-17-candidates-debate-ice\n    quote: {quote}\n"
    )
    claim.write_text(text, encoding="utf-8")


def _run(root: Path, *args: str) -> subprocess.CompletedProcess[str]:
    environment = {**os.environ, "PYTHONPATH": str(root), "NO_MKDOCS_2_WARNING": "1"}
    environment.pop("CIVICDATA_ROOT", None)
    return subprocess.run(
        [sys.executable, *args], cwd=root, capture_output=True, text=True, env=environment
    )


# The pipeline's commands, run one after another by ``civicdata.cli.main`` in one fresh
# interpreter of the copy (what each command prints, and its exit code, as JSON): the
# copy's package is imported once, not once per command (nine interpreters took
# 2.5 CPU-seconds). Each command is the one a contributor types; none keeps state
# for the next (the suite's ``cli`` fixture runs them in one process too).
PIPELINE = """\
import contextlib, io, json, sys
import civicdata, civicdata.kinds
from civicdata import cli

def run(*args):
    out, err = io.StringIO(), io.StringIO()
    with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
        try:
            code = cli.main(list(args))
        except SystemExit as exit:
            code = exit.code
    return {"code": code, "out": out.getvalue(), "err": err.getvalue()}

found = {"kinds": [civicdata.kinds.__file__, civicdata.kinds.NAMES[-1]]}
for name, *args in json.loads(sys.argv[1]):
    found[name] = run(*args)
    if name == "new":  # a skeleton to read, then gone before the exports
        path = "civicdata/data/hearing/another-hearing.yaml"
        found["skeleton"] = open(path, encoding="utf-8").read()
        __import__("os").unlink(path)
found["timeline"] = [
    (e.kind, e.what) for e in civicdata.load().timeline() if e.record_id == sys.argv[2]
]
print(json.dumps(found))
"""


def test_a_new_kind_added_in_one_declaration_goes_through_the_pipeline(tmp_path: Path):
    root = tmp_path / "checkout"
    _copy_checkout(root)
    _add_hearing_kind(root)
    out = tmp_path / "out"
    commands = [
        ["validate", "validate"],
        ["schema", "schema"],
        ["new", "new", "hearing", "another-hearing"],
        *(
            [fmt.name, "export", "--format", fmt.name, "--out", str(out / fmt.name)]
            for fmt in EXPORT_FORMATS
        ),
    ]
    ran = _run(root, "-c", PIPELINE, json.dumps(commands), HEARING_ID)
    assert ran.returncode == 0, ran.stderr
    found = json.loads(ran.stdout)

    # the copy's package is the one that runs
    assert found["kinds"] == [str(root / "civicdata" / "kinds.py"), "hearing"], found["kinds"]

    checked = found["validate"]
    assert checked["code"] == 0, checked["out"] + checked["err"]

    # schema and `new`
    assert found["schema"]["code"] == 0, found["schema"]["err"]
    hearing_schema = json.loads((root / "schemas" / "hearing.schema.json").read_text())
    assert "witnesses" in hearing_schema["properties"]
    assert found["new"]["code"] == 0, found["new"]["err"]
    skeleton = found["skeleton"]
    assert "body:" in skeleton and "id of an organization" in skeleton
    assert not (root / "civicdata" / "data" / "hearing" / "another-hearing.yaml").exists()

    # every export
    for fmt in EXPORT_FORMATS:
        assert found[fmt.name]["code"] == 0, (fmt.name, found[fmt.name]["err"])
    database = sqlite3.connect(out / "sqlite")
    assert database.execute("SELECT title, body_id, date_first FROM hearing").fetchall() == [
        ("Hearing on cooperation with ICE", "philadelphia-district-attorneys-office", "2021-05-01")
    ]
    assert database.execute("SELECT * FROM hearing_witness").fetchall() == [
        (HEARING_ID, "larry-krasner")
    ]
    assert database.execute(f"SELECT kind FROM record WHERE id = '{HEARING_ID}'").fetchone() == (
        "hearing",
    )
    metadata = json.loads((out / "sqlite.metadata.json").read_text())
    assert metadata["databases"]["sqlite"]["tables"]["hearing"] == {"label_column": "title"}
    document = json.loads((out / "json").read_text())
    assert document["counts"]["hearing"] == 1
    assert (out / "csv" / "hearing.csv").is_file()

    # the timeline
    assert found["timeline"] == [["hearing", "hearing"]], found["timeline"]

    # the site
    site = tmp_path / "site"
    built = _run(root, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site))
    assert built.returncode == 0, built.stderr
    index = (site / "records" / "hearing" / "index.html").read_text()
    assert "Hearings" in index and "May 2021" in index
    page = (site / "records" / "hearing" / HEARING_ID / "index.html").read_text()
    assert "Hearing on cooperation with ICE" in page and "Claims about this hearing" in page
    krasner = (site / "records" / "person" / "larry-krasner" / "index.html").read_text()
    assert "Hearings Larry Krasner testified at" in krasner
    assert "#4d7c0f" in (site / "timeline" / "index.html").read_text()
    assert "Hearing on cooperation with ICE" in (site / "relationships" / "index.html").read_text()
    # the diagram of records connected to the claim that links to it, in the kind's colour
    claim = (site / "records" / "claim" / LINKING_CLAIM / "index.html").read_text()
    assert re.search(r'<circle [^>]*fill="#4d7c0f"', claim)


def test_export_files_import_no_exporter():
    """files.py writes and checks targets; the formats' modules import it, never the reverse
    (the markers live beside their writers, named in export/formats.py)."""
    import ast

    tree = ast.parse((REPO / "civicdata" / "export" / "files.py").read_text(encoding="utf-8"))
    imported = {
        node.module
        for node in ast.walk(tree)
        if isinstance(node, ast.ImportFrom) and node.module is not None
    }
    assert imported & {"datasette", "sqlite", "json_dump", "csv_package", "popolo"} == set()
    assert "formats" in imported
