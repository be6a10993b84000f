"""Exit codes tell the truth and no command prints a traceback."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from tests.conftest import REPO, copy_records


def _run_into_closed_pipe(*args: str) -> subprocess.CompletedProcess:
    """Like `civicdata ... | head -0`: the reader is gone before the first write."""
    read, write = os.pipe()
    os.close(read)
    try:
        return subprocess.run(
            [sys.executable, "-m", "civicdata", *args],
            stdout=write,
            stderr=subprocess.PIPE,
            text=True,
            check=False,
            timeout=60,
        )
    finally:
        os.close(write)


@pytest.mark.parametrize("command", [["validate"], ["stats"], ["diff", "HEAD"]])
def test_a_closed_pipe_is_not_success_and_not_a_traceback(command) -> None:
    result = _run_into_closed_pipe("--root", str(REPO), *command)
    assert result.returncode == 141, result.stderr
    assert "Traceback" not in result.stderr and "BrokenPipe" not in result.stderr


def test_head_of_a_long_validate_output(sandbox) -> None:
    path = sandbox.data_dir / "claim" / "advocates-bristle-at-possible-backtrack.yaml"
    text = path.read_text()
    path.write_text(text.replace("about: [jim-kenney,", "about: [" + "x," * 3000 + "jim-kenney,"))
    shell = f"{sys.executable} -m civicdata --root {sandbox.root} validate | head -1"
    result = subprocess.run(
        ["bash", "-o", "pipefail", "-c", shell], capture_output=True, text=True, check=False
    )
    assert result.returncode in {1, 141}  # problems found, or the pipe closed first: never 0
    assert len(result.stdout.splitlines()) == 1
    assert "Traceback" not in result.stderr


@pytest.mark.parametrize("content", ["{not json", '{"03": "many"}', "[1, 2]", '{"03": true}'])
def test_a_corrupt_hints_file_is_reported_and_kept(checkout, cli, content) -> None:
    hints = checkout.root / ".civicdata" / "hints.json"
    hints.parent.mkdir()
    hints.write_text(content)
    code, _, err = cli("--root", str(checkout.root), "hint", "03")
    assert code == 1 and "delete it to start the hints again" in err
    assert hints.read_text() == content


def test_grade_results_at_a_folder_is_a_usage_error(checkout, cli, tmp_path) -> None:
    code, _, err = cli("--root", str(checkout.root), "grade", "03", "--results", str(tmp_path))
    assert code == 2 and "is a folder" in err


@pytest.mark.parametrize(
    "args",
    [
        ["schema", "--out", "/dev/null"],
        ["export", "--format", "json", "--out", "/dev/null/x.json"],
        ["new", "person", "x" * 300],
        ["validate", "/etc/passwd"],
        ["diff", "no-such-revision"],
    ],
)
def test_odd_arguments_never_print_a_traceback(args, tmp_path, cli, monkeypatch) -> None:
    """Run in this process (the ``cli`` fixture), from the checkout: ``python -m
    civicdata`` is ``raise SystemExit(main())``, so an exception main lets out would
    fail this test as it printed a traceback there, and one main prints is in its
    stderr here too (a fresh interpreter per case cost ~0.25 CPU-s each)."""
    root = Path(tmp_path) / "checkout"
    copy_records(root)
    monkeypatch.chdir(root)
    code, _, err = cli("--root", str(root), *args)
    assert code in {1, 2}, err
    assert "Traceback" not in err
