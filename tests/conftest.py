"""Shared fixtures: the real checkout, and throwaway copies of it to break."""

from __future__ import annotations

import fcntl
import json
import os
import shutil
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from civicdata.cli import main
from civicdata.project import Project

REPO = Path(__file__).resolve().parent.parent


def grade_cli(
    *args: str,
    results: Path,
    root: Path = REPO,
    env: dict[str, str] | None = None,
    timeout: float | None = None,
) -> tuple[subprocess.CompletedProcess[str], dict | None]:
    """``civicdata --root ROOT grade ARGS --results RESULTS`` in a fresh process, as a
    student runs it. Returns the run and the results.json it wrote (None if it wrote none)."""
    command = [sys.executable, "-m", "civicdata", "--root", str(root), "grade", *args]
    completed = subprocess.run(
        [*command, "--results", str(results)],
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        env={**os.environ, **(env or {})},
        timeout=timeout,
    )
    data = json.loads(results.read_text(encoding="utf-8")) if results.is_file() else None
    return completed, data


@pytest.fixture
def repo() -> Project:
    return Project(REPO)


@pytest.fixture
def sandbox(tmp_path: Path) -> Project:
    """A copy of the seeds and records that a test may change freely."""
    shutil.copytree(REPO / "seeds", tmp_path / "seeds")
    shutil.copytree(REPO / "civicdata" / "data", tmp_path / "civicdata" / "data")
    return Project(tmp_path)


@pytest.fixture
def cli(capsys: pytest.CaptureFixture[str]) -> Callable[..., tuple[int, str, str]]:
    """Run the CLI in-process; returns (exit code, stdout, stderr)."""

    def run(*args: str) -> tuple[int, str, str]:
        code = main(list(args))
        out, err = capsys.readouterr()
        return code, out, err

    return run


def build_site(site_dir: Path, records_root: Path | None = None) -> subprocess.CompletedProcess:
    """Run a strict mkdocs build of this checkout's docs into ``site_dir``."""
    environment = {**os.environ, "NO_MKDOCS_2_WARNING": "1"}
    if records_root is not None:
        environment["CIVICDATA_ROOT"] = str(records_root)
    return subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(site_dir)],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env=environment,
    )


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    """Tests of an ``xdist_group`` first, group by group, the rest after, each in its order.

    A group (one grading run per attack mode, one browser per width) is one long
    unit of work for one pytest-xdist worker; started last, it would leave the other
    workers idle at the end of the run. Started first, the short tests fill the gaps.
    Each group's tests run one after another (without xdist too): a module fixture
    that several test functions share per group (the attack battery's run in each
    mode) is then made once, not again each time another group's tests came between.
    The sort is stable and the same in every worker, as xdist requires.
    """

    def key(item: pytest.Item) -> tuple[bool, str]:
        group = item.get_closest_marker("xdist_group")
        name = (group.args[0] if group.args else group.kwargs.get("name", "")) if group else ""
        return group is None, str(name)

    items.sort(key=key)


def made_once(
    tmp_path_factory: pytest.TempPathFactory, name: str, make: Callable[[Path], None]
) -> Path:
    """A folder made by ``make`` once per run, shared by every pytest-xdist worker.

    Under xdist each worker has its own session, so a session fixture would build the
    site (or the course) once per worker; the first worker to ask builds it here under
    a lock, and the others wait for it and read the same folder. ``make`` fills the
    folder it is given; a failure leaves no mark, so the next worker tries again and
    fails the same way, in its own test.
    """
    base = tmp_path_factory.getbasetemp()
    shared = base.parent if os.environ.get("PYTEST_XDIST_WORKER") else base
    folder = shared / f"shared-{name}"
    done = shared / f"shared-{name}.done"
    with (shared / f"shared-{name}.lock").open("w") as lock:
        fcntl.flock(lock, fcntl.LOCK_EX)
        if not done.exists():
            shutil.rmtree(folder, ignore_errors=True)
            folder.mkdir()
            make(folder)
            done.touch()
    return folder


@pytest.fixture(scope="session")
def built_site(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """The real site, built once per test run (read only)."""

    def make(folder: Path) -> None:
        result = build_site(folder / "site")
        assert result.returncode == 0, result.stderr

    return made_once(tmp_path_factory, "site", make) / "site"


def _git(root, *args):
    subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)


@pytest.fixture
def history(sandbox):
    """A git repository of the sandbox with a base commit and an edited head commit."""
    root = sandbox.root
    _git(root, "init", "-q", "-b", "main")
    _git(root, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    _git(root, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "base")
    data = sandbox.data_dir
    krasner = data / "person" / "larry-krasner.yaml"
    krasner.write_text(krasner.read_text().replace("start: 2018-01", "start: 2018-01-02"))
    (data / "person" / "jane-doe.yaml").write_text("id: jane-doe\nname: Jane Doe\n")
    (data / "organization" / "whyy.yaml").unlink()
    old = data / "organization" / "politico.yaml"
    (data / "organization" / "politico-news.yaml").write_text(
        old.read_text().replace("id: politico", "id: politico-news")
    )
    old.unlink()
    broken = data / "event" / "kenney-meets-vamos-juntos-2018-07.yaml"
    broken.write_text("id: kenney-meets-vamos-juntos-2018-07\ntitle: a\ntitle: b\n")
    _git(root, "-c", "user.email=t@example.org", "-c", "user.name=t", "add", "-A")
    _git(root, "-c", "user.email=t@example.org", "-c", "user.name=t", "commit", "-qm", "head")
    return sandbox


@pytest.fixture(scope="session")
def assigned_course(tmp_path_factory) -> Path:
    """One `civicdata assign` of this checkout for the whole run (read only): its
    student edition and autograder.zip. A test that changes either works on a copy."""

    def make(folder: Path) -> None:
        command = ["-m", "civicdata", "--root", str(REPO), "assign", str(folder / "course")]
        completed = subprocess.run(
            [sys.executable, *command], capture_output=True, text=True, check=False
        )
        (folder / "refused.txt").write_text(
            "" if completed.returncode == 0 else completed.stderr.strip() or "no message"
        )

    folder = made_once(tmp_path_factory, "assign", make)
    refused = (folder / "refused.txt").read_text()
    if refused:
        pytest.skip(f"civicdata assign refused this checkout: {refused}")
    return folder / "course"


@pytest.fixture(scope="session")
def autograder_zip(assigned_course: Path) -> Path:
    """The run's autograder.zip, for the attack tests (read only)."""
    return assigned_course / "autograder.zip"
