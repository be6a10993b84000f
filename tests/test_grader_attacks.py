"""The grader under attack: student code that tries to win without solving.

Each attack replaces exercise 01's file (the stub plus the attack) in a copy
of the checkout where exercise 02 holds its reference solution, then grades
01 and 02 together. Every attack must score no more than the stub (0) on 01,
leave 02's full score alone, and end with a valid results.json written by
the grader. The time limit is lowered to 2 s so the battery stays fast.
"""

from __future__ import annotations

import json
import re
import shutil
import time
from pathlib import Path

import pytest

from civicdata.grading.manifest import load_manifest
from civicdata.project import Project
from tests.conftest import REPO, grade_cli

# Exercise 01's stub, written here: the checkout's own file may be solved in place.
STUB = """from civicdata import Dataset


def count_records(dataset: Dataset) -> int:
    raise NotImplementedError("count_records")


def person_name(dataset: Dataset, person_id: str) -> str:
    raise NotImplementedError("person_name")


def source_outlet(dataset: Dataset, source_id: str) -> str:
    raise NotImplementedError("source_outlet")
"""
FIRST = load_manifest(Project(REPO)).find("01")
SECOND = "02_filter_and_sort"
SECOND_MAX = load_manifest(Project(REPO)).find("02").max_score
FAKE_RESULTS = '{"score": 999, "max_score": 999, "tests": []}'

