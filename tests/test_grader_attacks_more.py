"""More attacks on the autograder as Gradescope runs it (issue 23's unseen attacks).

Each test unpacks `civicdata assign`'s autograder.zip into a temporary
AUTOGRADER_ROOT, puts attack code beside the stubs of the submission and
runs the grader as root, as Gradescope does. Where an attack needs a barrier
to be missing to be tried at all (a kernel without Landlock), the grader runs
in the test's process with that barrier taken away (``without_landlock_reads``),
so the next one is what is tested.
"""

from __future__ import annotations

import contextlib
import io
import json
import os
import shutil
import sys
import tempfile
import textwrap
import time
import zipfile
from dataclasses import replace
from pathlib import Path

import pytest

from civicdata.grading import sandbox
from tests.conftest import REPO, copy_exercises, copy_records

USER_SWITCH = sandbox.is_root() and sandbox.interpreter() is not None
needs_root = pytest.mark.skipif(
    not USER_SWITCH, reason="as Gradescope runs it: root, and a Python other users can run"
)


@pytest.fixture
def without_landlock_reads(monkeypatch: pytest.MonkeyPatch) -> None:
    """The grader (this process) with Landlock's read rules opened to the whole file
    system: what a container whose kernel (or seccomp profile) has no Landlock leaves,
    where the exercise's own user is the only barrier left. The grader, run here, then
    starts, switches and confines its children as in any grade (the suite runs as root
    where these tests run); the attacks need no fresh grader process."""
    monkeypatch.setattr(sandbox, "read_paths", lambda copy, keep_out: ["/"])
    monkeypatch.setenv("CIVICDATA_GRADE_TIMEOUT", "2")


@pytest.fixture
def base():
    """A temporary folder every user may pass through, as /autograder is on Gradescope
    (pytest's own tmp_path lies in a 0700 folder, a barrier Gradescope does not have)."""
    folder = Path(tempfile.mkdtemp(prefix="cdattack-", dir="/tmp"))
    folder.chmod(0o755)
    yield folder
    shutil.rmtree(folder, ignore_errors=True)


def _stub(exercise: str) -> str:
    return (REPO / "exercises" / exercise / "exercise.py").read_text()


def gradescope(zip_path: Path, root: Path, files: dict[str, str]) -> dict:
    """The autograder's grader on a submission of ``files`` (path: text), as
    run_autograder starts it (from the unzipped source/, as root), in this process;
    its results and output."""
    from civicdata.grading.gradescope import main

    root.mkdir(parents=True, exist_ok=True)
    root.chmod(0o755)
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
    for name, text in files.items():
        path = root / "submission" / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(text.replace("{root}", str(root)))
    tmp = Path(tempfile.mkdtemp(prefix="cdattack-", dir="/tmp"))
    tmp.chmod(0o755)
    try:
        with pytest.MonkeyPatch.context() as patch:
            patch.chdir(root / "source")
            patch.setattr(tempfile, "tempdir", str(tmp))  # the grader's copy, the sandbox
            with contextlib.redirect_stdout(io.StringIO()) as stdout:
                code = main(["--autograder-root", str(root)])
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    text = (root / "results" / "results.json").read_text()
    return {"code": code, "stdout": stdout.getvalue(), "data": json.loads(text), "text": text}


@needs_root
def test_with_neither_a_user_switch_nor_landlock_nothing_is_graded(
    autograder_zip, base, monkeypatch
):
    """An image whose only Python 3.11 lies in root's private home (uv's, on Ubuntu
    22.04), on a kernel without Landlock: the children would run as root, unconfined,
    able to read the hidden checks and rewrite results.json. The autograder refuses to
    grade and says why; with either barrier it grades."""
    from civicdata.grading import gradescope as module
    from civicdata.grading import judge

    monkeypatch.setattr(judge, "why_no_user_switch", lambda: "no Python other users may read")
    monkeypatch.setattr(sandbox, "landlock_abi", lambda: 0)
    ran = gradescope(
        autograder_zip, base / "root", {"01_load_and_read.py": _stub("01_load_and_read")}
    )
    assert ran["data"]["score"] == 0 and ran["data"]["tests"] == []
    assert "cannot be contained" in ran["data"]["output"], ran["data"]["output"]
    assert "no Python other users may read" in ran["data"]["output"]
    monkeypatch.setattr(sandbox, "landlock_abi", lambda: 7)
    module.refuse_uncontained()  # Landlock alone holds the children
    monkeypatch.setattr(sandbox, "landlock_abi", lambda: 0)
    monkeypatch.setattr(judge, "why_no_user_switch", lambda: None)
    module.refuse_uncontained()  # their own users alone do


PRINTS_ITS_INPUTS = textwrap.dedent(
    """
    def certainly_before(a, b):
        print("ASKED", a, b)
        return False

    def status_on(policy, day):
        print("ASKED", policy.id, day)
        return None
    """
)


@needs_root
def test_what_a_child_prints_never_shows_the_hidden_checks_inputs(autograder_zip, base):
    """On Gradescope what the student's code prints is shown before the due date. A
    child that also made the hidden calls printed their inputs there (the hidden real
    records and dates, the generated datasets' asks), and a table of answers looked up
    from them passed the hidden checks. The hidden calls run in a child of their own:
    the public inputs are printed, the hidden ones nowhere a student reads."""
    import re
    import runpy
    import warnings

    from civicdata.grading.calls import declared

    pairs = re.compile(r"certainly_before\('([^']*)', '([^']*)'\)|\.get\('([^']*)'\), '([^']*)'\)")

    def printed_by(module: str) -> set[str]:
        """The lines PRINTS_ITS_INPUTS prints for the calls a check module declares (the
        module run as a script: nothing of it stays imported in this process)."""
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # its `task` mark is the grader's, unknown here
            names = runpy.run_path(str(REPO / "exercises" / "03_partial_dates" / f"{module}.py"))
        return {
            "ASKED " + " ".join(part for part in found.groups() if part is not None)
            for call in declared(names)
            if (found := pairs.search(call))
        }

    public = printed_by("test_03_partial_dates")
    hidden_only = printed_by("test_03_partial_dates_hidden") - public
    assert len(hidden_only) >= 8 and "ASKED 2020 2020-12-31" in hidden_only
    ran = gradescope(autograder_zip, base / "root", {"03_partial_dates.py": PRINTS_ITS_INPUTS})
    shown = {
        line.removeprefix("| ")
        for line in (ran["data"]["output"] + "\n" + ran["stdout"]).splitlines()
    }
    assert "ASKED 2018-06 2018-07-11" in shown  # a public call's inputs, as printed
    assert shown & hidden_only == set()
    assert all("ASKED" not in t["output"] for t in ran["data"]["tests"])
    assert any(t["tags"][0] == "03_partial_dates" for t in ran["data"]["tests"])


ORACLE = textwrap.dedent(
    """
    import glob
    found = glob.glob('{root}/**/test_*.py', recursive=True)
    found += glob.glob('{root}/source/exercises/*/test_*.py')
    read = 0
    for path in found:
        try:
            open(path).read()
            read += 1
        except OSError:
            pass
    print(f'ORACLE READ {read} FILES')
    """
)


@needs_root
def test_without_landlock_the_checks_stay_unreadable_to_the_exercise_user(
    autograder_zip, base, without_landlock_reads
):
    """The unzipped source/ is 0755/0644: the user switch alone must still keep it out."""
    exercise = "01_load_and_read"
    found = gradescope(
        autograder_zip,
        base / "autograder",
        {f"exercises/{exercise}/exercise.py": _stub(exercise) + ORACLE},
    )
    stdout = found["stdout"]
    assert found["code"] == 0
    assert "ORACLE READ 0 FILES" in stdout, stdout[-3000:]
    assert found["data"]["score"] == 0


