"""ARCHITECTURE.md's "Where to add …" recipes, followed step by step.

Each recipe names the tests that run it (tests/test_architecture.py checks the
names); the ones whose steps a test can take without editing the package are here.
"""

from __future__ import annotations

import argparse
import ast
import subprocess
import sys
from collections.abc import Iterator
from pathlib import Path

from civicdata import checks, cli
from civicdata.dataset import Dataset
from civicdata.problems import Problem, Target
from civicdata.project import Project
from civicdata.validate import validate

CLI = Path(cli.__file__)


def test_a_validation_rule_is_one_function_appended_to_checks(sandbox: Project, monkeypatch):
    """A rule yields Problems at a field path; validate places each at its line and column."""

    def roles_have_short_titles(index: Dataset) -> Iterator[Problem]:
        for item in index.of_kind("person"):
            if item.record.id == "larry-krasner":
                yield Problem(item.path, "a title to shorten", None, ("roles", 1, "title"))

    monkeypatch.setattr(checks, "CHECKS", [*checks.CHECKS, roles_have_short_titles])
    report = validate(sandbox)
    [found] = [p for p in report.problems if p.message == "a title to shorten"]
    assert not report.ok and found.target is Target.VALUE
    assert found.line is not None and found.column is not None
    line = found.path.read_text(encoding="utf-8").splitlines()[found.line - 1]
    assert line[found.column - 1 :] == "Candidate for District Attorney (Democratic primary)"


def _subcommands() -> dict[str, argparse.ArgumentParser]:
    parser = cli.build_parser()
    [action] = [a for a in parser._actions if isinstance(a, argparse._SubParsersAction)]
    return dict(action.choices)


def test_a_command_is_a_cmd_function_and_a_sub_parser():
    """Each ``cmd_<name>`` in cli.py is what the ``<name>`` sub-parser runs."""
    commands = {
        name.removeprefix("cmd_"): function
        for name, function in vars(cli).items()
        if name.startswith("cmd_") and callable(function)
    }
    subcommands = _subcommands()
    assert len(commands) >= 6
    for name, function in commands.items():
        assert subcommands[name].get_default("run") is function, name


def test_commands_that_write_into_the_checkout_call_checkout():
    """``new`` and ``schema`` write records and schemas: they go through ``_checkout``."""
    tree = ast.parse(CLI.read_text(encoding="utf-8"))
    calling = {
        node.name
        for node in tree.body
        if isinstance(node, ast.FunctionDef)
        and any(
            isinstance(call, ast.Call)
            and isinstance(call.func, ast.Name)
            and call.func.id == "_checkout"
            for call in ast.walk(node)
        )
    }
    assert {"cmd_new", "cmd_schema"} <= calling, calling


def test_a_command_imports_what_it_needs_inside_itself():
    """Importing cli.py and building every sub-parser loads no model, loader or export."""
    code = (
        "import sys, civicdata.cli as c; c.build_parser(); "
        "loaded = sorted(m for m in sys.modules if m.startswith(('civicdata.models', "
        "'civicdata.dataset', 'civicdata.validate', 'civicdata.export.sqlite', "
        "'civicdata.export.json_dump', 'civicdata.export.popolo', 'pydantic', 'yaml'))); "
        "assert not loaded, loaded"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr
