"""The grader under attack: student code that tries to win without solving.

Local mode: each attack replaces exercise 01's file (the stub plus the
attack) in a copy of the checkout where exercise 02 holds its reference
solution, then grades them all together. Gradescope mode: `civicdata
assign`'s autograder.zip unpacked into a temporary AUTOGRADER_ROOT and run
as Gradescope runs it, with attacks as the exercise files. Every attack must
score no more than the stub (0), leave 02's full score alone, end in bounded
time with a valid results.json written by the grader, and leave no process
behind. The time limit is lowered to 1 s per call (:data:`LIMIT`) so the battery
stays fast: an endless loop waits its limit out. Honest calls take milliseconds
(02's pass at 0.15 s), so the limit stops only the attacks that wait for it.

Run as root (as Gradescope and CI run), the children switch to users of
their own; without root the same attacks meet Landlock and the
process-group sweep alone, and the asserts that need the switch are skipped.
As root the battery runs in both modes: "grader" (root, the switch) tries every
attack, "student" (an unprivileged user) every attack whose outcome depends on
who runs the grader; the others (:data:`SAME_IN_EVERY_MODE`) meet the same code
in both, and are tried once.
"""

from __future__ import annotations

import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
import textwrap
import time
import zipfile
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest

from civicdata.grading import judge, sandbox
from civicdata.grading.manifest import load_manifest
from civicdata.project import Project
from tests.conftest import REPO, copy_exercises, copy_records, grade_here

ROOT_MODE = sandbox.is_root()
# The switch also needs a Python installation other users can run (see sandbox.interpreter).
USER_SWITCH = ROOT_MODE and sandbox.interpreter() is not None
LANDLOCK = sandbox.landlock_abi()
# Attacks on the grader's own processes need a barrier: the user switch or
# Landlock's signal scoping; without either they would reach the test runner.
CONTAINED = USER_SWITCH or LANDLOCK >= 6
# The per-call time limit of every grading run here (CIVICDATA_GRADE_TIMEOUT), in seconds.
LIMIT = "1"
MARK = f"cdattack{os.getpid()}"  # in the command line of every process an attack starts
MANIFEST = load_manifest(Project(REPO))

# Exercise 01's stub, written here: the checkout's own file may be solved in place.
STUB = """from civicdata import Dataset


def count_records(dataset: Dataset) -> int:
    raise NotImplementedError("count_records")


def person_name(dataset: Dataset, person_id: str) -> str:
    raise NotImplementedError("person_name")


def source_outlet(dataset: Dataset, source_id: str) -> str:
    raise NotImplementedError("source_outlet")
"""
FIRST = MANIFEST.find("01")
FIRST_PUBLIC = FIRST.public_tasks  # each attack's copy of 01 has the public checks only
SECOND = "02_filter_and_sort"
SECOND_MAX = MANIFEST.find("02").max_score
FAKE_RESULTS = '{"score": 999, "max_score": 999, "tests": []}'


def _code(text: str) -> str:
    return textwrap.dedent(text).lstrip("\n")


