"""The layering ARCHITECTURE.md describes, held by tests: each rule names where a thing lives."""

from __future__ import annotations

import ast
import subprocess
import sys
from pathlib import Path

import pytest

from civicdata.introspect import enum_in, field_ref, is_list, model_at, model_in, unwrap
from civicdata.models import Citation, Person, Role, Vote
from civicdata.models.actors import Organization, OrgClassification

PACKAGE = Path(__file__).resolve().parent.parent / "civicdata"
CORE = [
    "civicdata",
    "civicdata.project",
    "civicdata.problems",
    "civicdata.strict_yaml",
    "civicdata.dates",
    "civicdata.models",
    "civicdata.introspect",
    "civicdata.walk",
    "civicdata.corpus",
    "civicdata.locate",
    "civicdata.model_errors",
    "civicdata.checks",
    "civicdata.validate",
    "civicdata.dataset",
    "civicdata.manifest",
]
LAYERS_WITHOUT_TEST_TOOLS = [
    "civicdata.cli",
    "civicdata.stats",
    "civicdata.diff",
    "civicdata.scaffold",
    "civicdata.schema",
    "civicdata.export",
    "civicdata.export.popolo",
    "civicdata.export.datasette",
]


def _imports(module: Path) -> set[str]:
    tree = ast.parse(module.read_text(encoding="utf-8"))
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.update(f"{node.module or ''}.{alias.name}" for alias in node.names)
            names.add(node.module or "")
    return names


def _modules() -> dict[str, set[str]]:
    return {str(path.relative_to(PACKAGE.parent)): _imports(path) for path in PACKAGE.rglob("*.py")}


def test_core_and_data_layers_import_neither_pytest_nor_mkdocs():
    code = (
        "import importlib, sys\n"
        f"for name in {CORE + LAYERS_WITHOUT_TEST_TOOLS!r}:\n"
        "    importlib.import_module(name)\n"
        "import civicdata; civicdata.load()\n"
        "bad = sorted(m for m in sys.modules if m.split('.')[0] in {'pytest', '_pytest', 'mkdocs'})\n"
        "assert not bad, bad\n"
    )
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, check=False
    )
    assert result.returncode == 0, result.stderr


def test_only_introspect_reads_annotations():
    users = {
        module
        for module, names in _modules().items()
        if {"typing.get_origin", "typing.get_args"} & names
    }
    assert users == {"civicdata/introspect.py"}


def test_only_the_dataset_walks_links():
    users = {
        module
        for module, names in _modules().items()
        if ".walk.links" in names or "walk.links" in names
    }
    assert users == {"civicdata/dataset.py"}


def test_only_the_command_line_tunes_the_garbage_collector():
    users = {module for module, names in _modules().items() if "gc" in names}
    # Two process entry points, never the library: the CLI, and the judge's zygote,
    # which freezes what it imported before forking the children that run student code.
    assert users == {"civicdata/cli.py", "civicdata/grading/child.py"}


def test_unwrap_peels_one_layer():
    role = Person.model_fields["roles"].annotation
    assert unwrap(role)[0] == "list" and unwrap(role)[1] == (Role,)
    parent = Organization.model_fields["parent"]
    assert unwrap(parent.annotation)[0] == "union"
    assert field_ref(parent).kinds == ("organization",)
    assert field_ref(Vote.model_fields["eligible"]).kinds == ("person", "organization")
    assert is_list(Vote.model_fields["eligible"].annotation)
    assert not is_list(parent.annotation)
    assert model_in(Person.model_fields["citations"].annotation) is Citation
    assert enum_in(Organization.model_fields["classification"].annotation) is OrgClassification
    assert model_at(Person, ("roles", 0, "citations", 1)) is Citation  # holds `quote`
    assert model_at(Person, ("no_such_field",)) is None


@pytest.mark.parametrize("name", ["Index", "Loaded"])
def test_names_the_exercises_use_stay_importable(name):
    from civicdata import checks, problems, walk

    assert getattr(checks, name)
    assert problems.Problem and walk.links


