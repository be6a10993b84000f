"""Writes that could lose data: exports, `new` and `schema --out` refuse rather than overwrite."""

from __future__ import annotations

import os
import stat
import subprocess
import sys
from pathlib import Path

import pytest

from civicdata.export.formats import EXPORT_FORMATS
from civicdata.models.base import MAX_ID_LENGTH

# Every format that writes one file (csv writes a folder: tested on its own below).
FILE_FORMATS = {fmt.name: f"x.{fmt.default_out}" for fmt in EXPORT_FORMATS if not fmt.folder}


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


def test_schema_out_replaces_a_link_instead_of_writing_through_it(cli, sandbox, tmp_path) -> None:
    victim = tmp_path / "bashrc"
    victim.write_text("keep me")
    out = sandbox.root / "schemas-out"
    out.mkdir()
    (out / "person.schema.json").symlink_to(victim)
    code, _, _ = cli("--root", str(sandbox.root), "schema", "--out", str(out))
    assert code == 0
    assert victim.read_text() == "keep me"
    assert not (out / "person.schema.json").is_symlink()


def test_schema_out_refuses_a_folder_named_like_a_schema(cli, sandbox) -> None:
    out = sandbox.root / "schemas-out"
    (out / "person.schema.json").mkdir(parents=True)
    code, _, err = cli("--root", str(sandbox.root), "schema", "--out", str(out))
    assert code == 1 and "Traceback" not in err and "person.schema.json" in err


def test_new_does_not_write_through_a_linked_kind_folder(cli, sandbox, tmp_path) -> None:
    person = sandbox.data_dir / "person"
    person.rename(tmp_path / "elsewhere")
    person.symlink_to(tmp_path / "elsewhere", target_is_directory=True)
    code, _, err = cli("--root", str(sandbox.root), "new", "person", "jane-doe")
    assert code == 1 and "symbolic link" in err
    assert not (tmp_path / "elsewhere" / "jane-doe.yaml").exists()


def test_hint_and_grade_replace_a_planted_link_instead_of_writing_through_it(
    cli, checkout, tmp_path
) -> None:
    """The grader's own files (the hints ladder, results.json) are written through a
    temporary file and a rename: a link planted at their path is replaced, its target kept."""
    victim = tmp_path / "settings.json"
    victim.write_text("{}")  # valid JSON: a link to anything else is refused as not a hints file
    hints = checkout.root / ".civicdata" / "hints.json"
    hints.parent.mkdir()
    hints.symlink_to(victim)
    code, out, _ = cli("--root", str(checkout.root), "hint", "01")
    assert code == 0 and "hint 1 of" in out
    results = checkout.root / "results.json"
    results.symlink_to(victim)
    code, _, _ = cli("--root", str(checkout.root), "grade", "01", "--results", str(results))
    assert victim.read_text() == "{}"
    assert not hints.is_symlink() and not results.is_symlink()
    assert '"max_score"' in results.read_text()


@pytest.mark.parametrize("planted", ["fifo", "huge"])
def test_hint_refuses_a_fifo_or_a_huge_file_at_the_hints_file_without_blocking(checkout, planted):
    """The hints file is read through files_io: a FIFO is refused without a read that
    could block, a file over 64 KiB is refused unread; both are left as they are."""
    hints = checkout.root / ".civicdata" / "hints.json"
    hints.parent.mkdir()
    if planted == "fifo":
        os.mkfifo(hints)
    else:
        hints.write_text("{" + " " * (1 << 20) + "}")
    completed = subprocess.run(
        [sys.executable, "-m", "civicdata", "--root", str(checkout.root), "hint", "01"],
        capture_output=True,
        text=True,
        check=False,
        timeout=60,
    )
    assert completed.returncode == 1, completed.stderr
    assert "is not a hints file civicdata wrote" in completed.stderr
    assert "Traceback" not in completed.stderr
    assert hints.is_fifo() if planted == "fifo" else hints.stat().st_size > 1 << 20  # kept
