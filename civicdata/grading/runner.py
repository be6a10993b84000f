"""Run exercise tests under pytest and score them: `civicdata grade`'s engine."""

from __future__ import annotations

import time
from pathlib import Path

import pytest

from .manifest import Exercise, Manifest
from .plugin import OPTION, Collector
from .results import GradeReport, score


def grade(
    manifest: Manifest,
    exercises: list[Exercise],
    submission: str = "student",
    verbose: bool = False,
) -> GradeReport:
    """Run the tests of ``exercises`` against ``submission`` and score every task.

    ``submission`` is ``student``, ``solution`` or a file path (one exercise).
    """
    collector = Collector()
    folders = [str(manifest.folder(exercise)) for exercise in exercises]
    arguments = [
        *folders,
        "-p",
        "civicdata.grading.plugin",
        OPTION,
        submission,
        "--import-mode=importlib",
        "-p",
        "no:cacheprovider",
        "-o",
        "addopts=",
        "--rootdir",
        str(manifest.root),
    ]
    arguments += ["-v"] if verbose else ["-p", "no:terminal"]
    start = time.perf_counter()
    code = pytest.main(arguments, plugins=[collector])
    if code in (
        pytest.ExitCode.INTERRUPTED,
        pytest.ExitCode.INTERNAL_ERROR,
        pytest.ExitCode.USAGE_ERROR,
    ):
        collector.session_error = (
            f"the grader could not run the tests (pytest exit code {int(code)})"
        )
    return score(exercises, collector, time.perf_counter() - start)


def watched_files(manifest: Manifest, exercises: list[Exercise]) -> list[Path]:
    return [manifest.folder(e) / e.student for e in exercises]
