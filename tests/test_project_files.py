"""The checkout's promises: seeds are the originals, README and CI agree."""

from __future__ import annotations

import re

import pytest

from civicdata.project import Project
from tests.conftest import REPO
from tests.corpus_rules import corpus_problems

SHARED_SEEDS = REPO.parent / "shared" / "seeds"


def test_the_corpus_keeps_its_rules_for_any_number_of_articles():
    """Seeds named NNN_<16 hex>.txt, one source each, each cited: not "exactly five"."""
    assert corpus_problems(Project(REPO)) == []


# Only where the project's original articles sit beside the checkout (the machine
# it was curated on); a clone has no ../shared, so this one skips there.
@pytest.mark.skipif(not SHARED_SEEDS.is_dir(), reason="../shared/seeds is not beside this checkout")
def test_seeds_are_byte_for_byte_the_originals():
    originals = sorted(SHARED_SEEDS.glob("*.txt"))
    assert originals
    for original in originals:  # articles added later by pull request are not among them
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


def test_readme_lists_every_command():
    """`civicdata --help`'s commands, each on a line of the README's command list."""
    import argparse

    from civicdata.cli import build_parser

    [commands] = [a for a in build_parser()._actions if isinstance(a, argparse._SubParsersAction)]
    readme = (REPO / "README.md").read_text()
    listed = set(re.findall(r"^uv run civicdata (\w+)", readme, re.MULTILINE))
    assert set(commands.choices) <= listed, set(commands.choices) - listed