@needs_root
def test_without_landlock_earlier_results_stay_unreadable_to_the_exercise_user(
    autograder_zip, base, without_landlock_reads
):
    """Gradescope's submission_metadata.json (world-readable as written) holds the earlier
    submissions' results, hidden checks' messages included: the autograder makes it
    root's alone before any child starts."""
    root = base / "autograder"
    root.mkdir()
    metadata = root / "submission_metadata.json"
    metadata.write_text('{"previous_submissions": [{"results": "returned 1, expected 2"}]}')
    metadata.chmod(0o644)
    reads = f"\ntry:\n    print('META', open({str(metadata)!r}).read())\nexcept OSError:\n    print('META REFUSED')\n"
    exercise = "01_load_and_read"
    found = gradescope(
        autograder_zip, root, {f"exercises/{exercise}/exercise.py": _stub(exercise) + reads}
    )
    assert "META REFUSED" in found["stdout"], found["stdout"][-3000:]
    assert "expected 2" not in found["stdout"] + found["text"]


# --- counterexample rounds: the time new children may take ------------------------

# Endless, and idle: the time limit is wall-clock time, which an endless loop waiting
# on a sleep uses up as a busy one does (without burning half a CPU-second for it).
LOOPS_WHEN_ASKED_AGAIN = (
    "import time\n\ndef claims_by_speaker(data, speaker):\n"
    "    while True:\n        time.sleep(0.05)\n"
)


def test_an_exercises_counterexamples_share_one_time_budget(tmp_path, monkeypatch):
    """Wrong at once, then an endless loop in every shrinking child: without a budget
    each failing check cost its rounds' time limits, minutes over a whole submission."""
    from civicdata.grading import plugin
    from civicdata.grading.judge import Job, Run

    monkeypatch.setattr(plugin, "SHRINK_TIMEOUT", 0.5)  # the loop waits it out
    student = tmp_path / "exercise.py"
    student.write_text(LOOPS_WHEN_ASKED_AGAIN)
    call = "claims_by_speaker(dataset, 'larry-krasner')"
    job = Job("02_filter_and_sort", REPO, student, Path("exercises/02/exercise.py"), [call], 1.0)
    asked: dict[str, float] = {}
    first = plugin.Judged(Run(), [call], job, asked)
    assert "time limit" in first.ask([call])[call].error
    assert asked["02_filter_and_sort"] == plugin.SHRINK_BUDGET  # a round met its time limit
    later = plugin.Judged(Run(), [call], job, asked)  # another check of the same exercise
    with pytest.raises(plugin.AskRefused):
        later.ask([call])
    other = replace(job, exercise="03_partial_dates")
    spent = {"": plugin.SESSION_SHRINK_BUDGET}  # every exercise's rounds together
    with pytest.raises(plugin.AskRefused):
        plugin.Judged(Run(), [call], other, spent).ask([call])


def test_a_refused_ask_ends_the_shrinking_with_the_unshrunk_counterexample():
    from civicdata.grading.counterexample import cases
    from civicdata.grading.expect import Mismatch
    from civicdata.grading.generate import SEEDS
    from civicdata.grading.judge import Answer
    from civicdata.grading.plugin import AskRefused

    class Spent:
        run = None

        def answer(self, call):
            return Answer(value=["wrong"])

        def ask(self, calls):
            raise AskRefused("used up")

    check = cases(
        "claims_by_speaker({data}, {0!r})",
        real=[],
        family="02",
        seeds=SEEDS[:1],
        generated=lambda plan: [(s,) for s in plan.asks["speakers"]][:1],
    )
    from civicdata import load

    with pytest.raises(Mismatch) as failed:
        check.check(Spent(), load(REPO), lambda data, speaker: [], known=[])
    assert "A counterexample, a generated dataset of" in str(failed.value)


# --- exceptions that misbehave ------------------------------------------------------

