"""A battery of broken record files: each must give one located, friendly error."""

from __future__ import annotations

import subprocess
import sys

import pytest

from civicdata.strict_yaml import MAX_FILE_BYTES

CITE = """citations:
  - source: appeal-2021-05-17-candidates-debate-ice
    quote: Katia Pérez, an activist with Reclaim Philadelphia
"""
PERSON = "id: katia-perez\nname: Katia Pérez\npublic_figure: false\n" + CITE
ROLE = (
    """id: katia-perez
name: Katia Pérez
public_figure: false
roles:
  - title: activist
    organization: {org}
    start: {start}
    citations:
      - source: appeal-2021-05-17-candidates-debate-ice
        quote: Katia Pérez, an activist with Reclaim Philadelphia
"""
    + CITE
)

BILLION_LAUGHS = """id: katia-perez
a: &a ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]
b: &b [*a, *a, *a, *a, *a, *a, *a, *a, *a]
c: &c [*b, *b, *b, *b, *b, *b, *b, *b, *b]
d: &d [*c, *c, *c, *c, *c, *c, *c, *c, *c]
e: [*d, *d, *d, *d, *d, *d, *d, *d, *d]
"""

CASES = [
    # name, file name, content, line, column, message, hint
    (
        "duplicate key",
        "katia-perez",
        PERSON.replace("public_figure: false\n", "public_figure: false\nname: K. Pérez\n"),
        4,
        1,
        "duplicate key `name`",
        "already set on line 2",
    ),
    (
        "tab",
        "katia-perez",
        PERSON.replace("  - source", "\t- source"),
        5,
        1,
        "a tab character",
        "spaces",
    ),
    (
        "unknown field",
        "katia-perez",
        PERSON.replace("name: K", "nmae: K"),
        2,
        1,
        "unknown field `nmae`",
        "did you mean `name`?",
    ),
    (
        "impossible day",
        "katia-perez",
        ROLE.format(org="reclaim-philadelphia-x", start="2018-02-31"),
        7,
        12,
        "2018-02 has no day 31",
        None,
    ),
    (
        "impossible month",
        "katia-perez",
        ROLE.format(org="reclaim-philadelphia-x", start="2018-13"),
        7,
        12,
        "month 13 does not exist",
        None,
    ),
    (
        "dangling reference",
        "katia-perez",
        ROLE.format(org="philadelphia-district-attorney-office", start="2018"),
        6,
        19,
        "no record `philadelphia-district-attorney-office`; this field takes the id of an organization",
        "did you mean `philadelphia-district-attorneys-office`?",
    ),
    (
        "reference to the wrong kind",
        "katia-perez",
        ROLE.format(org="larry-krasner", start="2018"),
        6,
        19,
        "`larry-krasner` is a person, but this field takes an organization",
        None,
    ),
    (
        "quote not in seed",
        "katia-perez",
        PERSON.replace("an activist with Reclaim", "an organizer with Reclaim"),
        6,
        12,
        "quote not found in source `appeal-2021-05-17-candidates-debate-ice`",
        "the first 16 characters match the article, up to `…Katia Pérez, an `; from there you have `organizer with Recla…`",
    ),
    (
        "unknown source",
        "katia-perez",
        PERSON.replace("source: appeal-2021", "source: apeal-2021"),
        5,
        13,
        "no record `apeal-2021-05-17-candidates-debate-ice`; this field takes the id of a source",
        "did you mean `appeal-2021-05-17-candidates-debate-ice`?",
    ),
    ("alias bomb", "katia-perez", BILLION_LAUGHS, 2, 4, "anchors", "write the value out"),
    (
        "python tag",
        "katia-perez",
        "id: katia-perez\nname: !!python/object/apply:os.system ['echo pwned']\n",
        2,
        7,
        "YAML tags",
        "remove the `!`-tag",
    ),
    ("empty file", "katia-perez", "", 1, 1, "the file is empty", "at least `id:`"),
    (
        "non-UTF-8",
        "katia-perez",
        "id: katia-perez\nname: Katia P\xe9rez\n".encode("latin-1"),
        2,
        14,
        "not UTF-8",
        "Save with encoding",
    ),
    (
        "top-level list",
        "katia-perez",
        "- " + PERSON.replace("\n", "\n  "),
        1,
        1,
        "holds a list",
        "one record per file",
    ),
    (
        "id does not match file name",
        "katia-perez",
        PERSON.replace("id: katia-perez", "id: katia-p"),
        1,
        5,
        "id `katia-p` does not match the file name `katia-perez.yaml`",
        "rename the file to `katia-p.yaml`",
    ),
    (
        "huge file",
        "katia-perez",
        PERSON + "notes: " + "x" * (MAX_FILE_BYTES + 1) + "\n",
        1,
        1,
        "the most a record file may be",
        None,
    ),
    (
        "no as a boolean",
        "katia-perez",
        PERSON.replace("public_figure: false", "public_figure: no"),
        3,
        16,
        "must be true or false, not `no`",
        "write `false`",
    ),
    (
        "missing field",
        "katia-perez",
        PERSON.replace("public_figure: false\n", ""),
        1,
        1,
        "missing required field `public_figure`",
        None,
    ),
    (
        "bad id",
        "Katia_Perez",
        PERSON.replace("id: katia-perez", "id: Katia_Perez"),
        1,
        5,
        "not a valid id",
        "lowercase words",
    ),
    (
        "second document",
        "katia-perez",
        PERSON + "---\n" + PERSON,
        7,
        1,
        "a second YAML document",
        "its own file",
    ),
    (
        "unquoted colon",
        "katia-perez",
        PERSON.replace("name: Katia Pérez", "name: Katia: Pérez"),
        2,
        12,
        "invalid YAML",
        "must be quoted",
    ),
    (
        "control character",
        "katia-perez",
        PERSON.replace("Katia Pérez\n", "Katia P\x07érez\n", 1),
        2,
        14,
        "is not allowed in YAML",
        "control character",
    ),
    (
        "quote too short",
        "katia-perez",
        PERSON.replace("quote: Katia Pérez, an activist with Reclaim Philadelphia", "quote: Katia"),
        6,
        12,
        "a quote needs at least 10 characters besides spaces",
        None,
    ),
]