# Placeholders (replaced by repr of the value): {results!r} the results.json path,
# {fake!r} a forged results.json, {mark!r} MARK, {repo!r} the real checkout,
# {root!r} the graded checkout, {target!r} a grader file to change (Gradescope mode).
ATTACKS = {
    # The endless loops wait instead of spinning: what stops them is the per-call limit,
    # which is wall-clock time (the CPU-time limit is set above it, and is the last
    # resort), so a loop that sleeps uses it up the same way, without burning LIMIT
    # CPU-seconds per loop (3 of the battery's). A loop that spins is tried on its own
    # (test_an_endless_call_costs_that_call_and_a_new_child_makes_the_rest).
    "endless_loop_at_import": "import time\nwhile True:\n    time.sleep(0.05)\n",
    "endless_loop_in_function": (
        "import time\n"
        "def count_records(dataset):\n    while True:\n        time.sleep(0.05)\n"
        "def person_name(dataset, person_id):\n    while True:\n        time.sleep(0.05)\n"
    ),
    "os_exit_at_import": "import os\nos._exit(0)\n",
    "os_exit_in_function": "import os\ndef count_records(dataset):\n    os._exit(0)\n",
    "sys_exit_at_import": "import sys\nsys.exit(0)\n",
    "system_exit_in_function": "def count_records(dataset):\n    raise SystemExit(0)\n",
    "keyboard_interrupt": (
        "import os, signal\n"
        "def count_records(dataset):\n    raise KeyboardInterrupt\n"
        "def person_name(dataset, person_id):\n    os.kill(os.getpid(), signal.SIGINT)\n"
    ),
    "kill_own_process": "import os, signal\nos.kill(os.getpid(), signal.SIGKILL)\n",
    "kill_the_parent_process": "import os, signal\nos.kill(os.getppid(), signal.SIGKILL)\n",
    "monkeypatch_loaded_modules": (
        "import sys\n"
        "import civicdata.grading.expect as expect\n"
        "import civicdata.grading.child as child\n"
        "expect.expect_equal = lambda *args, **kwargs: None\n"
        "expect.Mismatch = type('Mismatch', (Exception,), {})\n"
        "child.plain = lambda value, depth=0: value\n"
        "child.describe = lambda *args: ''\n"
        "for module in list(sys.modules.values()):\n"
        "    for name in ('expect_equal', 'expect_true'):\n"
        "        if hasattr(module, name):\n"
        "            setattr(module, name, lambda *args, **kwargs: None)\n"
    ),
    "atexit_and_signal_handlers_write_results": (
        "import atexit, signal\n"
        "def forge(*args):\n"
        "    try:\n"
        "        with open({results!r}, 'w') as out:\n"
        "            out.write({fake!r})\n"
        "    except OSError:\n"
        "        pass\n"
        "atexit.register(forge)\n"
        "for sig in (signal.SIGTERM, signal.SIGINT, signal.SIGXCPU, signal.SIGHUP):\n"
        "    signal.signal(sig, forge)\n"
        "forge()\n"
    ),
    "always_equal_objects": (
        "class Anything:\n"
        "    def __eq__(self, other):\n        return True\n"
        "    def __ne__(self, other):\n        return False\n"
        "    __hash__ = object.__hash__\n"
        "class Text(str):\n"
        "    def __eq__(self, other):\n        return True\n"
        "    __hash__ = str.__hash__\n"
        "def count_records(dataset):\n    return Anything()\n"
        "def person_name(dataset, person_id):\n    return Text('anyone')\n"
        "def source_outlet(dataset, source_id):\n    return [Anything()]\n"
    ),
    # A leak: the hoard outlives each call, so the first call grows to the memory limit
    # and every later call meets it at once. (A hoard per call grew anew, to the limit,
    # in each of count_records' 21 calls: 9 CPU-seconds of page faults per grading run
    # that proved nothing the first call does not.) The limit it meets is the address
    # space's (RLIMIT_AS), which counts memory allocated, touched or not: bytes(n) is
    # allocated zeroed by the kernel (calloc), where bytearray(n) wrote every page of the
    # first gigabyte (0.5 CPU-s of page faults). Memory really used, over the cgroup's
    # limit, is fork_and_memory's.
    "growing_memory": (
        "hoard = []\n"
        "def count_records(dataset):\n"
        "    while True:\n"
        "        hoard.append(bytes(100_000_000))\n"
    ),
    "spawned_long_lived_processes": _code(
        """
        import subprocess, sys, time
        sleeper = subprocess.Popen([sys.executable, '-c', 'import time; time.sleep(300)', {mark!r}])
        code = 'import time; time.sleep(3); open(%r, "w").write(%r)' % ({results!r}, {fake!r})
        writer = subprocess.Popen([sys.executable, '-c', code, {mark!r}])
        def count_records(dataset):
            time.sleep(60)
        """
    ),
    "escape_the_process_group": _code(
        """
        import os, sys, time
        if os.fork() == 0:
            os.setsid()
            if os.fork() == 0:
                code = 'import time; time.sleep(3); open(%r, "w").write(%r)' % ({results!r}, {fake!r})
                os.execv(sys.executable, [sys.executable, '-c', code, {mark!r}])
            os._exit(0)
        time.sleep(0.5)
        """
    ),
    # issue 23: a chain of setsid sleepers, each starting the next, rewriting results.json
    "setsid_sleeper_chain": _code(
        """
        import subprocess, sys
        CHAIN = '''
        import os, subprocess, sys, time
        os.setsid()
        time.sleep(0.2)
        if int(sys.argv[1]) < 40:
            subprocess.Popen([sys.executable, '-c', sys.argv[3], str(int(sys.argv[1]) + 1),
                              sys.argv[2], sys.argv[3]])
        for path in [%r, %r]:
            try:
                open(path, 'w').write(%r)
            except OSError:
                pass
        ''' % ({results!r}, {target!r}, {fake!r})
        subprocess.Popen([sys.executable, '-c', CHAIN, '0', {mark!r}, CHAIN])
        """
    ),
    # issue 23: kill the grader (and the script that ran it), then write results.json
    "kill_the_graders_processes": _code(
        """
        import os, signal
        def ancestors():
            pid = os.getppid()
            while pid > 1:
                yield pid
                try:
                    with open(f'/proc/{pid}/stat') as stat:
                        pid = int(stat.read().rsplit(')', 1)[1].split()[1])
                    with open(f'/proc/{pid}/cmdline', 'rb') as line:
                        command = line.read()
                except OSError:
                    return
                if b'civicdata' not in command and b'run_autograder' not in command:
                    return
        for pid in list(ancestors()):
            try:
                os.kill(pid, signal.SIGKILL)
            except OSError:
                pass
        for path in [{results!r}, {target!r}]:
            try:
                open(path, 'w').write({fake!r})
            except OSError:
                pass
        """
    ),
    # issue 23: the exercise's checks (hidden ones too) and its solution, read from the
    # checkout the grader runs from, and the solution run as the answer ("oracle")
    "oracle_reads_the_checks": _code(
        """
        import glob
        found = []
        for top in [{repo!r}, {root!r}]:
            found += glob.glob(top + '/exercises/01_*/test_*.py')
            found.append(top + '/exercises/01_load_and_read/solution.py')
        readable = {}
        for path in found:
            try:
                readable[path] = open(path).read()
            except OSError:
                pass
        print(f'ORACLE READ {len(readable)} FILES')
        for path, text in readable.items():
            if path.endswith('solution.py'):
                exec(text)
        """
    ),
    "write_into_the_checkout": _code(
        """
        for path in [{root!r} + '/PWNED', {root!r} + '/exercises/manifest.yaml', {target!r}]:
            try:
                open(path, 'a').write('pwned = 1\\n')
            except OSError:
                pass
        """
    ),
    # issue 23: valid JSON nested deeper than any parser's stack, on the result channel
    "nested_json_on_the_channel": _code(
        """
        import os
        line = ('{"i": 0, "value": ' + '[' * 200000 + ']' * 200000 + '}\\n').encode()
        for fd in range(3, 64):
            try:
                os.write(fd, line)
            except OSError:
                pass
        """
    ),
    # issue 23: SIGSTOP on the zygote (the child's parent), then on the child itself
    "sigstop_the_zygote": _code(
        """
        import os, signal
        try:
            os.kill(os.getppid(), signal.SIGSTOP)
        except OSError:
            pass
        def count_records(dataset):
            os.kill(os.getpid(), signal.SIGSTOP)
        """
    ),
    # issue 23: answers of 8 MB and 3 MB (raw oversized lines: see the Channel tests).
    # Each function's first call answers in megabytes, the later ones as the stub does:
    # every answer meets the same size check, and 8 MB made, encoded and refused for each
    # of count_records' 21 calls cost 0.6 CPU-s a grading run for the same message. (A
    # wrong value instead would have the grader shrink a counterexample, in more children.)
    "huge_answers": _code(
        """
        huge = {'count_records': 'x' * 8_000_000, 'person_name': ['z' * 1000] * 3000}
        def count_records(dataset):
            if 'count_records' in huge:
                return huge.pop('count_records')
            raise NotImplementedError('count_records')
        def person_name(dataset, person_id):
            if 'person_name' in huge:
                return huge.pop('person_name')
            raise NotImplementedError('person_name')
        """
    ),
    # issue 23: many processes, each under the per-process limit, together far over it.
    # Each fills its 300 MB at once, the kernel writing every page (MAP_POPULATE): memory
    # really used and charged to the cgroup, as a bytearray written through is, for half
    # the CPU of Python's memset and a page fault per page. The processes start in a call,
    # not at import: the child that makes the calls left after the time limit imports the
    # file again, and a second round of six hoards proved nothing the first does not.
    "fork_and_memory": _code(
        """
        import mmap, os, time
        FILLED = mmap.MAP_PRIVATE | mmap.MAP_ANONYMOUS | mmap.MAP_POPULATE
        def count_records(dataset):
            for _ in range(6):
                if os.fork() == 0:
                    try:
                        hoard = mmap.mmap(-1, 300_000_000, flags=FILLED)
                    except (MemoryError, OSError):
                        pass
                    time.sleep(30)
                    os._exit(0)
            time.sleep(30)
        """
    ),
    # issue 23: as many processes as it can start (a user of its own: RLIMIT_NPROC, pids.max),
    # forked from a small interpreter it starts: a fork copies the page tables of the
    # process that forks, and forking from the exercise's (the dataset loaded) took more
    # than the time limit under load, before the count could be printed
    "fork_bomb": _code(
        """
        import os, sys
        BOMB = \'\'\'
        import os, time
        started = 0
        for _ in range(2000):
            try:
                if os.fork() == 0:
                    time.sleep(30)
                    os._exit(0)
                started += 1
            except OSError:
                break
        print(f'FORK BOMB STARTED {started}', flush=True)
        \'\'\'
        bomb = os.fork()
        if bomb == 0:
            os.execv(sys.executable, [sys.executable, '-S', '-c', BOMB, {mark!r}])
        os.waitpid(bomb, 0)
        """
    ),
    # issue 23: terminal escapes in printed output and in an exception's text
    "ansi_escapes": _code(
        """
        import sys
        print('\\x1b[2K\\x1b[8m hidden by the terminal \\x1b]0;title\\x07')
        print('\\x1b[2K', file=sys.stderr)
        def count_records(dataset):
            raise ValueError('\\x1b[2K\\x1b[8m erased')
        def person_name(dataset, person_id):
            return '\\x1b[2K\\u202e'
        """
    ),
    "fake_pytest_output": (
        "import sys\n"
        "FAKE = '''01_load_and_read  count  1/1  passed\n"
        "============================== 3 passed in 0.01s ==============================\n"
        "Score 85/85: all 36 tasks passed'''\n"
        "print(FAKE)\n"
        "print(FAKE, file=sys.stderr)\n"
    ),
    "write_to_inherited_descriptors": (
        "import os\n"
        "for fd in range(3, 64):\n"
        "    try:\n"
        "        os.write(fd, b'not json at all\\n')\n"
        "    except OSError:\n"
        "        pass\n"
    ),
    "read_the_solution": (
        "from pathlib import Path\n"
        "for path in ['solution.py', Path(__file__).parent / 'solution.py']:\n"
        "    try:\n"
        "        exec(open(path).read())\n"
        "        break\n"
        "    except OSError:\n"
        "        pass\n"
    ),
    # issue 23 (last, so that it runs beside 02): forged answers written into another
    # exercise's result pipe through /proc/<pid>/fd, for about 1.5 s (the time limit
    # stops it after LIMIT: it is killed while still writing)
    "write_into_a_siblings_pipe": _code(
        """
        import os, time
        forged = b''.join(b'{"i": %d, "value": 0}\\n' % i for i in range(8))
        end = time.monotonic() + 1.5
        while time.monotonic() < end:
            try:
                pids = [p for p in os.listdir('/proc') if p.isdigit()]
            except OSError:
                break
            for pid in pids:
                if int(pid) == os.getpid():
                    continue
                try:
                    fds = os.listdir(f'/proc/{pid}/fd')
                except OSError:
                    continue
                for fd in fds:
                    try:
                        target = os.open(f'/proc/{pid}/fd/{fd}', os.O_WRONLY | os.O_NONBLOCK)
                        os.write(target, forged)
                        os.close(target)
                    except OSError:
                        pass
            time.sleep(0.05)
        """
    ),
}
NEEDS_CONTAINMENT = ("kill_the_graders_processes", "sigstop_the_zygote")
if not CONTAINED:
    for _name in NEEDS_CONTAINMENT:
        del ATTACKS[_name]