MISBEHAVING = textwrap.dedent(
    """
    class Nameless(type):
        def __getattribute__(cls, name):
            if name in ("__qualname__", "__name__", "__mro__"):
                raise RuntimeError("no name")
            return super().__getattribute__(name)
    class E1(Exception, metaclass=Nameless):
        pass
    class E2(Exception):
        @property
        def __class__(self):
            raise RuntimeError("no class")
        @property
        def filename(self):
            raise RuntimeError("no file")
        def __str__(self):
            return 42
    def first(dataset):
        raise E1("x")
    def second(dataset):
        raise E2()
    def third(dataset):
        return 3
    """
)


def test_an_exception_that_cannot_be_described_costs_its_call_only(tmp_path):
    """describe() raised on these, the child died, and the exercise's next calls were lost."""
    from civicdata.grading.judge import Job, run

    student = tmp_path / "exercise.py"
    student.write_text(MISBEHAVING)
    calls = ["first(dataset)", "second(dataset)", "third(dataset)"]
    result = run(Job("01_load_and_read", REPO, student, Path("exercises/01/x.py"), calls, 5))
    assert result.stopped is None, result.stopped
    assert result.answer("third(dataset)").value == 3
    for call in calls[:2]:
        error = result.answer(call).error
        assert error and "exit code" not in error, error


LINKS_A_FOLDER = textwrap.dedent(
    """
    import os
    def third(dataset):
        os.symlink("/etc", "etc-link")  # in its work folder, which the grader removes
        os.mkdir("locked")
        os.symlink("/", "locked/root-link")
        os.chmod("locked", 0o000)
        return 3
    """
)


def test_a_childs_link_to_a_folder_is_removed_and_its_answers_kept(tmp_path):
    """Removing the work folder opened every folder with ``os.chmod(follow_symlinks=False)``,
    which Linux does not have: a link to a folder raised, and the exercise's correct
    answers were thrown away as a grader failure. Nothing a link points at is touched."""
    from civicdata.grading.judge import Job, run

    before = {path: os.stat(path).st_mode for path in ("/etc", "/")}
    student = tmp_path / "exercise.py"
    student.write_text(LINKS_A_FOLDER)
    result = run(
        Job("01_load_and_read", REPO, student, Path("exercises/01/x.py"), ["third(dataset)"], 5)
    )
    assert result.stopped is None, result.stopped
    assert result.answer("third(dataset)").value == 3
    assert {path: os.stat(path).st_mode for path in before} == before


PATCHES_THE_SQL_PROBE = textwrap.dedent(
    """
    import civicdata.grading.probes as probes

    def _answers(context, query, data=None):
        return [["patched"]]

    probes.rows.__code__ = _answers.__code__  # the probe that runs the queries

    CLAIMS_PER_KIND = \"\"\"
    -- TODO
    \"\"\"
    SPEAKERS_ABOUT_PARS = f"SELECT {1}"
    """
)


@pytest.mark.parametrize("literal", [False, True], ids=["run as python", "read as strings"])
def test_sql_answers_are_read_as_strings_so_no_code_reaches_the_probe(tmp_path, literal):
    """Exercise 08's queries ran in the student's child beside the file's own code, which
    could rewrite the ``rows`` probe and score every task with no query written. Read as
    strings (``answers: strings`` in the manifest), the file never runs: the probe is
    the grader's, the unwritten query is told so, and an f-string is named as not plain."""
    from civicdata.grading.judge import Job, run

    student = tmp_path / "exercise.py"
    student.write_text(PATCHES_THE_SQL_PROBE)
    calls = ["rows(CLAIMS_PER_KIND, dataset)", "rows(SPEAKERS_ABOUT_PARS, dataset)"]
    relative = Path("exercises/08_sql_queries/exercise.py")
    result = run(Job("08_sql_queries", REPO, student, relative, calls, 5, literal=literal))
    first, second = (result.answer(call) for call in calls)
    if not literal:  # the attack is real: as Python, the file replaces the probe
        assert first.value == [["patched"]]
        return
    assert first.value is None and "write a SELECT statement" in (first.error or ""), first
    assert "not written as a plain string" in (second.error or ""), second


