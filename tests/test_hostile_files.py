"""Which files are records: one gate, every command, nothing skipped in silence, nothing followed."""

from __future__ import annotations

import contextlib
import io
import os
import signal
import subprocess
import sys
import time
from contextlib import redirect_stderr, redirect_stdout
from pathlib import Path
from typing import NamedTuple

import pytest

from civicdata.cli import main
from civicdata.record_files import scan

SECRET = "outside-secret-key-name"


class Ran(NamedTuple):
    returncode: int
    stdout: str
    stderr: str


def _hung(signum: int, frame: object) -> None:
    raise TimeoutError("the command waited on a file it should have refused")


def _run(root: Path, *args: str, timeout: int = 30) -> Ran:
    """``civicdata --root ROOT ARGS`` run from ROOT, in this process.

    In-process rather than a fresh interpreter per case (about 0.15 s of CPU each, over
    fifty cases): what these tests judge is the gate's answer, and the alarm turns a
    read that blocks (a FIFO opened by mistake) into a failure instead of a hang. An
    exception escaping ``main`` fails the test as a traceback would.
    """
    out, err = io.StringIO(), io.StringIO()
    previous = signal.signal(signal.SIGALRM, _hung)
    signal.alarm(timeout)
    try:
        with contextlib.chdir(root), redirect_stdout(out), redirect_stderr(err):
            code = main(["--root", str(root), *args])
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, previous)
    return Ran(code, out.getvalue(), err.getvalue())


def _commit(root: Path) -> None:
    for args in (["init", "-q", "-b", "main"], ["add", "-A"], ["commit", "-qm", "base"]):
        subprocess.run(
            ["git", "-C", str(root), "-c", "user.email=t@e.org", "-c", "user.name=t", *args],
            check=True,
            capture_output=True,
        )


@pytest.fixture
def outside(tmp_path_factory) -> Path:
    secret = tmp_path_factory.mktemp("elsewhere") / "secret.yaml"
    secret.write_text(f"id: secret\n{SECRET}: hunter2\n")
    return secret


def _plant(kind: str, sandbox, outside: Path) -> Path:
    person = sandbox.data_dir / "person"
    if kind == "link out":
        (person / "secret.yaml").symlink_to(outside)
    elif kind == "dangling link":
        (person / "gone.yaml").symlink_to(person / "no-such-target.yaml")
    elif kind == "link to /dev/zero":
        (person / "zero.yaml").symlink_to("/dev/zero")
    elif kind == "fifo":
        os.mkfifo(person / "pipe.yaml")
    elif kind == "linked kind folder":
        (sandbox.data_dir / "event").rename(sandbox.root / "real-event")
        (sandbox.data_dir / "event").symlink_to(sandbox.root / "real-event")
    return person


NOT_REGULAR = ["link out", "dangling link", "link to /dev/zero", "fifo", "linked kind folder"]


@pytest.mark.parametrize("kind", NOT_REGULAR)
def test_not_a_regular_file_is_reported_and_never_opened(kind, sandbox, outside) -> None:
    _plant(kind, sandbox, outside)
    started = time.perf_counter()
    result = _run(sandbox.root, "validate", timeout=20)
    assert time.perf_counter() - started < 20
    assert result.returncode == 1, result.stdout + result.stderr
    assert "not a regular file" in result.stdout
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["link out", "dangling link", "link to /dev/zero", "fifo"])
def test_docs_pages_pass_the_same_gate(kind, sandbox, outside) -> None:
    """validate also reads docs/ pages (the privacy check): a link, FIFO or device there
    is reported at the page, never followed or waited on."""
    docs = sandbox.root / "docs"
    docs.mkdir()
    (docs / "index.md").write_text("# A page\n")
    page = docs / "page.md"
    if kind == "link out":
        outside.write_text(f"{SECRET} Anlin Wang's lawsuit\n")
        page.symlink_to(outside)
    elif kind == "dangling link":
        page.symlink_to(docs / "no-such-page.md")
    elif kind == "link to /dev/zero":
        page.symlink_to("/dev/zero")
    else:
        os.mkfifo(page)
    result = _run(sandbox.root, "validate", timeout=20)
    assert result.returncode == 1, result.stdout + result.stderr
    assert "page.md:1:1: error: not checked:" in result.stdout
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr
    assert "index.md" not in result.stdout  # a regular page is read as before


