"""`civicdata grade` ends with progress; `--watch` keeps a one-line status."""

from __future__ import annotations

import os
import queue
import re
import shutil
import signal
import subprocess
import sys
import tempfile
import threading
import time
from pathlib import Path

import pytest

from civicdata.grading.manifest import load_manifest
from civicdata.grading.progress import chapters, site_url, status_line, summary, tally
from civicdata.project import Project
from tests.conftest import REPO, grade_here

MANIFEST = load_manifest(Project(REPO))
STATUS = re.compile(r"^\[\d\d:\d\d:\d\d\] (\d+)/(\d+) exercises done, (\d+)/(\d+) tasks · (.*)$")


def _grade(*args: str, root: Path = REPO) -> str:
    # results.json in a temporary folder: the suite never overwrites the checkout's own.
    with tempfile.TemporaryDirectory() as folder:
        completed, _ = grade_here(*args, results=Path(folder) / "results.json", root=root)
    return completed.stdout


@pytest.mark.parametrize("exercise", MANIFEST.exercises, ids=lambda e: e.id)
def test_every_exercise_names_chapters_that_exist(exercise):
    found = chapters(MANIFEST, exercise)
    assert found, f"{exercise.id}: its README links no chapter to read"
    for chapter in found:
        assert re.fullmatch(r"docs/chapters/\d\d-[a-z0-9-]+\.md", chapter)
        assert (REPO / chapter).is_file(), chapter


def test_grade_ends_with_done_per_exercise_and_the_next_exercise():
    wrong = MANIFEST.root / "02_filter_and_sort" / "wrong" / "case_sensitive_match.py"
    out = _grade("02", "--submission", str(wrong))
    tail = out[out.index("Progress:") :]
    # the hidden task (a full checkout grades it) asks other letter cases too
    assert re.search(r"^  02_filter_and_sort  1/3 tasks  2 to go$", tail, re.M)
    assert "0 of 1 exercises done" in tail
    assert "Next: 02_filter_and_sort: Filter and sort claims and organizations" in tail
    for chapter in chapters(MANIFEST, MANIFEST.find("02")):
        assert f"read {chapter}" in tail
    assert "uv run civicdata hint 02" in tail


def test_grade_says_when_nothing_is_left():
    out = _grade("01", "--solutions")
    assert "01_load_and_read  4/4 tasks  done" in out  # its hidden task counts here
    assert "Next: nothing left here" in out


def test_the_next_exercise_is_the_first_unfinished_in_course_order():
    outcomes = [
        ("03_partial_dates", "certainly_before", False),
        ("01_load_and_read", "count", True),
        ("01_load_and_read", "person_name", True),
        ("01_load_and_read", "source_outlet", True),
        ("01_load_and_read", "every_outlet", True),  # hidden: graded in a full checkout
        ("02_filter_and_sort", "claims_by_speaker", True),
        ("02_filter_and_sort", "organizations_of_class", False),
    ]
    progress = tally(MANIFEST, outcomes)
    assert [p.exercise.id[:2] for p in progress] == ["01", "02", "03"]
    assert [(p.done, p.total) for p in progress] == [(4, 4), (1, 3), (0, 4)]  # hidden tasks count
    text = summary(MANIFEST, progress)
    assert "Next: 02_filter_and_sort" in text and "1 of 3 exercises done" in text
    line = status_line(progress, "10:00:00")
    assert line == "[10:00:00] 1/3 exercises done, 5/11 tasks · next: 02_filter_and_sort"
    assert "\n" not in line


def test_site_url_follows_mkdocs_when_the_site_has_an_address(checkout):
    manifest = load_manifest(checkout)
    chapter = "docs/chapters/05-querying-python.md"
    assert site_url(manifest, chapter) is None
    (checkout.root / "mkdocs.yml").write_text("site_name: x\nsite_url: https://example.org/cd/\n")
    assert site_url(manifest, chapter) == "https://example.org/cd/chapters/05-querying-python/"


def _lines(stream, into: queue.Queue) -> None:
    for line in stream:
        into.put(line.rstrip("\n"))


def _next_status(lines: queue.Queue, seconds: float = 60) -> re.Match:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        try:
            line = lines.get(timeout=0.5)
        except queue.Empty:
            continue
        if found := STATUS.match(line):
            return found
    raise AssertionError("no status line in time")


# A group of its own, so it starts with the groups, early in a run: it waits on a
# file watcher for about three seconds and, run last, kept the other workers idle.
@pytest.mark.xdist_group("watch")
def test_watch_keeps_a_one_line_status_that_follows_a_save(checkout):
    exercise = checkout.root / "exercises" / "01_load_and_read"
    process = subprocess.Popen(
        [sys.executable, "-m", "civicdata", "--root", str(checkout.root), "grade", "01", "--watch"],
        stdout=subprocess.PIPE,
        stderr=subprocess.DEVNULL,
        text=True,
        env={**os.environ, "COLUMNS": "200"},
        cwd=checkout.root,
    )
    lines: queue.Queue = queue.Queue()
    threading.Thread(target=_lines, args=(process.stdout, lines), daemon=True).start()
    try:
        total = str(len(MANIFEST.find("01").tasks))  # hidden tasks count in a full checkout
        first = _next_status(lines)
        assert first.groups()[:4] == ("0", "1", "0", total)
        assert first.group(5) == "next: 01_load_and_read · waiting for a save"
        shutil.copy(exercise / "solution.py", exercise / "exercise.py")
        second = _next_status(lines)
        assert second.groups()[:4] == ("1", "1", total, total)
        assert second.group(5).startswith("all done")
    finally:
        process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=20)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def test_grade_with_root_grades_that_checkout_from_anywhere(checkout, tmp_path, cli, monkeypatch):
    """`--root X` grades X's exercises, not those of the folder it is run from (this
    process's working folder: the command reads it, not a fresh interpreter's)."""
    exercise = checkout.root / "exercises" / "01_load_and_read"
    shutil.copy(exercise / "solution.py", exercise / "exercise.py")  # solved only in X
    elsewhere = tmp_path / "elsewhere"
    elsewhere.mkdir()
    monkeypatch.chdir(elsewhere)
    _, out, err = cli("--root", str(checkout.root), "grade", "01")
    total = len(MANIFEST.find("01").tasks)
    assert f"01_load_and_read  {total}/{total} tasks  done" in out, out + err
