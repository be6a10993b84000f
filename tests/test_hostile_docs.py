"""The contributors' table states the limits the code enforces."""

from __future__ import annotations

import sys

from civicdata.models.base import MAX_ID_LENGTH, MIN_QUOTE_CHARS
from civicdata.strict_yaml import MAX_DEPTH, MAX_FILE_BYTES
from civicdata.validate import MAX_PROBLEMS_PER_FILE
from tests.conftest import REPO


def test_the_refusals_table_matches_the_code() -> None:
    page = (REPO / "docs" / "contributing.md").read_text()
    assert f"over {MAX_FILE_BYTES:,} bytes ({MAX_FILE_BYTES // 1024} KiB)" in page
    assert f"deeper than {MAX_DEPTH} levels" in page
    assert f"shorter than {MIN_QUOTE_CHARS} characters" in page
    assert f"over {MAX_ID_LENGTH} characters" in page
    assert f"at most {MAX_PROBLEMS_PER_FILE} problems" in page
    assert f"over {sys.get_int_max_str_digits():,} digits" in page
    summary = (REPO / "CONTRIBUTING.md").read_text()
    assert "docs/contributing.md" in summary
    assert f"at least {MIN_QUOTE_CHARS} characters" in summary
    assert "What the validator refuses: contributing.md" in (REPO / "mkdocs.yml").read_text()
