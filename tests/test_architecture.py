"""The layering ARCHITECTURE.md describes, held by tests: each rule names where a thing lives."""

from __future__ import annotations

import ast
import functools
import re
import subprocess
import sys
import tomllib
from pathlib import Path

import pytest

from civicdata.introspect import enum_in, field_ref, is_list, model_at, model_in, unwrap
from civicdata.models import Citation, Person, Role, Vote
from civicdata.models.actors import Organization, OrgClassification

PACKAGE = Path(__file__).resolve().parent.parent / "civicdata"
# Its tests read one scan of the package (parsed once per process, below): one worker.
pytestmark = pytest.mark.xdist_group("architecture")
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


@functools.cache
def _parsed(source: str) -> ast.Module:
    """A module's syntax tree, parsed once per process for each text: the scans below
    read the package's ninety files in eight tests (the trees are only walked, never
    changed). Keyed by the text, so a file that changed is parsed again."""
    return ast.parse(source)


def _tree(path: Path) -> ast.Module:
    return _parsed(path.read_text(encoding="utf-8"))


def _imports(module: Path) -> set[str]:
    tree = _tree(module)
    names = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.Import):
            names.update(alias.name for alias in node.names)
        elif isinstance(node, ast.ImportFrom):
            names.update(f"{node.module or ''}.{alias.name}" for alias in node.names)
            names.add(node.module or "")
    return names


@functools.cache  # the package's files do not change during a run; callers only read it
def _modules() -> dict[str, set[str]]:
    return {str(path.relative_to(PACKAGE.parent)): _imports(path) for path in PACKAGE.rglob("*.py")}


def test_core_and_data_layers_import_neither_pytest_nor_mkdocs():
    code = (
        "import importlib, sys\n"
        f"for name in {core_modules() + LAYERS_WITHOUT_TEST_TOOLS!r}:\n"
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
    for node in ast.walk(_tree(path)):
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
    """The civicdata modules a file imports (the one scan, ``import_graph``), by their
    first name under the package."""
    name = "civicdata." + module.removesuffix(".py").replace("/", ".")
    return {target.split(".")[1] for target in package_imports()[name]}


def test_the_error_type_and_the_io_module_sit_at_the_bottom():
    """project.py raises CivicdataError and every layer reads through files_io: no circle."""
    assert _package_imports("errors.py") == set()
    assert _package_imports("problems.py") == {"errors", "text"}
    assert _package_imports("files_io.py") == {"problems"}
    assert _package_imports("project.py") == {"errors", "kinds"}
    assert _package_imports("kinds.py") == {"lazy"}  # models are named, imported on use


# --- import direction: the layers table, and no circles -----------------------------
#
# ARCHITECTURE.md's layers table as data: each layer's files (relative to civicdata/;
# a folder stands for every module in it) and what it may import besides itself. The
# table names `export/` among the data tools and lets the site import "exports": that
# is the `export/` folder alone, named here by its path.
LAYERS: dict[str, tuple[str, ...]] = {
    "paths": ("project.py", "kinds.py", "lazy.py", "errors.py"),
    "core": (
        "problems.py",
        "lookalikes.py",
        "text.py",
        "files_io.py",
        "strict_yaml.py",
        "dates.py",
        "models/",
        "introspect.py",
        "walk.py",
        "corpus.py",
        "record_files.py",
        "locate.py",
        "model_errors.py",
        "dataset.py",
        "manifest.py",
    ),
    "validation": (
        "checks/",
        "validate.py",
        "loading.py",
        "__init__.py",  # `import civicdata`: load(), Dataset, PartialDate, imported on use
    ),
    "data tools": ("stats.py", "diff.py", "scaffold.py", "schema.py", "export/"),
    "site": ("site/",),
    "grading": ("grading/",),
    "command line": ("cli.py", "__main__.py"),
}
# An upward import is a layer importing one listed after it in the table (one that
# builds on it); each layer may import itself and what MAY_IMPORT names.
MAY_IMPORT: dict[str, set[str]] = {
    "paths": set(),
    "core": {"paths"},
    "validation": {"paths", "core"},
    "data tools": {"paths", "core", "validation"},
    "site": {"paths", "core", "validation", "export/"},
    # Exercise 08 grades SQL over the SQLite export, so the grader builds on the exports.
    "grading": {"paths", "core", "validation", "export/"},
    "command line": {"paths", "core", "validation", "data tools", "site", "grading"},
}

# Breaches tolerated for now, each with the issue that removes it. The six found when
# these rules were written (three circles, probes -> export/, the site -> grading/) are
# gone; an entry that no longer occurs fails test_known_breaches_still_occur.
KNOWN_BREACHES: set[str] = set()


def modules_of(package: Path) -> dict[str, Path]:
    """Dotted module name -> file, for every module of a package folder."""
    found = {}
    for path in sorted(package.rglob("*.py")):
        parts = path.relative_to(package.parent).with_suffix("").parts
        found[".".join(parts[:-1] if parts[-1] == "__init__" else parts)] = path
    return found


def _resolve(modules: dict[str, Path], importer: str, node: ast.ImportFrom) -> str:
    """The absolute name ``from <...> import`` reads from, relative levels resolved."""
    if not node.level:
        return node.module or ""
    package = importer.split(".")
    if modules[importer].name != "__init__.py":
        package = package[:-1]  # a module's level 1 is its package; a package's, itself
    base = package[: len(package) - node.level + 1]
    return ".".join([*base, node.module] if node.module else base)


def _type_only(tree: ast.AST) -> set[int]:
    """The ids of nodes under ``if TYPE_CHECKING:``: imports for annotations, never run."""
    skipped: set[int] = set()
    for node in ast.walk(tree):
        if isinstance(node, ast.If) and "TYPE_CHECKING" in ast.unparse(node.test):
            skipped.update(id(inner) for part in node.body for inner in ast.walk(part))
    return skipped


def _docstrings(tree: ast.AST) -> set[int]:
    """The ids of docstring constants: prose that may quote an import, never run."""
    found = set()
    for node in ast.walk(tree):
        body = getattr(node, "body", None)
        first = body[0] if isinstance(body, list) and body else None
        if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant):
            found.add(id(first.value))
    return found