@pytest.mark.parametrize("kind", NOT_REGULAR)
@pytest.mark.parametrize("command", [["stats"], ["export", "--format", "json", "--out", "x.json"]])
def test_other_commands_refuse_through_the_same_gate(kind, command, sandbox, outside) -> None:
    _plant(kind, sandbox, outside)
    result = _run(sandbox.root, *command, timeout=20)
    assert result.returncode == 1
    assert "not a regular file" in result.stdout
    assert "Traceback" not in result.stderr
    assert SECRET not in result.stdout + result.stderr


@pytest.mark.parametrize("kind", ["link out", "dangling link", "link to /dev/zero", "fifo"])
def test_diff_of_the_working_tree_reports_without_reading(kind, sandbox, outside) -> None:
    _commit(sandbox.root)
    _plant(kind, sandbox, outside)
    result = _run(sandbox.root, "diff", "HEAD", timeout=20)
    assert result.returncode == 1, result.stderr  # reported, and not a clean diff
    assert "not a regular file" in result.stdout
    assert "hunter2" not in result.stdout and SECRET not in result.stdout


def test_diff_of_a_committed_symlink_is_refused(sandbox, outside) -> None:
    _commit(sandbox.root)
    _plant("link out", sandbox, outside)
    _commit(sandbox.root)
    result = _run(sandbox.root, "diff", "HEAD~1", "HEAD")
    assert result.returncode == 1
    assert "symbolic link, not a regular file" in result.stdout
    assert "hunter2" not in result.stdout


MISNAMED = [
    ("person/katia-perez.yml", "record files end in `.yaml`"),
    ("person/katia-perez.YAML", "record files end in `.yaml`"),
    ("person/katia-perez", "is not a record file"),
    ("person/drafts/katia-perez.yaml", "not in a subfolder"),
    ("katia-perez.yaml", "sits in a kind folder"),
    ("people/katia-perez.yaml", "`people/` is not a record folder"),
    ("person/.yaml", "is not a record file"),
]


@pytest.mark.parametrize(("name", "message"), MISNAMED, ids=[m[0] for m in MISNAMED])
def test_misplaced_files_are_reported_not_skipped(name, message, sandbox, cli) -> None:
    path = sandbox.data_dir / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("id: katia-perez\nname: Katia\n")
    code, out, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 1
    line = next(row for row in out.splitlines() if ": error: " in row)
    assert line.startswith(f"{path}:1:1: error: "), out
    assert message in line
    assert out.count(": error: ") == 1


def test_scan_never_follows_a_linked_folder(sandbox, outside) -> None:
    folder = sandbox.data_dir / "person" / "more"
    folder.symlink_to(outside.parent, target_is_directory=True)
    entries = {entry.path: entry for entry in scan(sandbox.data_dir)}
    assert entries[folder].problem is not None
    assert not any(str(path).startswith(str(folder) + "/") for path in entries)


@pytest.mark.parametrize("root", ["/nonexistent", "relative/missing"])
def test_a_missing_root_is_a_usage_error(root, cli) -> None:
    code, out, err = cli("--root", root, "validate")
    assert code == 2
    assert "does not exist" in err and out == ""


def test_a_folder_that_is_not_a_checkout_is_a_usage_error(tmp_path, cli) -> None:
    code, _, err = cli("--root", str(tmp_path), "stats")
    assert code == 2 and "not a civicdata checkout" in err