CONNECTS_TO_A_SOCKET = textwrap.dedent(
    """
    import ctypes
    import platform
    import socket

    def reach(path):
        found = []
        try:
            client = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
            client.connect(path)
            client.sendall(b"docker run --privileged ...")
            found.append("connected")
        except OSError as error:
            found.append(type(error).__name__)
        for make in (
            socket.socketpair,
            lambda: socket.socket(socket.AF_INET, socket.SOCK_DGRAM),  # a relay by UDP
        ):
            try:
                make()
                found.append("made")
            except OSError as error:
                found.append(type(error).__name__)
        libc = ctypes.CDLL(None, use_errno=True)  # io_uring makes sockets without socket()
        ring = libc.syscall(425, 8, ctypes.create_string_buffer(120))
        found.append("ring" if ring >= 0 else f"errno {ctypes.get_errno()}")
        add_key = 248 if platform.machine() == "x86_64" else 217  # a key, for the next child
        key = libc.syscall(add_key, b"user", b"left", b"hidden inputs", 13, -4)
        found.append("key" if key >= 0 else f"errno {ctypes.get_errno()}")
        return found
    """
)


def test_a_child_makes_no_socket(tmp_path):
    """Landlock governs files, not connecting to a socket file nor UDP: a child could
    reach a D-Bus session, an ssh-agent or docker.sock the grading user may use, or
    relay the hidden checks' inputs by UDP to a public child running at the same time.
    seccomp fails socket(), socketpair() and io_uring (which makes and connects sockets
    without socket())."""
    import errno
    import socket
    import threading

    from civicdata.grading.judge import Job, run

    folder = Path(tempfile.mkdtemp(prefix="cdsock-", dir="/tmp"))
    folder.chmod(0o755)
    path = folder / "service.sock"
    server = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    server.bind(str(path))
    path.chmod(0o777)  # as a world-writable service socket is
    server.listen(1)
    server.settimeout(10)
    reached: list[bytes] = []

    def serve() -> None:
        try:
            connection, _ = server.accept()
            reached.append(connection.recv(100))
        except OSError:
            pass

    listener = threading.Thread(target=serve, daemon=True)
    listener.start()
    student = tmp_path / "exercise.py"
    student.write_text(CONNECTS_TO_A_SOCKET)
    call = f"reach({str(path)!r})"
    try:
        result = run(Job("01_load_and_read", REPO, student, Path("exercises/01/x.py"), [call], 5))
    finally:
        server.close()
        shutil.rmtree(folder, ignore_errors=True)
    refused = ["PermissionError"] * 3 + [f"errno {errno.EACCES}"] * 2
    assert result.answer(call).value == refused, result.answer(call)
    assert reached == []
    assert result.contained.get("no_channels") is True


READS_ITS_CAPABILITIES = textwrap.dedent(
    """
    import ctypes
    import os

    class Header(ctypes.Structure):
        _fields_ = [("version", ctypes.c_uint32), ("pid", ctypes.c_int)]

    class Data(ctypes.Structure):
        _fields_ = [("effective", ctypes.c_uint32), ("permitted", ctypes.c_uint32),
                    ("inheritable", ctypes.c_uint32)]

    def powers(dataset):
        data = (Data * 2)()
        ctypes.CDLL(None).capget(ctypes.byref(Header(0x20080522, 0)), data)
        return [os.geteuid(), data[0].effective, data[0].permitted]
    """
)


@needs_root
def test_a_root_child_without_a_user_of_its_own_has_no_capability(tmp_path, monkeypatch):
    """Run as root where no Python is readable by other users, a child keeps uid 0 (its
    Python lies in root's home) and, with Landlock, may grade: it kept every capability
    (load a kernel module, mount, chown). It gives them all up before student code."""
    from civicdata.grading import judge
    from civicdata.grading.judge import Job, run

    found = (sys.executable, sandbox.import_paths(), "no Python other users may read")
    monkeypatch.setattr(judge, "_interpreter", lambda: found)
    student = tmp_path / "exercise.py"
    student.write_text(READS_ITS_CAPABILITIES)
    call = "powers(dataset)"
    result = run(Job("01_load_and_read", REPO, student, Path("exercises/01/x.py"), [call], 5))
    assert result.answer(call).value == [0, 0, 0], result.answer(call)
    assert result.contained.get("no_capabilities") is True


