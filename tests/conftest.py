"""Shared fixtures: the real checkout, and throwaway copies of it to break."""

from __future__ import annotations

import contextlib
import fcntl
import functools
import gc
import io
import json
import os
import pickle
import shutil
import stat
import subprocess
import sys
import tempfile
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import Any

import pytest

from civicdata.cli import main
from civicdata.project import Project

REPO = Path(__file__).resolve().parent.parent
MEMORY = Path("/dev/shm")
MEMORY_NEEDED = 4 << 30  # the suite's temporary files peak well under this


def memory_backed(folder: Path = MEMORY) -> bool:
    """Whether ``folder`` is a tmpfs the suite may use for its temporary files: mounted
    as tmpfs, writable, programs may run from it (the wheel's venv does), and room."""
    try:
        mounts = Path("/proc/mounts").read_text(encoding="utf-8").splitlines()
        found = os.statvfs(folder)
    except OSError:
        return False
    tmpfs = any(line.split()[1:3] == [str(folder), "tmpfs"] for line in mounts)
    usable = not found.f_flag & (os.ST_RDONLY | os.ST_NOEXEC)
    return tmpfs and usable and found.f_bavail * found.f_frsize >= MEMORY_NEEDED


def _temporary_files_in_memory() -> None:
    """Put this run's temporary files (pytest's ``tmp_path``, the graders' sandbox trees,
    the builds of subprocesses, which inherit TMPDIR) on tmpfs where there is one.

    The suite writes and deletes hundreds of checkout copies: on this machine's ext4
    (mounted with ``discard``) a copy of the records took 27-58 ms of CPU to write,
    on tmpfs 2 ms. Where there is no usable tmpfs, the system's folder is used as before.
    """
    if "CIVICDATA_TEST_TMPDIR" in os.environ:  # already chosen (the xdist controller's)
        return
    if os.environ.get("TMPDIR"):  # the person running the suite chose: theirs
        os.environ["CIVICDATA_TEST_TMPDIR"] = os.environ["TMPDIR"]
        return
    chosen = tempfile.gettempdir()
    folder = MEMORY / "test-suite-tmp"  # no word a test looks for in output
    if memory_backed() and _shared_folder(folder):
        chosen = str(folder)
    os.environ["CIVICDATA_TEST_TMPDIR"] = os.environ["TMPDIR"] = chosen
    tempfile.tempdir = None  # gettempdir() reads TMPDIR again


def _shared_folder(folder: Path) -> bool:
    """Make ``folder`` as /tmp is made (sticky, open to all: the grader's exercise users
    pass through it), or accept it if it already is one, owned by this user or root.
    Anything else there (a link, a file, someone else's folder) is left alone and not
    used: /dev/shm is open to every user of the machine."""
    try:
        folder.mkdir(mode=0o700)
    except FileExistsError:
        found = folder.lstat()
        return (
            stat.S_ISDIR(found.st_mode)
            and found.st_uid in (os.getuid(), 0)
            and stat.S_IMODE(found.st_mode) == 0o1777
        )
    except OSError:
        return False
    folder.chmod(0o1777)
    return True


_temporary_files_in_memory()


def _bytecode_kept() -> None:
    """Let this run's Python processes keep the bytecode they compile, as Python does
    by default, where the environment says not to (``PYTHONDONTWRITEBYTECODE``: CI
    machines and containers set it, this one included).

    The suite starts about 150 Python processes (pytest-xdist's workers, the CLI,
    mkdocs, the graders and their children), nearly all of which import pydantic,
    pytest and the package. ``uv run pytest`` on a fresh clone makes a .venv with no
    bytecode (uv compiles none unless asked), so with the variable set each of them
    compiled those modules from source again: 0.4 CPU-seconds to import the validator
    and pytest instead of 0.2, about 11 of the run's 136 CPU-seconds. What is written
    goes where Python always writes it, each module's ``__pycache__`` folder (the
    .venv, the checkout's ignored folders, the run's temporary copies), and the first
    process to import a module writes it (atomically, by rename) for the rest.
    Set here, before pytest-xdist starts its workers, which inherit the environment.
    """
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    sys.dont_write_bytecode = False


_bytecode_kept()