@pytest.mark.parametrize(
    ("file_name", "content", "line", "column", "message", "hint"),
    [case[1:] for case in CASES],
    ids=[case[0] for case in CASES],
)
def test_broken_file_gets_located_error(
    sandbox, cli, file_name, content, line, column, message, hint
):
    path = sandbox.data_dir / "person" / f"{file_name}.yaml"
    if isinstance(content, bytes):
        path.write_bytes(content)
    else:
        path.write_text(content, encoding="utf-8")
    code, out, _ = cli("--root", str(sandbox.root), "validate", str(path))
    assert code == 1, out
    error_lines = [row for row in out.splitlines() if ": error: " in row]
    assert len(error_lines) == 1, out
    assert error_lines[0].startswith(f"{path.resolve()}:{line}:{column}: error: "), out
    assert message in error_lines[0], out
    if hint:
        assert "hint: " in out and hint in out, out
    assert out.rstrip().splitlines()[-1].startswith("1 problem in 1 file checked")


def test_validating_one_file_still_resolves_against_the_whole_dataset(sandbox, cli):
    path = sandbox.data_dir / "person" / "katia-perez.yaml"
    path.write_text(ROLE.format(org="philadelphia-district-attorneys-office", start="2018"))
    code, out, _ = cli("--root", str(sandbox.root), "validate", str(path))
    assert code == 0, out
    assert out.startswith("ok: 1 file checked, no problems")


def test_whole_dataset_reports_problem_in_a_broken_file_only(sandbox, cli):
    path = sandbox.data_dir / "organization" / "whyy.yaml"
    path.write_text(path.read_text().replace("classification: news_outlet", "classification: news"))
    code, out, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 1
    assert "whyy.yaml:3:17: error: `classification` must be one of" in out
    assert "did you mean `news_outlet`?" in out
    assert out.count(": error: ") == 1


def test_github_format_adds_annotations(sandbox, cli):
    path = sandbox.data_dir / "person" / "katia-perez.yaml"
    path.write_text(PERSON.replace("name: K", "nmae: K"))
    code, out, _ = cli("--root", str(sandbox.root), "validate", "--format", "github", str(path))
    assert code == 1
    annotation = next(row for row in out.splitlines() if row.startswith("::error "))
    assert annotation.startswith(
        f"::error file={str(path.resolve()).replace(':', '%3A')},line=2,col=1::"
    )
    assert "unknown field `nmae` (hint: did you mean `name`?)" in annotation


def test_bad_data_never_prints_a_traceback(sandbox):
    broken = sandbox.data_dir / "vote" / "broken.yaml"
    broken.write_text("id: broken\nthreshold: [1, 2\n")
    tagged = sandbox.data_dir / "claim" / "tagged.yaml"
    tagged.write_text("id: tagged\nquote: !!binary aGVsbG8=\n")
    result = subprocess.run(
        [sys.executable, "-m", "civicdata", "--root", str(sandbox.root), "validate"],
        capture_output=True,
        text=True,
        check=False,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert "broken.yaml:" in result.stdout and "tagged.yaml:2:8:" in result.stdout


def test_nothing_is_changed_by_validation(sandbox, cli):
    path = sandbox.data_dir / "person" / "katia-perez.yaml"
    content = PERSON.replace("name: K", "nmae: K")
    path.write_text(content)
    cli("--root", str(sandbox.root), "validate")
    assert path.read_text() == content


def test_wrong_folder_and_suffix(sandbox, cli):
    folder = sandbox.data_dir / "people"
    folder.mkdir()
    (folder / "katia-perez.yaml").write_text(PERSON)
    yml = sandbox.data_dir / "person" / "katia-perez.yml"
    yml.write_text(PERSON)
    code, out, _ = cli("--root", str(sandbox.root), "validate", str(folder), str(yml))
    assert code == 1
    assert "`people/` is not a record folder" in out and "did you mean `person/`?" in out
    assert "record files end in `.yaml`" in out


def test_a_missing_file_is_named_as_missing(sandbox, cli):
    missing = sandbox.data_dir / "person" / "nobody.yaml"
    code, out, _ = cli("--root", str(sandbox.root), "validate", str(missing))
    assert code == 1
    assert f"{missing.resolve()}:1:1: error: no such file" in out


def test_a_folder_of_kind_folders_outside_the_data_is_placed_like_it(sandbox, cli):
    """Exercise 12's `records/`: a misplaced file is told about that folder, not the data's."""
    records = sandbox.root / "exercises" / "12_extend_the_dataset" / "records"
    (records / "persons").mkdir(parents=True)
    (records / "persons" / "katia-perez.yaml").write_text(PERSON)
    (records / "katia-perez.yaml").write_text(PERSON)
    code, out, _ = cli("--root", str(sandbox.root), "validate", str(records))
    home = "exercises/12_extend_the_dataset/records"
    assert code == 1
    assert f"`persons/` is not a record folder; records live in {home}/<kind>/" in out
    assert f"did you mean `{home}/person/`?" in out
    assert f"not directly in `{home}/`" in out and f"move it to {home}/<kind>/katia-perez" in out
    assert "civicdata/data" not in out