# --- what outlives every process: System V IPC ---------------------------------------

IPC_LEFT_BEHIND = textwrap.dedent(
    """
    import ctypes
    libc = ctypes.CDLL(None, use_errno=True)
    libc.shmat.restype = ctypes.c_void_p
    def leave(dataset):
        made = []
        for key in range(3):
            shm = libc.shmget(0, 32 << 20, 0o1600)  # IPC_PRIVATE: a new segment each time
            address = libc.shmat(shm, None, 0)
            if address not in (None, ctypes.c_void_p(-1).value):
                ctypes.memset(address, 1, 32 << 20)  # its memory is really used
            made.append([shm, libc.semget(0, 4, 0o1600), libc.msgget(0, 0o1600)])
        return made
    """
)


def _exercise_ipc() -> list[tuple[str, int]]:
    uids = range(sandbox.FIRST_UID, sandbox.FIRST_UID + sandbox.UID_RANGE)
    return [(uid, found) for uid in uids for found in sandbox.ipc_of(uid)]


@needs_root
def test_no_shared_memory_semaphore_or_queue_outlives_the_exercise(tmp_path):
    """Landlock and the cgroup do not cover System V IPC: a segment outlives its processes
    and holds its memory until the machine restarts, and a queue left by the hidden
    checks' child could hand their inputs to a later child. The seccomp filter refuses
    every System V call (where it is in force), and whatever an exercise's user still
    made is removed with it."""
    from civicdata.grading.judge import Job, run_all

    student = tmp_path / "exercise.py"
    student.write_text(IPC_LEFT_BEHIND)
    jobs = [
        Job(f"0{n}", REPO, student, Path("exercises/01/exercise.py"), ["leave(dataset)"], 5)
        for n in range(1, 3)
    ]
    try:
        runs = run_all(jobs)
        made = [runs[job.exercise].answer("leave(dataset)") for job in jobs]
        assert all(answer.ok for answer in made), made
        if all(runs[job.exercise].contained.get("no_channels") for job in jobs):
            assert all({n for row in answer.value for n in row} == {-1} for answer in made), made
        assert _exercise_ipc() == []
    finally:
        for uid, _ in _exercise_ipc():  # never leave them on the test machine either
            sandbox.remove_ipc(uid)


WHERE = """\
import os
import sys


def where(dataset):
    return [sys.executable, os.getuid(), len(dataset)]
"""


@needs_root
def test_a_grader_python_in_a_private_home_runs_its_children_on_the_systems_python(
    tmp_path, monkeypatch
):
    """pyenv's or uv's Python under /root, which other users cannot read: the children
    run the system's Python of the same version, with the grader's site-packages.

    The grader's own Python here may be readable by others (CI's virtual environment
    uses the system's python3), which takes the other branch of `sandbox.interpreter`:
    this test makes it unreadable to others, so the fallback runs wherever root does.
    """
    from civicdata.grading import judge

    version = f"python{sys.version_info.major}.{sys.version_info.minor}"
    system = next(
        (
            f"{folder}/{version}"
            for folder in ("/usr/bin", "/usr/local/bin")
            if sandbox.open_to_others(f"{folder}/{version}")
        ),
        None,
    )
    if system is None or system == sys.executable:
        pytest.skip(f"no system {version} other than the grader's own that other users can run")
    readable = sandbox.open_to_others
    monkeypatch.setattr(
        sandbox, "open_to_others", lambda path: path != sys.executable and readable(path)
    )
    assert sandbox.interpreter() == system
    student = tmp_path / "exercise.py"
    student.write_text(WHERE)
    job = judge.Job("01", REPO, student, Path("exercises/01/exercise.py"), ["where(dataset)"], 5)
    try:
        answer = judge.run_all([job])["01"].answer("where(dataset)")
    finally:
        judge.close_parked()  # its zygote runs the fallback, which no later run expects
    assert answer.ok, answer
    python, uid, records = answer.value
    assert python == system and uid != 0 and records > 100


