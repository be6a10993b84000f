"""Writes that could lose data: exports, `new` and `schema --out` refuse rather than overwrite."""

from __future__ import annotations

import os
import stat
from pathlib import Path

import pytest

from civicdata.models.base import MAX_ID_LENGTH

FILE_FORMATS = {"json": "x.json", "popolo": "x.popolo.json", "sqlite": "x.db"}


@pytest.mark.parametrize("fmt", list(FILE_FORMATS))
def test_export_will_not_replace_a_file_that_is_not_its_own(cli, repo, tmp_path, fmt) -> None:
    readme = tmp_path / "README.md"
    readme.write_text("# my notes\n")
    code, _, err = cli("--root", str(repo.root), "export", "--format", fmt, "--out", str(readme))
    assert code == 2
    assert "is not a previous civicdata" in err and "--force" in err
    assert readme.read_text() == "# my notes\n"


@pytest.mark.parametrize("fmt", list(FILE_FORMATS))
def test_export_replaces_its_own_previous_export(cli, repo, tmp_path, fmt) -> None:
    out = tmp_path / FILE_FORMATS[fmt]
    args = ("--root", str(repo.root), "export", "--format", fmt, "--out", str(out))
    assert cli(*args)[0] == 0
    assert cli(*args)[0] == 0


def test_another_formats_export_is_not_replaced(cli, repo, tmp_path) -> None:
    out = tmp_path / "data.json"
    assert cli("--root", str(repo.root), "export", "--format", "json", "--out", str(out))[0] == 0
    before = out.read_bytes()
    code, _, _ = cli("--root", str(repo.root), "export", "--format", "popolo", "--out", str(out))
    assert code == 2 and out.read_bytes() == before


def test_force_replaces_a_foreign_file(cli, repo, tmp_path) -> None:
    out = tmp_path / "notes.json"
    out.write_text("{}")
    args = ("--root", str(repo.root), "export", "--format", "json", "--out", str(out))
    assert cli(*args, "--force")[0] == 0
    assert '"schema_version"' in out.read_text()


@pytest.mark.parametrize("fmt", list(FILE_FORMATS))
def test_folders_and_devices_are_refused_even_with_force(cli, repo, tmp_path, fmt) -> None:
    for target in (tmp_path, Path("/dev/null")):
        code, _, err = cli(
            "--root", str(repo.root), "export", "--format", fmt, "--out", str(target), "--force"
        )
        assert code == 2, err
        assert "a folder" in err or "a device" in err


def test_csv_refuses_a_folder_that_is_not_a_csv_export(cli, repo, tmp_path) -> None:
    (tmp_path / "thesis.txt").write_text("years of work")
    args = ("--root", str(repo.root), "export", "--format", "csv", "--out", str(tmp_path))
    code, _, err = cli(*args)
    assert code == 2 and "previous civicdata csv export" in err
    assert cli(*args, "--force")[0] == 0
    assert (tmp_path / "thesis.txt").read_text() == "years of work"
    assert cli(*args)[0] == 0  # now it is a previous export


def test_csv_refuses_a_file_as_its_folder(cli, repo, tmp_path) -> None:
    out = tmp_path / "file"
    out.write_text("x")
    code, _, _ = cli("--root", str(repo.root), "export", "--format", "csv", "--out", str(out))
    assert code == 2 and out.read_text() == "x"


@pytest.mark.parametrize("fmt", ["json", "sqlite", "csv"])
def test_exports_get_the_umask_permissions(cli, repo, tmp_path, fmt) -> None:
    old = os.umask(0o022)
    try:
        out = tmp_path / "out"
        assert cli("--root", str(repo.root), "export", "--format", fmt, "--out", str(out))[0] == 0
    finally:
        os.umask(old)
    files = sorted(out.iterdir()) if out.is_dir() else [out]
    assert {stat.S_IMODE(f.stat().st_mode) for f in files} == {0o644}
    assert not list(tmp_path.glob(".civicdata-*")) and not list(out.parent.glob("**/.civicdata-*"))


@pytest.mark.parametrize(
    ("record_id", "words"),
    [
        ("a" * 300, "300 characters long"),
        ("a" * (MAX_ID_LENGTH + 1), f"at most {MAX_ID_LENGTH}"),
        ("../escape", "cannot hold"),
        ("person/x", "cannot hold"),
        ("x..y", "cannot hold"),
        ("Upper-Case", "not a valid id"),
        ("-leading", "not a valid id"),
        ("tab\tid", "not a valid id"),
    ],
)
def test_new_refuses_bad_ids_with_exit_2(cli, sandbox, record_id, words) -> None:
    before = sorted(sandbox.root.rglob("*"))
    code, _, err = cli("--root", str(sandbox.root), "new", "person", "--", record_id)
    assert code == 2
    assert words in err and "\t" not in err
    assert sorted(sandbox.root.rglob("*")) == before


def test_new_accepts_the_longest_id(cli, sandbox) -> None:
    record_id = "a" * MAX_ID_LENGTH
    code, _, _ = cli("--root", str(sandbox.root), "new", "person", record_id)
    assert code == 0
    assert (sandbox.data_dir / "person" / f"{record_id}.yaml").is_file()


def test_schema_out_at_a_file_is_a_usage_error(cli, sandbox) -> None:
    target = sandbox.root / "notes.txt"
    target.write_text("mine")
    code, _, err = cli("--root", str(sandbox.root), "schema", "--out", str(target))
    assert code == 2 and "not a folder" in err
    assert target.read_text() == "mine"