def grade_here(
    *args: str,
    results: Path,
    root: Path = REPO,
    env: dict[str, str] | None = None,
) -> tuple[subprocess.CompletedProcess[str], dict | None]:
    """``civicdata --root ROOT grade ARGS --results RESULTS`` run from ROOT in this
    process (``civicdata.cli.main``, its output captured). Returns the run and the
    results.json it wrote (None if it wrote none).

    For tests of what a grade says and scores, not of a fresh interpreter: the checks
    still run under the grader's pytest, the submission still in the judge's child
    process (the grading process here is the test's, as in the mutation run's one
    worker). A student's ``civicdata grade`` took 0.8 CPU-seconds in a fresh process,
    0.4 here: the interpreter, pydantic and pytest are already imported.
    """
    command = ["--root", str(root), "grade", *args, "--results", str(results)]
    out, err = io.StringIO(), io.StringIO()
    with pytest.MonkeyPatch.context() as patch:  # the folder and variables come back after
        patch.chdir(root)
        for name, value in (env or {}).items():
            patch.setenv(name, value)
        with contextlib.redirect_stdout(out), contextlib.redirect_stderr(err):
            code = main(command)
    completed = subprocess.CompletedProcess(command, code, out.getvalue(), err.getvalue())
    data = json.loads(results.read_text(encoding="utf-8")) if results.is_file() else None
    return completed, data


@contextlib.contextmanager
def clean_files_parsed_once(clean: dict[tuple[Path, bytes], Any]) -> Iterator[None]:
    """While it is open, a record file that loaded cleanly before (into ``clean``, kept by
    the caller across runs) is not parsed and validated again if its path and bytes are
    unchanged: the validator's ``load_record`` answers from ``clean``.

    For tests that validate the whole dataset again and again with one file changed
    (the YAML exercises' eighty mutants, the hostile-record property): the dataset's
    two hundred other files are the same bytes each time. The records are frozen
    models, and a file whose bytes are the same gives the same record. A file with any
    problem goes through the validator every time, and every cross-record check still
    runs on the whole dataset. Measured: 1.4 of the 3.5 CPU-seconds that grading
    exercise 12's mutants took were spent re-reading unchanged files. It goes further
    than ``record_texts_parsed_once`` (below), which every test has: that one skips
    the YAML parse of a text seen before, this one the models' validation too, and so
    shares the frozen records between the runs of one test only.
    """
    from civicdata import validate

    real = validate.load_record

    def load_record(path: Path):
        try:
            key = (path, path.read_bytes())
        except OSError:
            return real(path)
        if key in clean:
            return clean[key], []
        loaded, problems = real(path)
        if loaded is not None and not problems:
            clean[key] = loaded
        return loaded, problems

    validate.load_record = load_record
    try:
        yield
    finally:
        validate.load_record = real


PARSED_ONCE_CHARS = 64 << 10  # longer texts are the hostile tests' one-offs: not kept


@pytest.fixture(scope="session", autouse=True)
def record_texts_parsed_once() -> Iterator[None]:
    """In this test process, the validator parses each record text once.

    The suite validates a copy of the dataset about 275 times (each test that breaks
    one record validates all two hundred, as a contributor's `validate` does): 58,000
    record loads, nearly all of texts parsed before. The validator's own
    ``strict_yaml.load`` reads each file as always (the file gate and its errors are
    untouched); a text it parsed cleanly before gets a fresh copy of the same plain
    data (``strict_yaml.loads`` of a text is a function of the text alone), so the
    models validate it anew and no two tests share a mutable object. A text that
    fails to parse is parsed, and fails, every time. Measured: 4.9 CPU-seconds
    loading records over a run, 4.6 of them on repeated texts.
    """
    from civicdata import strict_yaml, validate

    real = validate.load
    parsed: dict[str, bytes] = {}

    def load(path: Path) -> dict[str, Any]:
        text = strict_yaml.read_text(path)
        if (kept := parsed.get(text)) is not None:
            return pickle.loads(kept)  # bytes this process pickled itself
        data = strict_yaml.loads(text)
        if len(text) <= PARSED_ONCE_CHARS:
            parsed[text] = pickle.dumps(data)
        return data

    validate.load = load
    try:
        yield
    finally:
        validate.load = real


@pytest.fixture
def repo() -> Project:
    return Project(REPO)