_CODE_IMPORT = re.compile(r"\b(?:from|import)\s+(\w+(?:\.\w+)*)")


def _imported_by_string(node: ast.AST, modules: dict[str, Path]) -> list[str]:
    """Modules imported through a string when it runs: code handed to ``python -c``
    (``"from civicdata.x import y"``) and ``importlib.import_module("civicdata.x")``
    with a literal name. A hidden import is still an import."""
    if isinstance(node, ast.Constant) and isinstance(node.value, str):
        return [name for name in _CODE_IMPORT.findall(node.value) if name in modules]
    if (
        isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute | ast.Name)
        and getattr(node.func, "attr", getattr(node.func, "id", "")) == "import_module"
        and node.args
        and isinstance(node.args[0], ast.Constant)
        and node.args[0].value in modules
    ):
        return [str(node.args[0].value)]
    return []


def import_graph(package: Path) -> dict[str, dict[str, list[int]]]:
    """Module -> every module of the package it imports -> the lines that import it.

    Every ``import`` and ``from ... import`` that runs counts: at module level and
    inside functions alike (a lazy import is still a dependency, only later), and so do
    imports written in strings (``_imported_by_string``: code run by ``python -c``, a
    literal name given to ``importlib.import_module``; a list of names imported in a
    loop, such as ``judge.PARENT_MODULES``, is not followed). Imports under ``if TYPE_CHECKING:`` (``_type_only``) are
    for annotations and never run. A model named ``"module:Class"`` in a kind's
    declaration (``kinds.py``, imported on first use) is not an import.

    An import names the module it reads: ``from .x import y`` is ``x.y`` when that is a
    module, else ``x``. Parent packages that Python initialises on the way are not
    counted, so a package's ``__init__`` re-exporting its own submodules is no circle by
    itself; a submodule importing a name from its package's ``__init__`` that imports
    the submodule back is one.
    """
    modules = modules_of(package)
    graph: dict[str, dict[str, list[int]]] = {}
    for importer, path in modules.items():
        found = graph.setdefault(importer, {})
        tree = _tree(path)
        type_only = _type_only(tree)
        docstrings = _docstrings(tree)
        for node in ast.walk(tree):
            if id(node) in type_only:
                continue
            if isinstance(node, ast.Constant | ast.Call) and id(node) not in docstrings:
                targets = _imported_by_string(node, modules)
                if not targets:
                    continue
            elif isinstance(node, ast.Import):
                targets = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom):
                source = _resolve(modules, importer, node)
                targets = [
                    f"{source}.{alias.name}" if f"{source}.{alias.name}" in modules else source
                    for alias in node.names
                ]
            else:
                continue
            for target in targets:
                lines = found.setdefault(target, []) if target in modules else []
                if target != importer and node.lineno not in lines:
                    lines.append(node.lineno)
        graph[importer] = {target: lines for target, lines in found.items() if lines}
    return graph


