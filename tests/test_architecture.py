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
    "civicdata.errors",
    "civicdata.problems",
    "civicdata.files_io",
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
    "civicdata.loading",
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
            for d in ("site", "grading", "models", "checks")
        )
    ]
    assert len(named) > 15 and not missing, missing


# Modules that open, write or rename files themselves, each with why; every other
# module reads untrusted files and writes files through civicdata/files_io.py.
OWN_FILE_ACCESS = {
    "civicdata/files_io.py": "the I/O module: bounded reads, atomic and exclusive writes",
    "civicdata/cli.py": "points stdout at /dev/null after the reader closed the pipe",
    "civicdata/export/files.py": "sniffs whether --out holds a previous export (bounded reads)",
    "civicdata/export/sqlite.py": "sniffs a previous SQLite export's 16-byte header (is_export)",
    "civicdata/site/sql_page.py": "a database copy inside its own temporary folder",
    "civicdata/grading/assign.py": "the student edition, into the folder it made and marked",
    "civicdata/grading/gradescope.py": "submitted bytes (read by files_io) into a fresh work copy",
    "civicdata/grading/judge.py": "student files into the judge's own work folder; the zygote log",
    "civicdata/grading/child.py": "the child's channel, /dev/null and /proc, inside the sandbox",
    "civicdata/grading/library.py": "hashes the package's own files, never through a link",
    "civicdata/grading/mutation/run.py": "mutants, into its own temporary copy of an exercise",
    "civicdata/grading/sandbox.py": "/proc, cgroup control files and per-user lock files",
}
_FILE_CALLS = {"open", "fdopen", "write_bytes", "write_text", "replace", "rename"}


def _file_calls(path: Path) -> list[str]:
    """``open(``, ``x.open(``, ``os.open``/``fdopen``, ``write_bytes``/``write_text``,
    ``os.replace``/``rename`` calls in a module, as ``name:line``."""
    found = []
    for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
        if not isinstance(node, ast.Call):
            continue
        func = node.func
        if isinstance(func, ast.Name) and func.id == "open":
            found.append(f"open:{node.lineno}")
        elif isinstance(func, ast.Attribute) and func.attr in _FILE_CALLS:
            on_os = isinstance(func.value, ast.Name) and func.value.id == "os"
            if func.attr in {"open", "write_bytes", "write_text"} or on_os:
                found.append(f"{func.attr}:{node.lineno}")
    return found


def test_files_are_opened_and_written_in_one_place():
    users = {
        str(path.relative_to(PACKAGE.parent)): calls
        for path in sorted(PACKAGE.rglob("*.py"))
        if (calls := _file_calls(path))
    }
    unlisted = {module: calls for module, calls in users.items() if module not in OWN_FILE_ACCESS}
    assert not unlisted, f"read and write through civicdata/files_io.py: {unlisted}"
    assert "civicdata/files_io.py" in users  # the scan sees what it looks for


def test_only_the_export_command_reaches_into_export_files():
    """Writers (schema, scaffold, grading) import files_io, never the export layer."""
    users = {
        module
        for module, names in _modules().items()
        if any(name.startswith(("civicdata.export.files", "export.files")) for name in names)
    }
    assert users == {"civicdata/cli.py"}, users


def _package_imports(module: str) -> set[str]:
    """The civicdata modules a file imports, by their first name under the package."""
    tree = ast.parse((PACKAGE / module).read_text(encoding="utf-8"))
    type_only = _type_only(tree)
    found = set()
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.ImportFrom) and node.level:
            found.add((node.module or "").split(".")[0])
        elif isinstance(node, ast.ImportFrom) and (node.module or "").startswith("civicdata"):
            found.add(node.module.split(".")[1] if "." in node.module else "")
        elif isinstance(node, ast.Import):
            found |= {a.name.split(".")[1] for a in node.names if a.name.startswith("civicdata.")}
    return found


def test_the_error_type_and_the_io_module_sit_at_the_bottom():
    """project.py raises CivicdataError and every layer reads through files_io: no circle."""
    assert _package_imports("errors.py") == set()
    assert _package_imports("problems.py") == {"errors", "text"}
    assert _package_imports("files_io.py") == {"problems"}
    assert _package_imports("project.py") == {"errors", "kinds"}
    assert _package_imports("kinds.py") == {"lazy"}  # models are named, imported on use


# The core and the validation layer, in the order ARCHITECTURE.md's layers table gives.
VALIDATION_ORDER = ["civicdata.checks", "civicdata.validate", "civicdata.loading"]


def _module_name(path: Path) -> str:
    parts = path.relative_to(PACKAGE.parent).with_suffix("").parts
    return ".".join(parts[:-1] if parts[-1] == "__init__" else parts)


def _type_only(tree: ast.AST) -> set[int]:
    """The ids of nodes under ``if TYPE_CHECKING:``: imports for annotations, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for part in node.body for inner in ast.walk(part))
    return skipped


def _imported_modules(path: Path, known: set[str]) -> set[str]:
    """The package's modules a file imports when it runs, at any depth (inside functions
    too); imports under ``if TYPE_CHECKING:`` are for annotations only and do not count."""
    name = _module_name(path)
    package = name if path.name == "__init__.py" else name.rpartition(".")[0]
    found: set[str] = set()
    tree = ast.parse(path.read_text(encoding="utf-8"))
    type_only = _type_only(tree)
    for node in ast.walk(tree):
        if id(node) in type_only:
            continue
        if isinstance(node, ast.Import):
            targets = [alias.name for alias in node.names]
        elif isinstance(node, ast.ImportFrom):
            base = package.split(".")
            base = base[: len(base) - node.level + 1] if node.level else []
            module = ".".join([*base, *([node.module] if node.module else [])])
            targets = [module, *(f"{module}.{alias.name}" for alias in node.names)]
        else:
            continue
        found.update(target for target in targets if target in known)
    return found - {name}


def test_the_core_and_validation_import_in_no_circle():
    """No cycle among the core and validation modules, counting imports inside functions:
    the index never imports the checks, the validator or the loader back."""
    paths = {_module_name(p): p for p in PACKAGE.rglob("*.py")}
    core = {
        name
        for name in paths
        if not name.startswith(
            ("civicdata.grading", "civicdata.site", "civicdata.export", "civicdata.cli")
        )
        and name not in {"civicdata", "civicdata.__main__"}
    }
    graph = {name: _imported_modules(paths[name], core) for name in core}
    assert "civicdata.validate" in graph["civicdata.loading"]  # the scan sees imports

    state: dict[str, str] = {}

    def visit(name: str, trail: list[str]) -> None:
        state[name] = "open"
        for target in sorted(graph[name]):
            assert state.get(target) != "open", " -> ".join([*trail, name, target])
            if target not in state:
                visit(target, [*trail, name])
        state[name] = "done"

    for name in sorted(graph):
        if name not in state:
            visit(name, [])
    below = {"civicdata.dataset"} | {n for n in core if n.startswith("civicdata.models")}
    for name in below:
        assert not graph[name] & {n for n in core if n.startswith(tuple(VALIDATION_ORDER))}
    for number, name in enumerate(VALIDATION_ORDER):
        later = VALIDATION_ORDER[number + 1 :]
        importers = [n for n in core if n == name or n.startswith(f"{name}.")]
        assert not any(graph[n] & set(later) for n in importers), name


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