# --- an instructor's `grade --submission FILE` as root, where Landlock is missing ------


@needs_root
def test_without_landlock_a_submitted_file_reads_no_solution_or_check(
    base, cli, without_landlock_reads, monkeypatch
):
    """The checkout is world-readable (as a clone usually is): only a mount namespace,
    where the exercise's user finds exercises/ and the file's folder empty, keeps it out.

    `civicdata grade` runs in this process (see ``without_landlock_reads``).
    """
    root = base / "checkout"
    copy_records(root)
    copy_exercises(root)
    submitted = base / "inbox"
    submitted.mkdir()
    (submitted / "another_students.py").write_text("SECRET = 1\n")
    attack = submitted / "their.py"
    attack.write_text(
        _stub("01_load_and_read")
        + textwrap.dedent(
            f"""
            import glob
            found = glob.glob({str(root)!r} + '/exercises/*/*.py')
            found += glob.glob({str(submitted)!r} + '/*.py')
            read = 0
            for path in found:
                try:
                    open(path).read()
                    read += 1
                except OSError:
                    pass
            print(f'READ {{read}} FILES')
            """
        )
    )
    for folder, _, files in os.walk(base):
        os.chmod(folder, 0o755)
        for name in files:
            os.chmod(os.path.join(folder, name), 0o644)
    monkeypatch.chdir(root)
    code, out, err = cli("--root", str(root), "grade", "01", "--submission", str(attack))
    assert code == 1, out[-3000:] + err  # the stub fails its checks
    assert "READ 0 FILES" in out, out[-3000:] + err


# --- filling the disk ---------------------------------------------------------------

FILLS_THE_DISK = textwrap.dedent(
    """
    def fill(dataset):
        block = b"x" * (1 << 20)
        number = 0
        while True:  # each file under RLIMIT_FSIZE, together without end
            with open(f"fill-{number}", "wb") as out:
                for _ in range(16):
                    out.write(block)
            number += 1
    def after(dataset):
        return 1
    """
)


def test_a_child_filling_its_folder_is_stopped_at_the_disk_limit(tmp_path, monkeypatch):
    from civicdata.grading import judge

    monkeypatch.setattr(judge, "DISK_BYTES", 96 << 20)
    student = tmp_path / "exercise.py"
    student.write_text(FILLS_THE_DISK)
    calls = ["fill(dataset)", "after(dataset)"]
    job = judge.Job("01_load_and_read", REPO, student, Path("exercises/01/x.py"), calls, 30)
    started = time.monotonic()
    result = judge.run(job)
    assert time.monotonic() - started < 20  # not the call's 30 s time limit
    assert "wrote more than 96 MB into its folder, the limit" in result.answer(calls[0]).error


# --- answers of a megabyte each, shown in failing checks' tracebacks --------------------


def test_a_run_of_huge_answers_has_a_short_repr():
    """pytest reprs each frame's arguments (judge, answer) in a failing check; the whole
    text was built before being cut: 70 answers of 900 KB took a minute per exercise."""
    from civicdata.grading.judge import Answer, Run
    from civicdata.grading.plugin import Judged

    big = ["y" * 1000] * 900
    run = Run(answers={f"f({n})": Answer(value=big) for n in range(70)})
    started = time.monotonic()
    shown = [repr(run), repr(Judged(run, list(run.answers))), repr(run.answers["f(0)"])]
    assert time.monotonic() - started < 0.05
    assert all(len(text) < 3000 for text in shown), [len(text) for text in shown]
    assert repr(Answer(error="boom")) == "Answer(error='boom')"