# Scanned once, on first use: at import time every pytest-xdist worker would scan the
# package while collecting, whether or not it runs a test that reads the scan.
@functools.cache
def package_modules() -> dict[str, Path]:
    return modules_of(PACKAGE)


@functools.cache
def package_imports() -> dict[str, dict[str, list[int]]]:
    return import_graph(PACKAGE)


def layers_of(module: str) -> list[str]:
    """The layers whose files include ``module`` (exactly one, or LAYERS needs a fix)."""
    path = str(package_modules()[module].relative_to(PACKAGE))
    return [
        layer
        for layer, files in LAYERS.items()
        if any(path == f or (f.endswith("/") and path.startswith(f)) for f in files)
    ]


def layer_of(module: str) -> str:
    [layer] = layers_of(module)
    return layer


def core_modules() -> list[str]:
    """Every module of the paths and core layers: what all else and students build on."""
    return [m for m in package_modules() if layers_of(m) in (["paths"], ["core"], ["validation"])]


def cycles(graph: dict[str, dict[str, list[int]]]) -> list[list[str]]:
    """The graph's strongly connected components of more than one module (Tarjan)."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    found: list[list[str]] = []

    def visit(module: str) -> None:
        index[module] = low[module] = len(index)
        stack.append(module)
        for target in graph[module]:
            if target not in index:
                visit(target)
                low[module] = min(low[module], low[target])
            elif target in stack:
                low[module] = min(low[module], index[target])
        if low[module] == index[module]:
            component = []
            while True:
                member = stack.pop()
                component.append(member)
                if member == module:
                    break
            if len(component) > 1:
                found.append(sorted(component))

    for module in graph:
        if module not in index:
            visit(module)
    return found


def _where(importer: str, target: str) -> str:
    lines = ",".join(map(str, package_imports()[importer][target]))
    return f"{package_modules()[importer].relative_to(PACKAGE.parent)}:{lines} imports {target}"


def breaches() -> dict[str, list[str]]:
    """Every import circle and every upward import, by name, with the lines that make it."""
    found: dict[str, list[str]] = {}
    for component in cycles(package_imports()):
        edges = [_where(a, b) for a in component for b in component if b in package_imports()[a]]
        found[f"cycle: {', '.join(component)}"] = edges
    for importer, targets in package_imports().items():
        layer = layer_of(importer)
        for target in targets:
            target_layer = layer_of(target)
            path = str(package_modules()[target].relative_to(PACKAGE))
            allowed = MAY_IMPORT[layer] | {layer}
            if target_layer in allowed or any(path.startswith(p) for p in allowed if "/" in p):
                continue
            name = f"upward: {importer} ({layer}) imports {target} ({target_layer})"
            found[name] = [_where(importer, target)]
    return found


def test_every_module_sits_in_one_layer():
    """A new module is placed in the table (here and in ARCHITECTURE.md) before it is used."""
    misplaced = {
        module: found for module in package_modules() if len(found := layers_of(module)) != 1
    }
    assert not misplaced, f"modules in no layer, or in two, of LAYERS: {misplaced}"
    assert set(LAYERS) == set(MAY_IMPORT)
    assert {"civicdata", "civicdata.dataset", "civicdata.models.base"} <= set(core_modules())


def test_the_layers_table_of_architecture_md_is_the_tests_table():
    """Each layer's row in ARCHITECTURE.md names the files LAYERS gives it, so the two agree."""
    text = (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")
    rows = {
        cells[0]: set(re.findall(r"`([\w/]+(?:\.py|/))`", cells[1]))
        for line in text.splitlines()
        if line.startswith("| ")
        and len(cells := [c.strip() for c in line.strip("|").split("|")]) == 3
    }
    for layer, files in LAYERS.items():
        assert layer in rows, f"ARCHITECTURE.md's layers table has no row `{layer}`"
        missing = set(files) - rows[layer]
        assert not missing, f"the `{layer}` row of ARCHITECTURE.md does not name {sorted(missing)}"


def test_no_import_circles_and_no_upward_imports():
    """Imports inside functions count: they close circles as surely, only later."""
    found = breaches()
    new = {name: where for name, where in found.items() if name not in KNOWN_BREACHES}
    assert not new, "\n".join(f"{name}\n    " + "\n    ".join(where) for name, where in new.items())


def test_known_breaches_still_occur():
    """A fixed breach leaves KNOWN_BREACHES, so the list shrinks to empty."""
    fixed = KNOWN_BREACHES - set(breaches())
    assert not fixed, f"no longer found, remove from KNOWN_BREACHES: {sorted(fixed)}"


def test_the_import_scan_sees_lazy_relative_and_type_only_imports(tmp_path):
    """On a made-up package: each way of importing is seen, resolved, and placed in a circle."""
    files = {
        "__init__.py": "from typing import TYPE_CHECKING\nif TYPE_CHECKING:\n    from .a import A\n",
        "a.py": "import os\nfrom . import b\n",
        "b.py": "def f():\n    from .sub.c import C\n",
        "sub/__init__.py": "from . import c, d\n",  # re-exports its submodules
        "sub/c.py": "from ..a import A\n",  # closes a -> b -> sub.c -> a, lazily in b
        "sub/d.py": "import pkg.sub\nfrom .. import a\n",
        # imports in strings: code for `python -c`, a literal name for importlib; never
        # the docstring's prose
        "e.py": '"""from pkg.sub import c"""\nimport importlib\nCODE = "import sys; from pkg.a import A"\n'
        'importlib.import_module("pkg.b")\n',
    }
    for name, text in files.items():
        (tmp_path / "pkg" / name).parent.mkdir(parents=True, exist_ok=True)
        (tmp_path / "pkg" / name).write_text(text, encoding="utf-8")
    graph = import_graph(tmp_path / "pkg")
    assert graph == {
        "pkg": {},  # under TYPE_CHECKING: never runs
        "pkg.a": {"pkg.b": [2]},
        "pkg.b": {"pkg.sub.c": [2]},
        "pkg.sub": {"pkg.sub.c": [1], "pkg.sub.d": [1]},
        "pkg.sub.c": {"pkg.a": [1]},
        "pkg.sub.d": {"pkg.sub": [1], "pkg.a": [2]},
        "pkg.e": {"pkg.a": [3], "pkg.b": [4]},
    }
    # sub's __init__ importing c and d closes nothing by itself; d importing sub back does.
    assert sorted(cycles(graph)) == [["pkg.a", "pkg.b", "pkg.sub.c"], ["pkg.sub", "pkg.sub.d"]]
    # and in this package: the child's entry point names the export it composes
    assert "civicdata.export.sqlite" in package_imports()["civicdata.grading.judge"]


def test_mypy_checks_the_core_strictly():
    """pyproject.toml's strict mypy section lists exactly the paths, core and validation."""
    config = tomllib.loads((PACKAGE.parent / "pyproject.toml").read_text(encoding="utf-8"))
    mypy = config["tool"]["mypy"]
    strict = [o for o in mypy["overrides"] if o.get("disallow_untyped_defs")]
    assert mypy["files"] == ["civicdata"] and len(strict) == 1
    expected = set()
    for file in (*LAYERS["paths"], *LAYERS["core"], *LAYERS["validation"]):
        name = "civicdata" if file == "__init__.py" else f"civicdata.{file.removesuffix('.py')}"
        if file.endswith("/"):
            name = name.rstrip("/").replace("/", ".")
            expected |= {name, f"{name}.*"}
        else:
            expected.add(name.replace("/", "."))
    assert set(strict[0]["module"]) == expected


# --- the recipes of ARCHITECTURE.md are run by tests -----------------------------------

# Recipes no test follows yet: none since this round's test of a new kind. A recipe
# that cannot be tested yet is named here, and test_every_recipe_is_run_by_named_tests
# fails once the table names a test for it.
RECIPES_AWAITING_A_TEST: set[str] = set()


def _architecture_page() -> str:
    return (PACKAGE.parent / "ARCHITECTURE.md").read_text(encoding="utf-8")


def recipe_titles(text: str) -> list[str]:
    """The ``**Title.**`` openings of the section "Where to add …"."""
    section = text.split("\n## Where to add", 1)[1].split("\n## ", 1)[0]
    return re.findall(r"^\*\*(.+?)\.\*\*", section, re.MULTILINE)


def recipe_tests(text: str) -> dict[str, list[tuple[str, str]]]:
    """The table "recipe | tests that follow it": title -> (test file, test function)."""
    rows = {}
    for line in text.splitlines():
        cells = [c.strip() for c in line.strip().strip("|").split("|")]
        if line.startswith("| ") and len(cells) == 2 and "::" in cells[1]:
            rows[cells[0]] = re.findall(r"`(tests/test_\w+\.py)::(test_\w+)`", cells[1])
    return rows


def _defined_tests(path: Path) -> set[str]:
    tree = ast.parse(path.read_text(encoding="utf-8"))
    return {node.name for node in tree.body if isinstance(node, ast.FunctionDef)}


def test_every_recipe_is_run_by_named_tests():
    text = _architecture_page()
    titles = recipe_titles(text)
    table = recipe_tests(text)
    assert len(titles) >= 6 and set(table) <= set(titles), (titles, sorted(table))
    for title in titles:
        if title in RECIPES_AWAITING_A_TEST:
            assert title not in table, f"{title!r} now has tests: remove it from the set"
            continue
        assert table.get(title), f"ARCHITECTURE.md names no test that runs {title!r}"
        for file, name in table[title]:
            path = PACKAGE.parent / file
            assert path.is_file(), f"{title!r}: no {file}"
            assert name in _defined_tests(path), f"{title!r}: {file} defines no {name}"


def test_the_recipe_check_reads_titles_and_rows():
    text = (
        "# Page\n\n## Where to add …\n\n**A thing.** Do this.\n\n**Another.** And that.\n\n## Next\n\n"
        "**Not a recipe.** Elsewhere.\n\n| recipe | tests that follow it |\n| --- | --- |\n"
        "| A thing | `tests/test_a.py::test_x`, `tests/test_b.py::test_y` |\n"
    )
    assert recipe_titles(text) == ["A thing", "Another"]
    assert recipe_tests(text) == {
        "A thing": [("tests/test_a.py", "test_x"), ("tests/test_b.py", "test_y")]
    }


# Where the table says a tool may be imported: pytest only by the grading plugin and its
# runner, mkdocs (and its Markdown) only by the site's hook.
TOOL_IMPORTERS = {
    "pytest": {"civicdata/grading/plugin.py", "civicdata/grading/runner.py"},
    "_pytest": {"civicdata/grading/plugin.py", "civicdata/grading/runner.py"},
    "mkdocs": {"civicdata/site/mkdocs_hook.py"},
    "markdown": {"civicdata/site/mkdocs_hook.py"},
}


def test_test_and_site_tools_are_imported_where_the_table_says():
    """Lazy imports included: pytest in grading/plugin.py and runner.py, mkdocs in the hook."""
    users: dict[str, set[str]] = {tool: set() for tool in TOOL_IMPORTERS}
    for path in package_modules().values():
        for node in ast.walk(_tree(path)):
            if isinstance(node, ast.Import):
                names = [alias.name for alias in node.names]
            elif isinstance(node, ast.ImportFrom) and not node.level:
                names = [node.module or ""]
            else:
                continue
            for name in names:
                if (top := name.split(".")[0]) in users:
                    users[top].add(str(path.relative_to(PACKAGE.parent)))
    assert users["pytest"] and users["mkdocs"]  # the scan sees what it looks for
    strays = {tool: found - TOOL_IMPORTERS[tool] for tool, found in users.items()}
    assert not any(strays.values()), strays


def test_the_site_does_not_import_the_grader():
    """Layers: the site may import the core and the exports, not grading (whose
    checks and solutions a page must never show); the manifest is core data."""
    graph = package_imports()  # import_graph(PACKAGE), scanned once for the module
    upward = {
        module: sorted(target for target in targets if target.startswith("civicdata.grading"))
        for module, targets in graph.items()
        if module.startswith("civicdata.site")
    }
    assert {module: names for module, names in upward.items() if names} == {}
    assert "civicdata.manifest" in graph["civicdata.site.exercise_pages"]


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
