"""Small doc errors that once reached students, each pinned where it was made."""

from __future__ import annotations

from civicdata.grading.manifest import load_manifest
from civicdata.problems import Problem, summary
from civicdata.project import Project
from civicdata.site import exercise_pages
from tests.conftest import REPO


def test_counts_are_pluralised():
    one = Problem(REPO / "x.yaml", "bad", None, ())
    assert summary([], 1, 1) == "ok: 1 file checked, no problems (1 valid record in the dataset)"
    assert summary([one], 2, 0).startswith("1 problem in 2 files checked (0 valid records")


def test_manifest_text_shows_angle_brackets_as_typed():
    pages = exercise_pages.generate(load_manifest(Project(REPO)))
    page = pages["exercises/12_extend_the_dataset.md"]
    assert "records/<kind>" not in page.replace("`records/<kind>/<id>.yaml`", "")
    assert "records/&lt;kind&gt;/&lt;id&gt;.yaml" in page


def test_text_keeps_code_spans_and_escapes_the_rest():
    text = "Put files in records/<kind>/<id>.yaml, or `records/<kind>/<id>.yaml` & go"
    assert exercise_pages._text(text) == (
        "Put files in records/&lt;kind&gt;/&lt;id&gt;.yaml, or `records/<kind>/<id>.yaml` &amp; go"
    )


def test_new_with_dir_suggests_validating_that_folder(sandbox, cli, monkeypatch):
    monkeypatch.chdir(sandbox.root)
    code, out, _ = cli("new", "person", "lou-barletta", "--dir", "records")
    assert code == 0
    assert out.splitlines() == [
        "created records/person/lou-barletta.yaml",
        "fill in the blanks, then run: civicdata validate records/person/lou-barletta.yaml",
    ]
    code, out, _ = cli("validate", "records/person/lou-barletta.yaml")
    assert code == 1 and "lou-barletta.yaml:4:7: error: `name` is empty" in out


def test_exports_page_names_the_record_tables_columns():
    schema = (REPO / "civicdata" / "export" / "schema.sql").read_text()
    table = schema.split("CREATE TABLE record (")[1].split(");")[0]
    columns = [line.split()[0] for line in table.strip().splitlines()]
    page = (REPO / "docs" / "exports.md").read_text()
    assert f"`record` ({', '.join(columns)})" in page