@functools.cache
def _records_and_seeds() -> tuple[tuple[str, ...], tuple[tuple[str, bytes], ...]]:
    """The checkout's seeds and records, read once per process: folders, then files.

    Several hundred tests each start from a copy: writing the bytes read once skips
    ``copytree``'s walk and ``copy2``'s metadata calls (times, modes, extended
    attributes), which no test reads; about a quarter of a copy's CPU on this ext4
    (the rest is the file system's, which the tmpfs folder above removes).
    """
    folders: list[str] = []
    files: list[tuple[str, bytes]] = []
    for top in (REPO / "seeds", REPO / "civicdata" / "data"):
        for folder, _, names in os.walk(top):
            folders.append(os.path.relpath(folder, REPO))
            for name in sorted(names):
                path = os.path.join(folder, name)
                files.append((os.path.relpath(path, REPO), Path(path).read_bytes()))
    return tuple(folders), tuple(files)


def copy_records(root: Path) -> Project:
    """Write a copy of the checkout's seeds and records under ``root``: a test's own
    checkout to change freely (exercises, docs and code are not copied)."""
    folders, files = _records_and_seeds()
    for folder in folders:
        (root / folder).mkdir(parents=True, exist_ok=True)
    for name, data in files:
        (root / name).write_bytes(data)
    return Project(root)


def copy_exercises(root: Path) -> Path:
    """Copy the checkout's exercises to ``root/exercises``, without their bytecode caches:
    a grade in another process may be writing one (under a temporary name) as it is
    copied, and a copy is a checkout as a clone has it."""
    target = root / "exercises"
    shutil.copytree(REPO / "exercises", target, ignore=shutil.ignore_patterns("__pycache__"))
    return target


@pytest.fixture
def sandbox(tmp_path: Path) -> Project:
    """A copy of the seeds and records that a test may change freely."""
    return copy_records(tmp_path)


@pytest.fixture
def checkout(sandbox: Project) -> Project:
    """A sandbox with the exercises too (see copy_exercises), for the commands that
    read or write them: grade, hint, the watch."""
    copy_exercises(sandbox.root)
    return sandbox


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


def pytest_xdist_auto_num_workers(config: pytest.Config) -> int | None:
    """``-n auto`` (pyproject.toml's addopts): one pytest-xdist worker per core, and one more.

    Much of the suite waits without using a core: the attack battery on the grader's
    per-call time limit, tests on the processes they start, the browser tests on
    chromium (whose CPU is its own). With a worker per core, a core idled through
    each wait; the extra worker fills them: on the 2-core machine the suite took
    65.8 and 67.1 s with 3 workers against 69.5 and 69.2 s with 2, for 4 to 7 more
    CPU-seconds (the extra worker's start and collection). ``PYTEST_XDIST_AUTO_NUM_WORKERS``
    still decides where it is set, and ``-n N`` as always.
    """
    if os.environ.get("PYTEST_XDIST_AUTO_NUM_WORKERS"):
        return None  # xdist's own hook reads it
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (cores or 1) + 1


def pytest_collection_finish(session: pytest.Session) -> None:
    """Once collected, the cyclic garbage collector leaves what is there alone.

    Each worker holds a large heap that lives for the whole run: pytest, pydantic's
    schemas, the collected tests, the package's modules. Python's collector scanned
    all of it again at each full collection, about seventeen per worker, and ran a
    young collection every 700 allocations: 1.2 to 1.5 CPU-seconds of collecting
    per worker, about 4 over a run. ``gc.freeze()`` moves what the collection made
    out of the collector's sight (it stays alive, as it would anyway), and a young
    collection every 10,000 allocations keeps the tests' own garbage in check: 1.3
    CPU-seconds over a run (measured with ``gc.callbacks``). What was frozen is never
    collected, even a cycle of it that later becomes garbage: the process ends with
    the run. The tests' own cycles are still freed, less often; no test depends on when.
    """
    gc.collect()
    gc.freeze()
    gc.set_threshold(10_000, 20, 20)


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


def _git(root, *args) -> str:
    """Run git in ``root``; what it printed."""
    done = subprocess.run(["git", "-C", str(root), *args], check=True, capture_output=True)
    return done.stdout.decode()


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
    student edition and autograder.zip. A test that changes either works on a copy.

    The CLI runs in the process of the first worker that asks (assign reads and
    writes files only; a fresh interpreter would add its start and imports)."""

    def make(folder: Path) -> None:
        said = io.StringIO()
        with contextlib.redirect_stdout(io.StringIO()), contextlib.redirect_stderr(said):
            code = main(["--root", str(REPO), "assign", str(folder / "course")])
        (folder / "refused.txt").write_text(
            "" if code == 0 else said.getvalue().strip() or "no message"
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
