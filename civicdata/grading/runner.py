"""Run exercise tests under pytest and score them: `civicdata grade`'s engine."""

from __future__ import annotations

import os
import sys
import time
from pathlib import Path

import pytest

from .manifest import Exercise, Manifest
from .plugin import HIDDEN_APART, OPTION, Collector
from .results import GradeReport, score


def grade(
    manifest: Manifest,
    exercises: list[Exercise],
    submission: str = "student",
    verbose: bool = False,
    hidden_apart: bool = False,
) -> GradeReport:
    """Run the tests of ``exercises`` against ``submission`` and score every task.

    ``submission`` is ``student``, ``solution`` or a file path (one exercise).
    ``hidden_apart``: the hidden checks' calls run in children of their own, whose
    output is shown nowhere (the autograder's mode: a student reads the output).
    """
    collector = Collector(tracebacks=verbose)
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
        # Only the grader's own plugin: a pytest plugin that happens to be installed
        # (hypothesis, xdist, anything a student added) neither changes how the checks
        # run nor costs its import in every grade.
        "--disable-plugin-autoload",
        # The checks run the grader's code only (student code runs in the children), so
        # an exception raised where it cannot be (in a __del__) would be the grader's own;
        # pytest's plugin for them ends each session with a full gc.collect() of a heap
        # that holds the dataset, twice: 30 ms a grade, more in a long mutation run.
        "-p",
        "no:unraisableexception",
        "-o",
        "addopts=",
        "--rootdir",
        str(manifest.root),
    ]
    arguments += ["-v"] if verbose else ["-p", "no:terminal"]
    arguments += [HIDDEN_APART] if hidden_apart else []
    start = time.perf_counter()
    try:
        code = pytest.main(arguments, plugins=[collector])
    finally:
        _forget_checks(manifest.root)
    if code in (
        pytest.ExitCode.INTERRUPTED,
        pytest.ExitCode.INTERNAL_ERROR,
        pytest.ExitCode.USAGE_ERROR,
    ):
        collector.session_error = (
            f"the grader could not run the tests (pytest exit code {int(code)})"
        )
    return score(exercises, collector, time.perf_counter() - start)


def _forget_checks(root: Path) -> None:
    """Drop the check modules this run imported, so the next run in this process imports
    its own: pytest's importlib mode names a module by its path under the rootdir, so
    another checkout's ``01_tiny/test_01_tiny.py`` would otherwise be found in
    ``sys.modules`` and its checks run instead (the mutation run and the tests grade
    many times in one process)."""
    prefix = f"{root}{os.sep}"  # a string test: no Path for each of ~1,000 modules
    for name, module in list(sys.modules.items()):
        file = getattr(module, "__file__", None)
        if isinstance(file, str) and file.startswith(prefix):
            del sys.modules[name]


def watched_files(manifest: Manifest, exercises: list[Exercise]) -> list[Path]:
    return [manifest.folder(e) / e.student for e in exercises]