def test_outside_a_checkout_validate_names_the_data_it_checked(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "civicdata", "validate"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    assert "not inside a checkout" in result.stderr
    assert "civicdata/data" in result.stderr  # the root it checked, named


def test_an_explicit_file_outside_the_data_folder_passes_the_same_gate(sandbox, outside, cli):
    """A named draft inside the checkout is read only if it is a regular .yaml file."""
    drafts = sandbox.root / "drafts" / "person"
    drafts.mkdir(parents=True)
    link = drafts / "link.yaml"
    link.symlink_to(outside)
    fifo = drafts / "pipe.yaml"
    os.mkfifo(fifo)
    for given, words in [
        (link, "symbolic link, not a regular file"),
        (fifo, "named pipe (FIFO), not a regular file"),
        (drafts / "missing.yaml", "no such file"),
    ]:
        code, out, _ = cli("--root", str(sandbox.root), "validate", str(given))
        assert code == 1 and words in out, out
        assert SECRET not in out


@pytest.mark.parametrize("given", ["/etc/passwd", "outside"])
def test_a_file_outside_the_checkout_is_not_read(sandbox, outside, cli, given) -> None:
    path = outside if given == "outside" else Path(given)
    code, out, _ = cli("--root", str(sandbox.root), "validate", str(path))
    assert code == 1
    assert "outside the checkout" in out
    assert SECRET not in out and "root:" not in out


def test_a_seed_that_is_not_utf8_is_a_located_problem(sandbox) -> None:
    seed = next(sandbox.seeds_dir.glob("*.txt"))
    seed.write_bytes(b"Caf\xe9 au lait\n")
    result = _run(sandbox.root, "validate")
    assert result.returncode == 1
    assert "Traceback" not in result.stderr
    assert f"seeds/{seed.name}` cannot be used: 1:4: this file is not UTF-8" in result.stdout


def test_a_seed_that_is_a_link_is_not_followed(sandbox, outside) -> None:
    seed = next(sandbox.seeds_dir.glob("*.txt"))
    seed.unlink()
    seed.symlink_to(outside)
    result = _run(sandbox.root, "validate")
    assert result.returncode == 1
    assert "symbolic link" in result.stdout and SECRET not in result.stdout


def test_a_linked_data_folder_is_not_followed(sandbox, outside, cli) -> None:
    data = sandbox.data_dir
    data.rename(sandbox.root / "real-data")
    (outside.parent / "person").mkdir()
    (outside.parent / "person" / "secret.yaml").write_text(outside.read_text())
    data.symlink_to(outside.parent, target_is_directory=True)
    code, out, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 1
    assert "data/ is a symbolic link; it was not followed" in out
    assert SECRET not in out


def test_a_missing_data_folder_is_a_problem_not_an_empty_dataset(tmp_path) -> None:
    from civicdata.loading import DatasetError, load

    with pytest.raises(DatasetError, match="no data folder here"):
        load(tmp_path)


def test_stats_outside_a_checkout_counts_the_packaged_records(tmp_path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "civicdata", "stats"],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        check=False,
    )
    assert result.returncode == 0, result.stdout + result.stderr
    total = next(line for line in result.stdout.splitlines() if line.startswith("total"))
    assert int(total.split()[-1]) > 0


def _git(root: Path, *args: str) -> subprocess.CompletedProcess:
    return subprocess.run(
        ["git", "-C", str(root), "-c", "user.email=t@e.org", "-c", "user.name=t", *args],
        check=True,
        capture_output=True,
    )


def _plant_folder(kind: str, sandbox) -> Path:
    """Folders the walk would otherwise pass through without meeting a file."""
    person = sandbox.data_dir / "person"
    if kind == "empty folder named like a record":
        (person / "ghost.yaml").mkdir()
        return person / "ghost.yaml"
    if kind == "empty folder in a kind folder":
        (person / "drafts").mkdir()
        return person / "drafts"
    if kind == "empty folders nested":
        (person / "a" / "b").mkdir(parents=True)
        return person / "a" / "b"
    if kind == "empty unknown kind folder":
        (sandbox.data_dir / "peeple").mkdir()
        return sandbox.data_dir / "peeple"
    if kind == "uninitialised submodule":  # what `git clone` leaves for a submodule
        (person / "ghost.yaml").mkdir()
        return person / "ghost.yaml"
    if kind == "initialised submodule":  # a folder with a `.git` file and records inside
        sub = person / "ghost.yaml"
        sub.mkdir()
        (sub / ".git").write_text("gitdir: ../../../.git/modules/ghost\n")
        (sub / "mallory.yaml").write_text("id: mallory\nname: Mallory\n")
        return sub
    if kind == "nested clone":
        sub = sandbox.data_dir / "event" / "vendor"
        (sub / ".git").mkdir(parents=True)
        (sub / "x.yaml").write_text("id: x\n")
        return sub
    raise AssertionError(kind)


