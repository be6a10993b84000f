"""A grading run's zygote is kept for the same process's next run of the same dataset.

``judge.close_kept`` parks the last run's zygote and sandbox tree; the next run
forks from it only if a new zygote would hold the same: the records and seeds
byte for byte, the grader's package source, the Python and the user switch;
and only if the tree's copy is as it was sealed and the zygote still answers.
Nothing is kept past the process. Each child is still forked fresh, as its
exercise's own user, and every task scores as in a fresh run.
"""

from __future__ import annotations

import json
import os
import subprocess
import sys
import time
from pathlib import Path

import pytest

from civicdata.grading import judge, sandbox
from tests.conftest import REPO, grade_here

# One worker runs these: they read this process's kept run, which other tests change.
pytestmark = pytest.mark.xdist_group("zygote-reuse")


def _kept() -> tuple[int, Path]:
    """The kept run's zygote (its pid) and sandbox tree."""
    [session] = judge._PARKED
    return session.started[-1].process.pid, session.tree.top


def _alive(pid: int) -> bool:
    return sandbox.process_state(pid) not in (None, "Z")


def _scores(data: dict | None) -> list[tuple[str, float]]:
    assert data is not None
    return [(test["name"], test["score"]) for test in data["tests"]]


def test_the_next_run_of_the_same_dataset_forks_from_the_kept_zygote(checkout, tmp_path):
    judge.close_parked()
    _, first = grade_here(
        "03", "05", "--solutions", results=tmp_path / "1.json", root=checkout.root
    )
    pid, tree = _kept()
    _, again = grade_here("03", "05", "--solutions", results=tmp_path / "2.json", root=REPO)
    assert _kept() == (pid, tree)  # another checkout, the same records and seeds
    assert _scores(again) == _scores(first) and again["score"] == again["max_score"] > 0
    _, stubs = grade_here("03", results=tmp_path / "3.json", root=checkout.root)
    assert stubs is not None and stubs["score"] == 0  # the children are the submission's own
    assert _kept() == (pid, tree)


def _wakeups(pid: int) -> int:
    with open(f"/proc/{pid}/status") as status:
        for line in status:
            if line.startswith("voluntary_ctxt_switches:"):
                return int(line.split()[1])
    raise AssertionError("no voluntary_ctxt_switches line")


def test_a_kept_zygote_sleeps_until_the_next_run(tmp_path):
    """Once its children and their orphans are gone, it no longer sweeps /proc or polls."""
    judge.close_parked()
    grade_here("03", "--solutions", results=tmp_path / "1.json", root=REPO)
    pid, _ = _kept()
    time.sleep(1.0)  # its last sweeps, a quarter of a second apart, find nothing
    before = _wakeups(pid)
    time.sleep(0.5)
    assert _wakeups(pid) - before <= 1  # polling, it woke a hundred times a second


def test_a_changed_record_a_touched_copy_or_the_process_end_leaves_no_zygote(checkout, tmp_path):
    judge.close_parked()
    grade_here("03", "--solutions", results=tmp_path / "1.json", root=checkout.root)
    pid, tree = _kept()
    record = checkout.data_dir / "person" / "larry-krasner.yaml"
    record.write_text(record.read_text(encoding="utf-8") + "# a comment\n", encoding="utf-8")
    grade_here("03", "--solutions", results=tmp_path / "2.json", root=checkout.root)
    changed, changed_tree = _kept()
    assert changed != pid and not tree.exists()  # closed: ended and removed
    deadline = time.monotonic() + 5
    while _alive(pid) and time.monotonic() < deadline:
        time.sleep(0.05)
    assert not _alive(pid)

    # The kept copy is touched (as a child without Landlock, running as the grader's
    # own user, could): the change time moves, and the copy is never forked from again.
    seed = next((changed_tree / "copy" / "seeds").iterdir())
    os.chmod(seed, 0o644)
    _, data = grade_here("03", "--solutions", results=tmp_path / "3.json", root=checkout.root)
    assert data is not None and data["score"] == data["max_score"]
    last, last_tree = _kept()
    assert last not in (pid, changed) and not changed_tree.exists()

    judge.close_parked()
    assert judge._PARKED == [] and not last_tree.exists() and not _alive(last)


