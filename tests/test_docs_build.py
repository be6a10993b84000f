"""The docs site builds strictly (broken links, missing pages and bad nav fail)."""

from __future__ import annotations

import os
import subprocess
import sys

from tests.conftest import REPO


def test_mkdocs_build_strict(tmp_path):
    result = subprocess.run(
        [sys.executable, "-m", "mkdocs", "build", "--strict", "--site-dir", str(tmp_path / "site")],
        cwd=REPO,
        capture_output=True,
        text=True,
        check=False,
        env={**os.environ, "NO_MKDOCS_2_WARNING": "1"},
    )
    assert result.returncode == 0, result.stderr
    assert (tmp_path / "site" / "curation" / "index.html").is_file()