FOLDERS = [
    "empty folder named like a record",
    "empty folder in a kind folder",
    "empty folders nested",
    "empty unknown kind folder",
    "uninitialised submodule",
    "initialised submodule",
    "nested clone",
]


@pytest.mark.parametrize("kind", FOLDERS)
def test_a_folder_with_nothing_to_read_is_a_located_problem(kind, sandbox, cli) -> None:
    planted = _plant_folder(kind, sandbox)
    code, out, _ = cli("--root", str(sandbox.root), "validate")
    assert code == 1, out
    shown = f"{planted.relative_to(sandbox.root)}:1:1: error:"
    [line] = [line for line in out.splitlines() if shown in line]
    assert "folder" in line or "repository" in line
    assert "mallory" not in out  # a nested repository's files are not read


def test_an_empty_kind_folder_is_just_a_kind_without_records(sandbox, cli) -> None:
    for record in (sandbox.data_dir / "ruling").iterdir():
        record.unlink()
    _, out, _ = cli("--root", str(sandbox.root), "validate")
    assert "civicdata/data/ruling:" not in out


@pytest.mark.parametrize("kind", ["uninitialised submodule", "initialised submodule"])
def test_diff_of_the_working_tree_reports_a_submodule_and_exits_1(kind, sandbox) -> None:
    _commit(sandbox.root)
    _plant_folder(kind, sandbox)
    result = _run(sandbox.root, "diff", "HEAD")
    assert result.returncode == 1, result.stdout + result.stderr
    assert "person/ghost.yaml" in result.stdout and "could not be read" in result.stdout


def test_diff_of_a_committed_submodule_reports_it_and_exits_1(sandbox) -> None:
    _commit(sandbox.root)
    commit = _git(sandbox.root, "rev-parse", "HEAD").stdout.decode().strip()
    # A gitlink at a record path, as `git submodule add` would commit it.
    _git(
        sandbox.root,
        "update-index",
        "--add",
        "--cacheinfo",
        f"160000,{commit},civicdata/data/person/ghost.yaml",
    )
    _git(sandbox.root, "commit", "-qm", "submodule")
    for args in (["HEAD~1", "HEAD"], ["HEAD", "HEAD~1"]):
        result = _run(sandbox.root, "diff", *args)
        assert result.returncode == 1, result.stdout + result.stderr
        assert "civicdata/data/person/ghost.yaml" in result.stdout or args[0] == "HEAD"


def test_an_uninitialised_submodule_at_a_kind_folder_is_a_located_problem(sandbox):
    """Git leaves a submodule nobody initialised as an empty folder: at a kind's place
    it looked like a kind with no records yet, and none of its records was checked."""
    from civicdata.project import Project
    from civicdata.validate import validate

    rulings = sandbox.data_dir / "ruling"
    for path in rulings.iterdir():
        path.unlink()
    (sandbox.root / ".gitmodules").write_text(
        '[submodule "rulings"]\n\tpath = civicdata/data/ruling\n\turl = https://example.org/r\n'
    )
    problems = [p for p in validate(Project(sandbox.root)).problems if p.path == rulings]
    assert len(problems) == 1 and "empty folder" in problems[0].message
    assert "submodule" in (problems[0].hint or "")
    (sandbox.root / ".gitmodules").unlink()  # without the declaration: a kind with no records
    assert [p for p in validate(Project(sandbox.root)).problems if p.path == rulings] == []