def test_a_forked_child_of_the_grading_process_leaves_the_kept_run_alone(tmp_path):
    judge.close_parked()
    grade_here("03", "--solutions", results=tmp_path / "1.json", root=REPO)
    pid, tree = _kept()
    read_end, write_end = os.pipe()
    child = os.fork()
    if child == 0:  # sees no kept run, and its exit ends none
        os.write(write_end, str(len(judge._PARKED)).encode())
        os._exit(0)
    os.close(write_end)
    os.waitpid(child, 0)
    with os.fdopen(read_end, "rb") as seen:
        assert seen.read() == b"0"
    assert _kept() == (pid, tree) and _alive(pid)


def test_a_pid_given_again_is_a_new_child_not_the_ended_one():
    """The kernel hands out a pid again once its counter wraps (a kept zygote forks
    thousands of children): the earlier child's exit must not end the new one."""
    zygote = object.__new__(judge.Zygote)  # its bookkeeping only: no process
    zygote.pids, zygote.exits = {}, {}
    zygote._heard("pid first 4242")
    zygote._heard("exit 4242 0")
    assert zygote.exits == {4242: 0}
    zygote._heard("pid second 4242")
    assert zygote.pids == {"first": 4242, "second": 4242} and zygote.exits == {}
    zygote._heard("exit 4242 1")
    assert zygote.exits == {4242: 1}


def test_a_copy_changed_during_a_run_or_a_failing_check_is_never_forked_from(
    checkout, tmp_path, monkeypatch
):
    """The copy is sealed as made, before any child ran; and whatever fails while a
    kept run is checked closes it, and a new run starts."""
    judge.close_parked()
    park = judge._park

    def touched_then_kept(session: judge.Zygotes) -> None:  # as a child of the run could
        os.chmod(next((session.tree.copy / "seeds").iterdir()), 0o444)  # only ctime moves
        park(session)

    monkeypatch.setattr(judge, "_park", touched_then_kept)
    grade_here("03", "--solutions", results=tmp_path / "1.json", root=checkout.root)
    monkeypatch.setattr(judge, "_park", park)
    assert not judge._PARKED[0].tree.intact()
    pid, tree = _kept()
    grade_here("03", "--solutions", results=tmp_path / "2.json", root=checkout.root)
    assert _kept()[0] != pid and not tree.exists()

    pid, tree = _kept()

    stamp = judge.sandbox.package_stamp
    calls: list[Path] = []

    def gone_once(package: Path) -> tuple:  # a file deleted while the check lists them
        calls.append(package)
        if len(calls) == 1:
            raise FileNotFoundError(package)
        return stamp(package)

    monkeypatch.setattr(judge.sandbox, "package_stamp", gone_once)
    _, data = grade_here("03", "--solutions", results=tmp_path / "3.json", root=checkout.root)
    assert data is not None and data["score"] == data["max_score"] > 0
    assert len(calls) >= 2 and not tree.exists()  # closed; the new run started afresh
    assert _kept()[0] != pid


def test_nothing_is_kept_past_the_grading_process(tmp_path):
    """A process that graded: at its end, no zygote runs and no sandbox tree is left."""
    script = (
        "import json, sys\n"
        "from civicdata.cli import main\n"
        "from civicdata.grading import judge\n"
        "main(['grade', '03', '--solutions', '--results', sys.argv[1]])\n"
        "[session] = judge._PARKED\n"
        "print(json.dumps([session.started[-1].process.pid, str(session.tree.top)]))\n"
    )
    completed = subprocess.run(
        [sys.executable, "-c", script, str(tmp_path / "results.json")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "TMPDIR": str(tmp_path)},
        timeout=120,
    )
    assert completed.returncode == 0, completed.stderr
    pid, tree = json.loads(completed.stdout.splitlines()[-1])
    assert Path(tree).parent == tmp_path
    assert not Path(tree).exists() and not list(tmp_path.glob("civicdata-sandbox-*"))
    assert not _alive(pid)
