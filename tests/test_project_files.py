"""The checkout's promises: seeds are the originals, README and CI agree."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from tests.conftest import REPO

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def test_five_seeds():
    assert len(list((REPO / "seeds").glob("*.txt"))) == 5


@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seeds_are_byte_for_byte_the_originals():
    originals = sorted(SHARED_SEEDS.glob("*.txt"))
    assert [p.name for p in originals] == sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    for original in originals:
        assert (REPO / "seeds" / original.name).read_bytes() == original.read_bytes()


def _readme_commands() -> list[str]:
    readme = (REPO / "README.md").read_text()
    quick_start = readme.split("## Quick start", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"```bash\n(.+?)\n```", quick_start)


def test_readme_opens_with_two_commands():
    commands = _readme_commands()
    assert len(commands) == 2
    assert commands[0].startswith("uv run ")
    assert commands[1] == "uv run pytest"


def test_ci_runs_the_readme_test_command_verbatim():
    ci = (REPO / ".ci" / "run").read_text().splitlines()
    assert _readme_commands()[1] in ci


def test_record_files_are_named_after_their_ids():
    for path in Path(REPO / "civicdata" / "data").glob("*/*"):
        assert path.suffix == ".yaml", path
        assert f"id: {path.stem}\n" in path.read_text(), path
