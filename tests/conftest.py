"""Shared fixtures: the real checkout, and throwaway copies of it to break."""

from __future__ import annotations

import shutil
from collections.abc import Callable
from pathlib import Path

import pytest

from civicdata.cli import main
from civicdata.project import Project

REPO = Path(__file__).resolve().parent.parent


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