def test_architecture_page_names_files_that_exist():
    """Every `path` ARCHITECTURE.md names in backticks exists, so the map stays true."""
    import re

    root = PACKAGE.parent
    text = (root / "ARCHITECTURE.md").read_text(encoding="utf-8")
    named = set(
        re.findall(
            r"`((?:civicdata|tests|benchmarks|docs|docs_src|exercises|\.ci)/[\w./-]+)`", text
        )
    )
    exercise_files = {"exercise.py", "solution.py"}  # inside each exercise folder
    named |= {
        f"civicdata/{name}"
        for name in re.findall(r"`(\w+\.py)`", text)
        if name not in exercise_files
    }
    named.discard("civicdata/seeds/")  # the wheel's layout (tests/test_wheel.py checks it)
    missing = [
        path
        for path in sorted(named)
        if "<" not in path
        and "NN" not in path
        and not (root / path).exists()
        and not (root / "civicdata" / "export" / Path(path).name).exists()
        and not any(
            (root / "civicdata" / d / Path(path).name).exists()
            for d in ("site", "grading", "models")
        )
    ]
    assert len(named) > 15 and not missing, missing


def _absolute_imports(module: Path) -> set[str]:
    """Modules ``module`` imports, anywhere in it (inside functions too), relative ones resolved."""
    package = module.relative_to(PACKAGE.parent).with_suffix("").parts[:-1]
    if module.name == "__init__.py":
        package = module.relative_to(PACKAGE.parent).parts[:-1]
    names = set()
    for node in ast.walk(ast.parse(module.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            base = ".".join(package[: len(package) - node.level + 1]) if node.level else ""
            parent = ".".join(p for p in (base, node.module or "") if p)
            names.add(parent)
            names.update(f"{parent}.{alias.name}" for alias in node.names)
    return names


def test_the_site_does_not_import_the_grader():
    """Layers: the site may import the core and the exports, not grading (whose
    checks and solutions a page must never show); the manifest is core data."""
    upward = {
        str(path.relative_to(PACKAGE.parent)): sorted(
            name for name in _absolute_imports(path) if name.startswith("civicdata.grading")
        )
        for path in (PACKAGE / "site").rglob("*.py")
    }
    assert {path: names for path, names in upward.items() if names} == {}
    assert "civicdata.manifest.Manifest" in _absolute_imports(
        PACKAGE / "site" / "exercise_pages.py"
    )


def _is_super(node: ast.expr) -> bool:
    return (
        isinstance(node, ast.Call) and isinstance(node.func, ast.Name) and node.func.id == "super"
    )


def _private_mkdocs_use(hook: Path) -> list[str]:
    """Where the hook reaches past mkdocs's public API: an underscore attribute of any
    object (mkdocs's own, ``page._title_from_render``, or a class swapped by
    ``__class__``), an underscore name imported from mkdocs, or another plugin
    read through ``config.plugins`` (the search plugin's entries)."""
    found = []
    for node in ast.walk(ast.parse(hook.read_text(encoding="utf-8"))):
        if isinstance(node, ast.Attribute) and (
            node.attr.startswith("_") or node.attr == "plugins"
        ):
            if node.attr == "__init__" and _is_super(node.value):
                continue  # a subclass of Page constructs itself as Page does
            found.append(f"{hook.name}:{node.lineno}: .{node.attr}")
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("mkdocs"):
            found += [
                f"{hook.name}:{node.lineno}: {node.module}.{alias.name}"
                for alias in node.names
                if alias.name.startswith("_") or "._" in f".{node.module}"
            ]
    return found


def test_the_mkdocs_hook_uses_only_public_mkdocs_api():
    assert _private_mkdocs_use(PACKAGE / "site" / "mkdocs_hook.py") == []


def test_the_private_api_check_finds_what_the_hook_once_used(tmp_path):
    hook = tmp_path / "mkdocs_hook.py"
    hook.write_text(
        "from mkdocs.structure.pages import _RelativePathTreeprocessor\n"
        "def render(self):\n    self._title_from_render = 'x'\n"
        "def on_nav(nav, files):\n    files[0].page.__class__ = object\n"
        "def on_page_context(context, page, config):\n"
        "    config.plugins.get('search').search_index.entries.append({})\n",
        encoding="utf-8",
    )
    assert len(_private_mkdocs_use(hook)) == 4