# Without a user of its own (no RLIMIT_NPROC, no cgroup) a fork bomb reaches the machine.
NEEDS_ITS_OWN_USER = ("fork_bomb",)
if not USER_SWITCH:
    del ATTACKS["fork_bomb"]
# What decides fork_and_memory is the cgroup's memory limit, which only root has (the
# "grader" mode, and Gradescope's). Run by an unprivileged user, nothing bounds the
# processes' memory together: there the attack is only forked processes that sleep,
# ended with the process group, as spawned_long_lived_processes' are (in that mode
# too), and its 1.8 GB of pages cost 1 CPU-s for nothing more.
NEEDS_A_CGROUP = ("fork_and_memory",)
# Attacks that no barrier of a mode decides: each meets code that is the same whoever
# runs the grader (the child's own handling of its import and calls, the per-call
# timer and the kill of the child by its pid and session, the parent's reading of the
# channel and its escaping and labelling of output). Only the first mode tries them;
# in the "student" mode they would run the same code again. What the modes differ in
# (the child's user, RLIMIT_NPROC and the cgroup, killing by user or by process group,
# what the grading process may read and write) is what every other attack tries, in
# both modes. Each entry says what decides it.
SAME_IN_EVERY_MODE = {
    "endless_loop_at_import": "the per-call timer; the child killed by its pid and session",
    "endless_loop_in_function": "the per-call timer and the skip of the same function's calls",
    "os_exit_at_import": "the exit code the zygote reports for its child",
    "os_exit_in_function": "the exit code the zygote reports for its child",
    "sys_exit_at_import": "the child's import of the file, which catches SystemExit",
    "system_exit_in_function": "the child's call wrapper, which catches BaseException",
    "keyboard_interrupt": "the child's call wrapper, which catches BaseException",
    "kill_own_process": "the exit code the zygote reports for its child",
    "monkeypatch_loaded_modules": "the parent, which never imports the student's code",
    "always_equal_objects": "the child's conversion of each answer to plain data",
    # The cgroup's memory limit (root only) is fork_and_memory's (NEEDS_A_CGROUP).
    "growing_memory": "the child's address-space limit (RLIMIT_AS), set in every mode",
    "nested_json_on_the_channel": "the parent's parsing of the channel",
    "write_to_inherited_descriptors": "the descriptors the zygote's child keeps, the channel",
    "huge_answers": "the child's size check and the parent's parsing of the channel",
    "ansi_escapes": "the parent's escaping of student text",
    "fake_pytest_output": "the parent's labelling of student output",
}


def _fill(text: str, **values: str) -> str:
    for placeholder, value in values.items():
        text = text.replace(f"{{{placeholder}!r}}", repr(value))
    return text


def _leftovers(tmp: Path) -> list[str]:
    """Live processes an attack started: MARK in their command line, or a working
    folder in the run's temporary folder (where the sandbox tree was)."""
    found = []
    for entry in os.listdir("/proc"):
        if not entry.isdigit() or int(entry) == os.getpid():
            continue
        try:
            if sandbox.process_state(int(entry)) in (None, "Z", "X"):
                continue
            command = Path(f"/proc/{entry}/cmdline").read_bytes()
            try:
                cwd = os.readlink(f"/proc/{entry}/cwd")
            except OSError:
                cwd = ""
        except OSError:
            continue
        if MARK.encode() in command or cwd.startswith(str(tmp)):
            found.append(f"{entry}: {command[:120]!r} in {cwd}")
    return found


def _wait_for_no_leftovers(tmp: Path, seconds: float = 5.0) -> list[str]:
    deadline = time.monotonic() + seconds
    while (left := _leftovers(tmp)) and time.monotonic() < deadline:
        time.sleep(0.1)  # a killed process is reaped by its parent, or by init
    return left


def _shared_temporary() -> str:
    """Where the battery's folders go: the suite's temporary folder (tmpfs, where
    tests/conftest.py found one) when every user may pass through it, else /tmp.
    Each grading run writes its checkout and its sandbox trees there: hundreds of
    files, which cost 0.2 ms each to create on this machine's ext4 /tmp."""
    found = tempfile.gettempdir()
    return found if sandbox.open_to_others(found) else "/tmp"


def _temporary(prefix: str = "cdattack-") -> Path:
    """A temporary folder every user may pass through (the sandbox tree goes there)."""
    folder = Path(tempfile.mkdtemp(prefix=prefix, dir=_shared_temporary()))
    folder.chmod(0o755)
    return folder


STUDENT = 65534  # "nobody": a student on a laptop, grading without root


def _checkout(root: Path, attacks: list[str], results: Path, target: Path) -> None:
    """A checkout with the stub, every attack as its own copy of exercise 01, and 02 solved."""
    import yaml

    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "civicdata" / "data", root / "civicdata" / "data")
    exercises = root / "exercises"
    exercises.mkdir()
    manifest = yaml.safe_load((REPO / "exercises" / "manifest.yaml").read_text())
    by_id = {entry["id"]: entry for entry in manifest["exercises"]}
    entries = []
    public = {**by_id["01_load_and_read"]}
    public["tasks"] = [task for task in public["tasks"] if not task.get("hidden")]
    for name in ["stub", *attacks]:
        folder = exercises / f"01_{name}"
        shutil.copytree(
            REPO / "exercises" / "01_load_and_read",
            folder,
            # solution.py stays (read_the_solution); the hidden checks go: every attack is
            # tried against the public checks' calls, and forty copies of both would only
            # double the battery's time (the oracle still looks for them, in REPO too).
            ignore=shutil.ignore_patterns("__pycache__", "*_hidden.py"),
        )
        text = _fill(
            ATTACKS.get(name, ""),
            results=str(results),
            fake=FAKE_RESULTS,
            mark=MARK,
            repo=str(REPO),
            root=str(root),
            target=str(target),
        )
        (folder / "exercise.py").write_text(STUB + "\n" + text)
        entries.append({**public, "id": folder.name})
    shutil.copytree(
        REPO / "exercises" / SECOND,
        exercises / SECOND,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(exercises / SECOND / "solution.py", exercises / SECOND / "exercise.py")
    entries.append(by_id[SECOND])
    plain = json.loads(json.dumps({"exercises": entries}))  # no shared objects, no YAML anchors
    (exercises / "manifest.yaml").write_text(yaml.safe_dump(plain))


# The grader's command line with a spy around judge.run: it prints (on stderr, after
# the grade) the civicdata modules imported once the first exercise's children started.
# A module the grader imported late could have been changed by a child by then. The
# attack battery's runs go through it (`LATE_IMPORTS cli ARGS` is `civicdata ARGS`).
LATE_IMPORTS = """
import sys
from civicdata.grading import judge

before = {}
original = judge.run


def spy(job, zygotes=None):
    before.setdefault("modules", {m for m in sys.modules if m.startswith("civicdata")})
    return original(job, zygotes)


judge.run = spy
if sys.argv[1] == "gradescope":
    from civicdata.grading.gradescope import main
else:
    from civicdata.cli import main
code = main(sys.argv[2:])
late = sorted({m for m in sys.modules if m.startswith("civicdata")} - before.get("modules", ()))
print("LATE IMPORTS", late if before else "(no child started)", file=sys.stderr)
sys.exit(code)
"""


def _grade_command(python: str, root: Path, results: Path) -> list[str]:
    """`civicdata --root ROOT grade -v --results RESULTS`, through LATE_IMPORTS."""
    grade = ["--root", str(root), "grade", "-v", "--results", str(results)]
    return [python, "-c", LATE_IMPORTS, "cli", *grade]


def _as_student(root: Path, results: Path, tmp: Path) -> subprocess.CompletedProcess[str]:
    """`civicdata grade` run by an unprivileged user from its own checkout (local mode)."""
    python = sandbox.interpreter()
    if python is None:
        pytest.skip("no Python installation an unprivileged user can run")
    shutil.copytree(
        REPO / "civicdata",
        root / "civicdata",
        ignore=shutil.ignore_patterns("__pycache__", "data"),
        dirs_exist_ok=True,
    )
    for folder, _, files in os.walk(tmp.parent):
        for name in [folder, *(os.path.join(folder, f) for f in files)]:
            os.chown(name, STUDENT, STUDENT)
    return subprocess.run(
        _grade_command(python, root, results),
        capture_output=True,
        text=True,
        check=False,
        cwd=root,
        user=STUDENT,
        group=STUDENT,
        extra_groups=[],
        env={
            "PATH": "/usr/bin:/bin",
            "HOME": str(root),
            "PYTHONPATH": os.pathsep.join(sandbox.import_paths()),
            "CIVICDATA_GRADE_TIMEOUT": LIMIT,
            "TMPDIR": str(tmp),
        },
        timeout=300,
    )


# "grader": as this test runs (root in CI and on Gradescope: the user switch);
# "student": as an unprivileged user, Landlock and the process-group sweep alone.
# Under pytest-xdist each mode is a group of its own (one worker runs its one grading
# run and every test that reads it), so the modes run side by side.
MODE_NAMES = ["grader", "student"] if ROOT_MODE else ["grader"]


def _tried(mode: str) -> list[str]:
    """The attacks one mode's grading run tries: the first mode every one of them."""
    if mode == MODE_NAMES[0]:
        return list(ATTACKS)
    refused = NEEDS_ITS_OWN_USER + NEEDS_A_CGROUP + (NEEDS_CONTAINMENT if LANDLOCK < 6 else ())
    return [name for name in ATTACKS if name not in refused and name not in SAME_IN_EVERY_MODE]


def _modes(*needed: str) -> list:
    """The modes whose grading run tries every attack in ``needed`` (all modes: none named),
    as the ``graded`` fixture's params: a test reading an attack runs where it was tried."""
    return [
        pytest.param(mode, marks=pytest.mark.xdist_group(f"attacks-{mode}"), id=mode)
        for mode in MODE_NAMES
        if set(needed) <= set(_tried(mode))
    ]


MODES = _modes()


@pytest.fixture(scope="module", params=MODES)
def graded(request) -> dict:
    """One grading run of every attack its mode tries (:func:`_tried`) beside 02 solved."""
    student = request.param == "student"
    attacks = _tried(request.param)
    base = _temporary()
    root = base / "checkout"
    tmp = base / "tmp"
    tmp.mkdir()
    results = root / "results.json"
    target = root / "grader-file.py"
    _checkout(root, attacks, results, target)
    target.write_text("# a file of the grader's\n")
    manifest_text = (root / "exercises" / "manifest.yaml").read_text()
    started = time.monotonic()
    if student:
        completed = _as_student(root, results, tmp)
    else:
        completed = subprocess.run(
            _grade_command(sys.executable, root, results),
            capture_output=True,
            text=True,
            check=False,
            cwd=root,
            env={**os.environ, "CIVICDATA_GRADE_TIMEOUT": LIMIT, "TMPDIR": str(tmp)},
            timeout=300,
        )
    data = json.loads(results.read_text()) if results.is_file() else None
    seconds = time.monotonic() - started
    assert data is not None, completed.stdout + completed.stderr
    yield {
        "mode": request.param,
        "as_root": USER_SWITCH and not student,
        "attacks": attacks,
        "root": root,
        "results": results,
        "data": data,
        "completed": completed,
        "seconds": seconds,
        "tmp": tmp,
        "target": target,
        "manifest": manifest_text,
        "left": _wait_for_no_leftovers(tmp),
    }
    shutil.rmtree(base, ignore_errors=True)


def _by_exercise(data: dict) -> dict[str, tuple[int, str]]:
    found: dict[str, tuple[int, str]] = {}
    for test in data["tests"]:
        score, output = found.get(test["tags"][0], (0, ""))
        found[test["tags"][0]] = (score + test["score"], output + "\n" + test["output"])
    return found


def test_the_run_ends_with_a_valid_results_json(graded):
    completed = graded["completed"]
    assert completed.returncode == 1, completed.stdout + completed.stderr
    assert "Traceback" not in completed.stdout + completed.stderr
    data = graded["data"]
    count = len(graded["attacks"]) + 1
    assert len(data["tests"]) == len(FIRST_PUBLIC) * count + len(MANIFEST.find("02").tasks)
    assert data["max_score"] == sum(t.points for t in FIRST_PUBLIC) * count + SECOND_MAX
    assert all(test["output"] for test in data["tests"])


@pytest.mark.parametrize(
    ("graded", "name"),
    [
        pytest.param(*mode.values, name, marks=mode.marks, id=f"{mode.id}-{name}")
        for mode in MODES
        for name in _tried(mode.values[0])
    ],
    indirect=["graded"],
    scope="module",  # the graded run of each mode made once, as for every other test
)
def test_attack_scores_no_more_than_the_stub(graded, name):
    scores = _by_exercise(graded["data"])
    assert scores[f"01_{name}"][0] <= scores["01_stub"][0] == 0, scores[f"01_{name}"]


def test_other_exercises_keep_their_scores(graded):
    assert _by_exercise(graded["data"])[SECOND][0] == SECOND_MAX
    assert graded["data"]["score"] == SECOND_MAX


def test_results_json_is_the_graders_after_the_attacks_are_over(graded):
    # The delayed writers write seconds after they start. When no process of the
    # submission is left (the grader killed them all) nothing can write any more,
    # so there is nothing to wait for; a survivor is waited out past its write.
    if graded["left"]:
        time.sleep(max(0.0, graded["results"].stat().st_mtime + 3.5 - time.time()))
    text = graded["results"].read_text()
    assert json.loads(text) == graded["data"]
    assert "999" not in text
    assert len(text) < 1_000_000  # answers of megabytes are never carried whole


def test_no_process_of_the_submission_is_left(graded):
    assert graded["left"] == []


def test_the_checkout_and_the_graders_files_are_unchanged(graded):
    root = graded["root"]
    assert not (root / "PWNED").exists()
    assert (root / "exercises" / "manifest.yaml").read_text() == graded["manifest"]
    assert graded["target"].read_text() == "# a file of the grader's\n"


def test_the_oracle_reads_no_check_and_no_solution(graded):
    output = _by_exercise(graded["data"])["01_oracle_reads_the_checks"][1]
    stdout = graded["completed"].stdout
    assert "ORACLE READ 0 FILES" in stdout, stdout[-3000:]
    assert "is not written yet" in output


@pytest.mark.parametrize("graded", _modes("ansi_escapes"), indirect=True)
def test_terminal_escapes_are_shown_escaped(graded):
    stdout = graded["completed"].stdout
    text = graded["results"].read_text()
    for shown in (stdout, text, json.dumps(graded["data"], ensure_ascii=False)):
        assert "\x1b" not in shown and "\u202e" not in shown and "\x07" not in shown
    assert "\\x1b[2K\\x1b[8m hidden by the terminal" in stdout
    output = _by_exercise(graded["data"])["01_ansi_escapes"][1]
    assert "ValueError: \\x1b[2K\\x1b[8m erased" in output


@pytest.mark.parametrize(
    "graded", _modes("nested_json_on_the_channel", "huge_answers"), indirect=True
)
def test_the_channel_is_read_as_untrusted(graded):
    outputs = {name: output for name, (_, output) in _by_exercise(graded["data"]).items()}
    # deeply nested JSON: that exercise is void as tampered, the session goes on
    assert "tampered" in outputs["01_nested_json_on_the_channel"]
    huge = outputs["01_huge_answers"]
    assert "count_records(dataset) failed: returned 7.6 MB of data, more than the 1 MB" in huge
    assert "failed: returned 2.9 MB of data, more than the 1 MB limit" in huge
    assert len(graded["completed"].stdout) < 2_000_000


# A fork bomb is tried only where each exercise has a user of its own (NEEDS_ITS_OWN_USER).
@pytest.mark.parametrize("graded", _modes("fork_bomb"), indirect=True)
def test_a_fork_bomb_meets_the_process_limit(graded):
    found = re.search(r"FORK BOMB STARTED (\d+)", graded["completed"].stdout)
    assert found is not None and int(found[1]) < 300, graded["completed"].stdout[-2000:]


def test_a_stopped_process_costs_seconds_not_minutes(graded):
    if "sigstop_the_zygote" in graded["attacks"]:
        output = _by_exercise(graded["data"])["01_sigstop_the_zygote"][1]
        assert "SIGSTOP" in output or "not written yet" in output
    assert graded["seconds"] < 120


def test_grade_v_says_which_containment_ran(graded):
    line = next(x for x in graded["completed"].stdout.splitlines() if x.startswith("containment"))
    assert f"Landlock ABI {LANDLOCK}" in line if LANDLOCK else "Landlock not available" in line
    if graded["as_root"]:
        assert "uid switch yes" in line
    else:
        assert "uid switch no" in line


def _outputs(graded: dict) -> dict[str, str]:
    """Each attack's output in results.json, by the attack's name."""
    found = _by_exercise(graded["data"]).items()
    return {name.removeprefix("01_"): output for name, (_, output) in found}


def test_messages_say_what_happened_in_every_mode(graded):
    of = _outputs(graded)
    assert "is not written yet" in of["read_the_solution"]  # it found no solution to run


@pytest.mark.parametrize("graded", _modes(*SAME_IN_EVERY_MODE), indirect=True)
def test_messages_say_what_happened(graded):
    outputs = _outputs(graded)

    def of(name):
        return outputs[name]

    assert "the time limit" in of("endless_loop_at_import")
    assert "while importing exercise.py" in of("endless_loop_at_import")
    # an endless loop costs its call, not the exercise: the next call still runs
    loops = of("endless_loop_in_function")
    stopped = f"was stopped after {LIMIT} s, the time limit per call"
    assert f"count_records(dataset) failed: {stopped}" in loops
    assert "person_name(" in loops and f"was stopped after {LIMIT} s" in loops
    assert "not run: an earlier call of the same function, `person_name(" in loops
    assert "source_outlet is not written yet" in loops
    # the generated datasets' calls were not run: no counterexample asks the loop again
    assert "A counterexample" not in loops and "It fails the same way on 20 of the 20" in loops
    assert "exit code 0" in of("os_exit_at_import")
    assert "exit code 0" in of("os_exit_in_function")
    assert "could not be imported: exercise.py:" in of("sys_exit_at_import")
    assert re.search(
        r"exercise\.py:\d+: SystemExit: 0\n    raise SystemExit\(0\)", of("system_exit_in_function")
    )
    assert "KeyboardInterrupt" in of("keyboard_interrupt")
    assert "SIGKILL" in of("kill_own_process")
    # the address-space limit raises MemoryError, unless the time limit comes first
    assert re.search("MemoryError|the time limit|CPU-time limit", of("growing_memory"))
    assert "returned a Anything, which is not plain data" in of("always_equal_objects")
    assert "tampered" in of("write_to_inherited_descriptors")


def test_the_graders_lines_come_after_the_students(graded):
    lines = graded["completed"].stdout.rstrip().splitlines()
    assert "wrote " in lines[-1]
    score = next(i for i, line in enumerate(lines) if line.startswith("Score "))
    assert lines[score].startswith(f"Score {SECOND_MAX}/")
    # The grader's own lines (score, progress, where it wrote) all come after the student's
    # (the oracle prints in every mode).
    assert score > max(i for i, line in enumerate(lines) if line.startswith("| "))


@pytest.mark.parametrize("graded", _modes("fake_pytest_output"), indirect=True)
def test_printed_output_is_labelled_as_the_students(graded):
    stdout = graded["completed"].stdout
    printed = [line for line in stdout.splitlines() if "3 passed in" in line or "85/85" in line]
    assert len(printed) == 4, stdout  # stdout and stderr, each twice: kept apart from the table
    assert all(line.startswith("| ") for line in printed)
    assert "printed by your code in 01_fake_pytest_output (not by the grader)" in stdout


# --- --submission: an instructor grading a file from elsewhere ----------------------


def test_a_submitted_file_cannot_read_the_solution_or_write_the_checkout(tmp_path, monkeypatch):
    root = tmp_path / "checkout"
    copy_records(root)
    copy_exercises(root)
    folder = root / "exercises" / "01_load_and_read"
    (folder / "exercise.py").write_text(STUB)
    solution = (folder / "solution.py").read_text()
    attack = tmp_path / "their.py"
    attack.write_text(
        STUB
        + _code(
            f"""
            for path in [{str(folder / "solution.py")!r}, 'solution.py']:
                try:
                    exec(open(path).read())
                except OSError:
                    pass
            for path in [{str(root / "PWNED")!r}, {str(folder / "exercise.py")!r}]:
                try:
                    open(path, 'a').write('pwned = 1\\n')
                except OSError:
                    pass
            """
        )
    )
    tmp = _temporary()
    try:
        # In this process (the children are what is contained, wherever the grader runs):
        # a fresh interpreter's start and imports cost 0.3 CPU-s more.
        monkeypatch.setattr(tempfile, "tempdir", str(tmp))  # where the sandbox tree goes
        completed, data = grade_here(
            "01",
            "--submission",
            str(attack),
            results=tmp_path / "results.json",
            root=root,
            env={"CIVICDATA_GRADE_TIMEOUT": LIMIT},
        )
        assert data is not None, completed.stdout + completed.stderr
        assert data["score"] == 0 and completed.returncode == 1, completed.stdout
        assert not (root / "PWNED").exists()
        assert (folder / "exercise.py").read_text() == STUB
        assert (folder / "solution.py").read_text() == solution
        # The grading process keeps its zygote for its next run (judge.close_kept) and
        # ends it with itself, as a CLI grade does at exit (tests/test_zygote_reuse.py);
        # this one goes on: it is ended here, and then nothing may be left.
        judge.close_parked()
        assert _wait_for_no_leftovers(tmp) == []
    finally:
        shutil.rmtree(tmp, ignore_errors=True)


# --- Gradescope mode: the autograder as Gradescope runs it ------------------------

BIN = Path(sys.executable).parent
SECOND_FILE = "exercises/02_filter_and_sort/exercise.py"
# Which exercise's file carries which attack in the simulated Gradescope run (any stub
# exercise would do: every one of them scores 0 honestly). One run holds them all, one
# attack per Python exercise but 02 (two runs cost a grader's start, its imports and its
# zygote more: ~1.1 CPU-s). Only what each attack does at import meets the grader here:
# its functions are exercise 01's, which no other exercise's checks call. So neither
# huge_answers (all in its functions) nor fork_and_memory (in count_records) is here:
# each is tried in the local runs, where what decides it is the same code (the channel's
# size check; the cgroup each exercise gets as root).
GRADESCOPE_RUNS = {
    "attacks": {
        "01_load_and_read": "setsid_sleeper_chain",
        "03_partial_dates": "kill_the_graders_processes",
        "04_resolve_references": "oracle_reads_the_checks",
        "05_timeline": "write_into_the_checkout",
        "06_claims_and_answers": "atexit_and_signal_handlers_write_results",
        "07_citations_per_source": "write_into_a_siblings_pipe",
        "08_sql_queries": "nested_json_on_the_channel",
        "09_validation_rule": "sigstop_the_zygote",
        "10_add_a_field": "ansi_escapes",
    },
}


def _spy_python() -> Path:
    """A folder whose ``python3`` runs the grader's module as run_autograder asks
    (``-m civicdata.grading.gradescope ARGS``) through LATE_IMPORTS, and anything else
    as it is: Gradescope runs the attacks through it, and the spy's line is checked."""
    folder = _temporary("cdspy-")
    (folder / "late_imports.py").write_text(LATE_IMPORTS)
    shim = folder / "python3"
    shim.write_text(
        "#!/bin/bash\n"
        'if [ "$1" = -m ] && [ "$2" = civicdata.grading.gradescope ]; then\n'
        "    shift 2\n"  # -c: the grader's package is the one in the working folder, source/
        f'    exec {sys.executable} -c "$(cat {folder}/late_imports.py)" gradescope "$@"\n'
        "fi\n"
        f'exec {sys.executable} "$@"\n'
    )
    shim.chmod(0o755)
    return folder


def _gradescope(zip_path: Path, root: Path, attacks: dict[str, str]) -> dict:
    with zipfile.ZipFile(zip_path) as archive:
        archive.extractall(root / "source")
    run = root / "run_autograder"
    shutil.copyfile(root / "source" / "run_autograder", run)
    original_script = run.read_text()
    export_init = root / "source" / "civicdata" / "export" / "__init__.py"
    original_export = export_init.read_text()
    submission = root / "submission"
    (submission / "exercises" / SECOND).mkdir(parents=True)
    shutil.copyfile(REPO / "exercises" / SECOND / "solution.py", submission / SECOND_FILE)
    results = root / "results" / "results.json"
    for exercise, name in attacks.items():
        path = submission / "exercises" / exercise / "exercise.py"
        path.parent.mkdir(parents=True, exist_ok=True)
        stub = (REPO / "exercises" / exercise / "exercise.py").read_text()
        target = str(export_init) if name != "kill_the_graders_processes" else str(run)
        fake = f"echo '{FAKE_RESULTS}' > {results}\n"
        path.write_text(
            stub
            + "\n"
            + _fill(
                ATTACKS[name],
                results=str(results),
                fake=FAKE_RESULTS if name != "write_into_the_checkout" else fake,
                mark=MARK,
                repo=str(REPO),
                root=str(root / "source"),
                target=target if name != "write_into_the_checkout" else str(run),
            )
        )
    tmp = _temporary()
    spy = _spy_python()
    started = time.monotonic()
    try:
        completed = subprocess.run(
            ["bash", str(run)],
            capture_output=True,
            text=True,
            check=False,
            env={
                **os.environ,
                "AUTOGRADER_ROOT": str(root),
                "PATH": f"{spy}:{BIN}:{os.environ['PATH']}",
                "CIVICDATA_GRADE_TIMEOUT": LIMIT,
                "TMPDIR": str(tmp),
            },
            timeout=300,
        )
        seconds = time.monotonic() - started
        left = _wait_for_no_leftovers(tmp)
        time.sleep(max(0.0, 3.5 - (time.time() - results.stat().st_mtime)))  # late forgers
        text = results.read_text()
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
        shutil.rmtree(spy, ignore_errors=True)
    return {
        "completed": completed,
        "data": json.loads(text),
        "text": text,
        "seconds": seconds,
        "left": left,
        "script_unchanged": run.read_text() == original_script,
        "export_unchanged": export_init.read_text() == original_export,
        "pwned": (root / "source" / "PWNED").exists(),
    }


@pytest.fixture(scope="module")
def gradescope_runs(autograder_zip, tmp_path_factory) -> dict[str, dict]:
    base = tmp_path_factory.mktemp("gradescope-attacks")
    runs = {
        name: {exercise: attack for exercise, attack in attacks.items() if attack in ATTACKS}
        for name, attacks in GRADESCOPE_RUNS.items()
    }
    with ThreadPoolExecutor(max_workers=2) as pool:
        found = pool.map(
            lambda item: (item[0], _gradescope(autograder_zip, base / item[0], item[1])),
            runs.items(),
        )
        return dict(found)


@pytest.mark.parametrize("run", GRADESCOPE_RUNS)
@pytest.mark.xdist_group("attacks-gradescope")
def test_gradescope_attacks_score_no_more_than_honest(gradescope_runs, run):
    found = gradescope_runs[run]
    completed = found["completed"]
    assert completed.returncode == 0, completed.stdout + completed.stderr
    data = found["data"]
    assert data["score"] == SECOND_MAX, data.get("output")
    assert data["max_score"] == sum(e.max_score for e in MANIFEST.exercises)
    scores = _by_exercise(data)
    assert scores[SECOND][0] == SECOND_MAX  # the honest exercise keeps its score
    assert all(score == 0 for name, (score, _) in scores.items() if name != SECOND)
    assert "999" not in found["text"] and len(found["text"]) < 1_000_000


@pytest.mark.parametrize("run", GRADESCOPE_RUNS)
@pytest.mark.xdist_group("attacks-gradescope")
def test_gradescope_attacks_change_no_grader_file_and_leave_no_process(gradescope_runs, run):
    found = gradescope_runs[run]
    assert found["script_unchanged"] and found["export_unchanged"] and not found["pwned"]
    assert found["left"] == []
    assert found["seconds"] < 120


@pytest.mark.xdist_group("attacks-gradescope")
def test_gradescope_output_is_escaped(gradescope_runs):
    found = gradescope_runs["attacks"]
    for text in (found["completed"].stdout, found["text"]):
        assert "\x1b" not in text and "\u202e" not in text
    assert "\\x1b[2K" in found["completed"].stdout


@pytest.mark.parametrize("run", GRADESCOPE_RUNS)
@pytest.mark.xdist_group("attacks-gradescope")
def test_no_civicdata_module_is_imported_after_children_start_on_gradescope(gradescope_runs, run):
    """As in the local runs: the autograder's grader runs through LATE_IMPORTS here."""
    stderr = gradescope_runs[run]["completed"].stderr
    assert "LATE IMPORTS []" in stderr.splitlines(), stderr[-2000:]


@pytest.mark.xdist_group("attacks-gradescope")
def test_gradescope_oracle_reads_nothing(gradescope_runs):
    stdout = gradescope_runs["attacks"]["completed"].stdout
    assert "ORACLE READ 0 FILES" in stdout, stdout[-3000:]


# --- the children's users -------------------------------------------------------


# One grading run (run_all: one sandbox tree, one zygote) makes the children that the
# tests below read, each test its own jobs: a run each cost a tree and a zygote more
# (0.25 CPU-s). Each job is an exercise of its own (its own user, work folder, unit).
WHO = (
    STUB
    + "import os\n"
    + "def count_records(dataset):\n    return [os.getuid(), os.geteuid(), os.getgroups()]\n"
)
WHO_CALL = "count_records(dataset)"
ENDLESS = "def loop(dataset):\n    while True:\n        pass\ndef two(dataset):\n    return 2\n"
ENDLESS_CALLS = ["two(dataset)", "loop(dataset)", "two(dataset) + 1", "loop(dataset) + 1"]
PIPES_CALL = "count_records(dataset)"


@pytest.fixture(scope="module")
def children(tmp_path_factory) -> dict:
    """The children of one run_all of every job below, by test: ``who``, ``pipes``, ``endless``."""
    from civicdata.grading.judge import Job, close_kept, run_all

    folder = tmp_path_factory.mktemp("children")
    for name, text in (("who", WHO), ("pipes", PIPES), ("endless", ENDLESS)):
        (folder / f"{name}.py").write_text(text)
    relative = Path("exercises/01_load_and_read/exercise.py")
    jobs = {
        "who": [
            Job(f"0{n}", REPO, folder / "who.py", relative, [WHO_CALL], 2.0) for n in (1, 2, 3)
        ],
        "pipes": [
            Job(f"1{n}", REPO, folder / "pipes.py", relative, [PIPES_CALL], 5.0)
            for n in (1, 2, 3, 4)
        ],
        "endless": [
            Job("01_load_and_read", REPO, folder / "endless.py", relative, ENDLESS_CALLS, 1)
        ],
    }
    kept: dict = {}
    started = time.monotonic()
    try:
        runs = run_all([job for listed in jobs.values() for job in listed], keep=kept)
        zygotes = len(kept[REPO].started)
    finally:
        close_kept(kept)
    return {
        "jobs": jobs,
        "runs": runs,
        "seconds": time.monotonic() - started,
        "zygotes": zygotes,
    }


@pytest.mark.skipif(
    not USER_SWITCH,
    reason="the user switch needs root (as Gradescope and CI run) and a Python "
    "installation other users can run",
)
@pytest.mark.xdist_group("attacks-children")  # one worker makes `children`
def test_each_exercise_runs_as_a_user_of_its_own(children):
    jobs, runs = children["jobs"]["who"], children["runs"]
    users = [runs[job.exercise].answer(WHO_CALL).value for job in jobs]
    assert all(real == effective and groups == [] for real, effective, groups in users), users
    uids = [real for real, _, _ in users]
    assert len(set(uids)) == 3 and all(uid >= sandbox.FIRST_UID for uid in uids)
    assert all(runs[job.exercise].contained.get("uid") for job in jobs)
    assert all(sandbox.processes_of(uid) == [] for uid in uids)


@pytest.mark.skipif(not ROOT_MODE, reason="starting a process as another user needs root")
def test_the_process_sweep_finds_a_users_live_processes_only():
    """processes_of reads each process's users and state from /proc/<pid>/status."""
    uid = sandbox.FIRST_UID + sandbox.UID_RANGE - 1
    sleeper = subprocess.Popen(
        ["sleep", "30"], user=uid, group=uid, extra_groups=[], stdin=subprocess.DEVNULL
    )
    try:
        assert sandbox.processes_of(uid) == [sleeper.pid]
        assert uid in sandbox._used_uids()
        sleeper.kill()
        deadline = time.monotonic() + 5
        while sandbox.process_state(sleeper.pid) != "Z" and time.monotonic() < deadline:
            time.sleep(0.01)
        assert sandbox.processes_of(uid) == []  # a zombie is not a live process
    finally:
        sleeper.kill()
        sleeper.wait()


# --- the result channel, the zygote and the per-call limit, each on its own -----------


def _channel(calls: int = 2):
    from civicdata.grading.judge import Channel

    channel = Channel(calls)
    channel.feed(b'{"started": true, "contained": {}}\n{"ready": true}\n')
    return channel


def test_the_channel_refuses_nesting_before_any_parser_recurses():
    channel = _channel()
    channel.feed(b'{"i": 0, "value": ' + b"[" * 200_000 + b"]" * 200_000 + b"}\n")
    assert channel.tampered and channel.answers == {}


def test_the_nesting_limit_counts_brackets_outside_strings_only():
    from civicdata.grading.judge import MAX_DEPTH

    def line(depth: int, text: str = "x") -> bytes:
        value = "[" * (depth - 1) + json.dumps(text) + "]" * (depth - 1)
        return b'{"i": 0, "value": ' + value.encode() + b"}\n"

    at_the_limit = _channel()
    at_the_limit.feed(line(MAX_DEPTH))  # the message's own braces are one level
    assert at_the_limit.tampered is None and at_the_limit.answers[0].ok
    over = _channel()
    over.feed(line(MAX_DEPTH + 1))
    assert over.tampered
    brackets_in_text = _channel()  # more brackets than the limit, all of them in a string
    brackets_in_text.feed(line(2, "[{" * MAX_DEPTH))
    assert brackets_in_text.tampered is None
    assert brackets_in_text.answers[0].value == ["[{" * MAX_DEPTH]


def test_a_recursion_error_in_the_parser_is_tampering_not_a_crash(monkeypatch):
    monkeypatch.setattr(judge, "MAX_DEPTH", 10**9)  # let json.loads meet the nesting itself
    channel = _channel()
    channel.feed(b'{"i": 0, "value": ' + b"[" * 200_000 + b"]" * 200_000 + b"}\n")
    assert channel.tampered and "RecursionError" in channel.tampered


@pytest.mark.parametrize(
    "lines",
    [
        b'{"i": 0, "value": 1}\n{"i": 0, "value": 2}\n',  # a second answer
        b'{"i": 5, "value": 1}\n',  # a call that was not asked
        b'{"i": true, "value": 1}\n',  # not a number
        b'{"i": 0, "value": 1, "extra": 2}\n',  # not the grader's message
        b"[1, 2]\n",
        b"\xff\xfe\n",
        b'{"ready": true}\n',  # twice
    ],
)
def test_anything_the_grader_did_not_ask_for_is_tampering(lines):
    channel = _channel()
    channel.feed(lines)
    assert channel.tampered


def test_an_answer_before_the_child_is_ready_is_tampering():
    from civicdata.grading.judge import Channel

    channel = Channel(1)
    channel.feed(b'{"started": true, "contained": {}}\n{"i": 0, "value": 1}\n')
    assert channel.tampered


def test_an_oversized_answer_fails_that_call_only_and_is_never_kept():
    channel = _channel(3)
    big = b'{"i": 0, "value": "' + b"x" * (3 << 20) + b'"}\n'
    for start in range(0, len(big), 1 << 16):  # as it arrives from the pipe
        channel.feed(big[start : start + (1 << 16)])
        assert len(channel.pending) <= (1 << 20) + (1 << 17)
    channel.feed(b'{"i": 1, "value": "fine"}\n{"i": 2, "error": "boom \\u001b[2K"}\n')
    assert channel.tampered is None
    assert "more than 1 MB" in channel.answers[0].error
    assert channel.answers[1].value == "fine"
    assert channel.answers[2].error == "boom \\x1b[2K"  # escaped on arrival
    headless = _channel()
    headless.feed(b"[" + b"1," * (1 << 20) + b"1]\n")
    assert headless.tampered


def test_a_stopped_zygote_is_replaced_within_seconds(tmp_path):
    import signal

    from civicdata.grading.judge import Job, Zygotes, run

    student = tmp_path / "exercise.py"
    student.write_text("def f(dataset):\n    return 1\n")
    job = Job(
        "01_load_and_read", REPO, student, Path("exercises/01/exercise.py"), ["f(dataset)"], 2
    )
    session = Zygotes(REPO)
    try:
        zygote = session.get()
        assert zygote is not None
        os.kill(zygote.process.pid, signal.SIGSTOP)  # what a contained child can no longer do
        started = time.monotonic()
        result = run(job, session)
        assert time.monotonic() - started < 15
        assert result.answer("f(dataset)").value == 1
        assert session.notes and "replaced" in session.notes[0]
    finally:
        session.close()
    assert sandbox.process_state(zygote.process.pid) is None


@pytest.mark.xdist_group("attacks-children")  # one worker makes `children`
def test_an_endless_call_costs_that_call_and_a_new_child_makes_the_rest(children):
    """A loop that really spins (the battery's loops wait: the limit is wall-clock time).
    Its new child is forked from the run's zygote, as in a grading run (fresh interpreters,
    the judge's fallback, are tried in test_grader_attacks_more)."""
    result = children["runs"]["01_load_and_read"]
    assert children["seconds"] < 20
    assert children["zygotes"] == 1  # the new child was forked, not a fresh interpreter
    assert result.answer("two(dataset)").value == 2
    assert "stopped after 1 s, the time limit per call" in result.answer("loop(dataset)").error
    assert result.answer("two(dataset) + 1").value == 3
    skipped = result.answer("loop(dataset) + 1").error
    assert "not run: an earlier call of the same function, `loop(dataset)`" in skipped
    assert result.stopped is None


def test_no_civicdata_module_is_imported_after_children_start(graded):
    """Not in the grading run of every attack (through LATE_IMPORTS): a module the grader
    imported late could have been changed by a child by then."""
    stderr = graded["completed"].stderr
    assert "LATE IMPORTS []" in stderr.splitlines(), stderr[-2000:]


PIPES = """
import ctypes, os, stat, sys
import civicdata
def count_records(dataset):
    pipes = sorted({os.fstat(fd).st_ino for fd in range(1024) if _pipe(fd)})
    libc = ctypes.CDLL(None)
    return {"pipes": pipes, "dumpable": libc.prctl(3, 0, 0, 0, 0),
            "no_new_privs": libc.prctl(39, 0, 0, 0, 0), "package": civicdata.__file__,
            "path": sys.path, "root": str(dataset.project.root),
            "exercises": os.path.exists(os.path.join(dataset.project.root, "exercises"))}
def _pipe(fd):
    try:
        return stat.S_ISFIFO(os.fstat(fd).st_mode)
    except OSError:
        return False
"""


@pytest.mark.xdist_group("attacks-children")  # one worker makes `children`
def test_each_child_holds_its_own_two_pipes_only_and_is_not_dumpable(children):
    """The result pipe's write end exists in its own child only: no sibling inherits it."""
    jobs = children["jobs"]["pipes"]
    answers = [children["runs"][job.exercise].answer(PIPES_CALL) for job in jobs]
    assert all(answer.ok for answer in answers), answers
    seen = [answer.value["pipes"] for answer in answers]
    assert all(len(pipes) == 2 for pipes in seen), seen  # its output and its result channel
    assert len({inode for pipes in seen for inode in pipes}) == 2 * len(jobs)  # none shared
    assert all(a.value["dumpable"] == 0 and a.value["no_new_privs"] == 1 for a in answers)
    # the package and the dataset come from the run's copy, never from the checkout
    for answer in answers:
        copy = Path(answer.value["root"])
        assert copy.name == "copy" and answer.value["exercises"] is False
        assert Path(answer.value["package"]).is_relative_to(copy)
        assert str(REPO) not in answer.value["path"]


def test_a_linked_submission_is_refused_with_its_name_never_followed(tmp_path):
    from civicdata.grading.judge import Job, _copy, run

    secret = tmp_path / "secret.py"
    secret.write_text("def count_records(dataset):\n    return 1\n")
    link = tmp_path / "exercise.py"
    link.symlink_to(secret)
    folder = tmp_path / "records"
    (folder / "claim").mkdir(parents=True)
    (folder / "claim" / "linked.yaml").symlink_to(secret)
    (folder / "person").symlink_to(tmp_path)
    call = "count_records(dataset)"
    result = run(Job("01_load_and_read", REPO, link, Path("exercises/01/exercise.py"), [call], 2))
    assert "is a symbolic link" in result.answer(call).error
    job = Job("12_extend", REPO, folder, Path("exercises/12/records"), [], 2)
    work = tmp_path / "work"
    copy = _copy(job, work, None)
    assert copy is not None
    assert [p.relative_to(work).as_posix() for p in sorted(work.rglob("*"))] == [
        "exercises",
        "exercises/12",
        "exercises/12/records",
    ]