# {results}: the results.json path; {marker}: a folder the attack may leave pids in.
ATTACKS = {
    "endless_loop_at_import": "while True:\n    pass\n",
    "endless_loop_in_function": (
        "def count_records(dataset):\n    while True:\n        pass\n"
        "def person_name(dataset, person_id):\n    while True:\n        pass\n"
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
        "    with open({results!r}, 'w') as out:\n"
        "        out.write({fake!r})\n"
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
    "growing_memory": (
        "def count_records(dataset):\n"
        "    hoard = []\n"
        "    while True:\n"
        "        hoard.append(bytearray(100_000_000))\n"
    ),
    "spawned_long_lived_processes": (
        "import os, subprocess, sys, time\n"
        "sleeper = subprocess.Popen(['sleep', '300'])\n"
        "code = 'import time; time.sleep(3); open(%r, \"w\").write(%r)' % ({results!r}, {fake!r})\n"
        "writer = subprocess.Popen([sys.executable, '-c', code])\n"
        "open(os.path.join({marker!r}, 'pids'), 'w').write(f'{sleeper.pid} {writer.pid}')\n"
        "def count_records(dataset):\n    time.sleep(60)\n"
    ),
    "escape_the_process_group": (
        "import os, time\n"
        "if os.fork() == 0:\n"
        "    os.setsid()\n"
        "    if os.fork() == 0:\n"
        "        open(os.path.join({marker!r}, 'escaped'), 'w').write(str(os.getpid()))\n"
        "        time.sleep(3)\n"
        "        open({results!r}, 'w').write({fake!r})\n"
        "    os._exit(0)\n"
        "time.sleep(0.5)\n"
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
}


def _manifest_entry(base: dict, exercise_id: str) -> dict:
    return {**base, "id": exercise_id}


@pytest.fixture(scope="module")
def graded(tmp_path_factory) -> dict:
    """One grading run: the stub, every attack as its own copy of exercise 01, and 02 solved."""
    import yaml

    root = tmp_path_factory.mktemp("attacks")
    shutil.copytree(REPO / "seeds", root / "seeds")
    shutil.copytree(REPO / "civicdata" / "data", root / "civicdata" / "data")
    exercises = root / "exercises"
    exercises.mkdir()
    manifest = yaml.safe_load((REPO / "exercises" / "manifest.yaml").read_text())
    by_id = {entry["id"]: entry for entry in manifest["exercises"]}
    marker = root / "marker"
    marker.mkdir()
    results = root / "results.json"
    entries = []
    for name in ["stub", *ATTACKS]:
        folder = exercises / f"01_{name}"
        shutil.copytree(
            REPO / "exercises" / "01_load_and_read",
            folder,
            ignore=shutil.ignore_patterns("__pycache__", "solution.py"),
        )
        text = ATTACKS.get(name, "")
        for placeholder, value in [
            ("results", str(results)),
            ("fake", FAKE_RESULTS),
            ("marker", str(marker)),
        ]:
            text = text.replace(f"{{{placeholder}!r}}", repr(value))
        (folder / "exercise.py").write_text(STUB + "\n" + text)
        entries.append(_manifest_entry(by_id["01_load_and_read"], folder.name))
    shutil.copytree(
        REPO / "exercises" / SECOND,
        exercises / SECOND,
        ignore=shutil.ignore_patterns("__pycache__"),
    )
    shutil.copy(exercises / SECOND / "solution.py", exercises / SECOND / "exercise.py")
    entries.append(by_id[SECOND])
    plain = json.loads(json.dumps({"exercises": entries}))  # no shared objects, no YAML anchors
    (exercises / "manifest.yaml").write_text(yaml.safe_dump(plain))
    started = time.monotonic()
    completed, data = grade_cli(
        results=results, root=root, env={"CIVICDATA_GRADE_TIMEOUT": "2"}, timeout=120
    )
    assert data is not None, completed.stdout + completed.stderr
    return {
        "results": results,
        "data": data,
        "marker": marker,
        "completed": completed,
        "seconds": time.monotonic() - started,
    }


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
    second = load_manifest(Project(REPO)).find("02")
    assert len(data["tests"]) == len(FIRST.tasks) * (len(ATTACKS) + 1) + len(second.tasks)
    assert data["max_score"] == FIRST.max_score * (len(ATTACKS) + 1) + SECOND_MAX
    assert all(test["output"] for test in data["tests"])


@pytest.mark.parametrize("name", ATTACKS)
def test_attack_scores_no_more_than_the_stub(graded, name):
    scores = _by_exercise(graded["data"])
    assert scores[f"01_{name}"][0] <= scores["01_stub"][0] == 0, scores[f"01_{name}"]


def test_other_exercises_keep_their_scores(graded):
    assert _by_exercise(graded["data"])[SECOND][0] == SECOND_MAX
    assert graded["data"]["score"] == SECOND_MAX


def _attackers(graded) -> list[int]:
    """The attack's processes: the sleeper, the delayed writer, and the one that left its group."""
    pids = [int(pid) for pid in (graded["marker"] / "pids").read_text().split()]
    return [*pids, int((graded["marker"] / "escaped").read_text())]


def _alive(pid: int) -> bool:
    stat = Path(f"/proc/{pid}/stat")
    try:
        text = stat.read_text()
    except OSError:
        return False
    return ") Z" not in text and ("sleep" in text or "python" in text)


def test_results_json_is_the_graders_after_the_attacks_are_over(graded):
    # The delayed writer writes 3 s after it starts. Once every attacking process
    # is gone nothing can write any more, so wait for that (no fixed sleep when the
    # grader killed them, as it should); a survivor is waited out past its write.
    deadline = graded["results"].stat().st_mtime + 3.5
    while any(_alive(pid) for pid in _attackers(graded)) and time.time() < deadline:
        time.sleep(0.05)
    text = graded["results"].read_text()
    assert json.loads(text) == graded["data"]
    assert "999" not in text


def test_spawned_processes_are_dead_after_grading(graded):
    pids = [int(pid) for pid in (graded["marker"] / "pids").read_text().split()]
    assert len(pids) == 2
    pids.append(int((graded["marker"] / "escaped").read_text()))  # it left its group
    for pid in pids:
        stat = Path(f"/proc/{pid}/stat")
        if stat.exists():  # a reused pid, or a zombie init has not reaped yet
            text = stat.read_text()
            assert ") Z" in text or ("sleep" not in text and "python" not in text), text


def test_messages_say_what_happened(graded):
    outputs = {name: output for name, (_, output) in _by_exercise(graded["data"]).items()}

    def of(name):
        return outputs[f"01_{name}"]

    assert "the time limit" in of("endless_loop_at_import")
    assert "while importing exercise.py" in of("endless_loop_at_import")
    assert "the time limit" in of("endless_loop_in_function")
    assert "while running `count_records(dataset)`" in of("endless_loop_in_function")
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
    assert "is not written yet" in of("read_the_solution")  # it found no solution to run
    # 2 s per exercise at most, two at a time, plus the grader's own time
    assert graded["seconds"] < 60


def test_printed_output_is_labelled_as_the_students(graded):
    stdout = graded["completed"].stdout
    printed = [line for line in stdout.splitlines() if "3 passed in" in line or "85/85" in line]
    assert len(printed) == 4, stdout  # stdout and stderr, each twice: kept apart from the table
    assert all(line.startswith("| ") for line in printed)
    assert "printed by your code in 01_fake_pytest_output (not by the grader)" in stdout
    lines = stdout.rstrip().splitlines()
    assert "wrote " in lines[-1]
    score = next(i for i, line in enumerate(lines) if line.startswith("Score "))
    assert lines[score].startswith(f"Score {SECOND_MAX}/")
    # The grader's own lines (score, progress, where it wrote) all come after the student's.
    assert score > max(i for i, line in enumerate(lines) if line.startswith("| "))
