"""The built wheel, installed into a bare virtual environment, used from an empty folder.

This is what `pip install civicdata` gives a user: no checkout, no dev tools.
It must validate its own packaged data against its packaged seeds, load
without pytest, refuse to write, and keep its pytest plugin to itself.
"""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
import zipfile
from pathlib import Path

import pytest

from civicdata import cli, diff, project
from civicdata.export import FORMATS
from civicdata.models import MODELS

# Its module-scoped fixtures are costly: under pytest-xdist one worker runs them all.
pytestmark = pytest.mark.xdist_group("wheel")

REPO = Path(__file__).resolve().parent.parent


def _run(*command: str | Path, cwd: Path, env: dict[str, str] | None = None):
    return subprocess.run(
        [str(part) for part in command],
        cwd=cwd,
        capture_output=True,
        text=True,
        check=False,
        env=env,
        timeout=300,
    )


@pytest.fixture(scope="module")
def installed(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path, Path]:
    """(wheel, venv bin folder, an empty working folder)."""
    uv = shutil.which("uv")
    assert uv, "uv is needed to build and install the wheel (pip install uv)"
    base = tmp_path_factory.mktemp("wheel")
    built = _run(uv, "build", "--wheel", "--out-dir", base / "dist", cwd=REPO)
    assert built.returncode == 0, built.stderr
    [wheel] = (base / "dist").glob("civicdata-*.whl")
    venv = base / "venv"
    made = _run(uv, "venv", "--quiet", "--python", sys.executable, venv, cwd=base)
    assert made.returncode == 0, made.stderr
    python = venv / "bin" / "python"
    done = _run(uv, "pip", "install", "--quiet", "--python", python, wheel, cwd=base)
    assert done.returncode == 0, done.stderr
    empty = base / "empty"
    empty.mkdir()
    return wheel, venv / "bin", empty


def _clean_env() -> dict[str, str]:
    """The environment without this checkout's venv or PYTHONPATH leaking in.

    Nor PYTHONDONTWRITEBYTECODE (CI sets it): ``pip install`` compiles a wheel's
    bytecode as it installs, ``uv pip install`` leaves it to the first import; without
    it every command below compiled pydantic and the package anew (about a second
    of CPU over this module). The package's files are compared without ``__pycache__``.
    """
    drop = {"VIRTUAL_ENV", "PYTHONPATH", "PYTHONHOME", "CIVICDATA_ROOT", "PYTHONDONTWRITEBYTECODE"}
    return {k: v for k, v in os.environ.items() if k not in drop}


def test_wheel_ships_seeds_and_no_pytest_plugin(installed):
    wheel, _, _ = installed
    with zipfile.ZipFile(wheel) as archive:
        names = archive.namelist()
        entry_points = next(n for n in names if n.endswith(".dist-info/entry_points.txt"))
        entry_text = archive.read(entry_points).decode()
        metadata = archive.read(next(n for n in names if n.endswith("METADATA"))).decode()
    seeds = sorted(p.name for p in (REPO / "seeds").glob("*.txt"))
    assert seeds and all(f"civicdata/seeds/{name}" in names for name in seeds)
    assert any(n.startswith("civicdata/data/person/") for n in names)
    assert "pytest11" not in entry_text and "civicdata.cli:main" in entry_text
    requires = [line for line in metadata.splitlines() if line.startswith("Requires-Dist:")]
    assert [line for line in requires if "pytest" in line] == [
        "Requires-Dist: pytest>=8.4; extra == 'grade'"
    ]


def test_help_validate_and_load_from_an_empty_folder(installed, loaded_here):
    _, bin_dir, empty = installed
    env = _clean_env()
    shown = _run(bin_dir / "civicdata", "--help", cwd=empty, env=env)
    assert shown.returncode == 0 and shown.stdout.startswith("usage: civicdata")

    checked = _run(bin_dir / "civicdata", "validate", cwd=empty, env=env)
    assert checked.returncode == 0, checked.stdout + checked.stderr
    records = len(list((REPO / "civicdata" / "data").glob("*/*.yaml")))
    assert f"ok: {records} files checked, no problems" in checked.stdout
    site_packages = "site-packages" + os.sep + "civicdata" + os.sep + "data"
    assert "installed package's dataset" in checked.stderr and site_packages in checked.stderr

    count, seeds_dir, _ = loaded_here
    assert int(count) == records and seeds_dir.endswith(os.sep.join(["civicdata", "seeds"]))


@pytest.fixture(scope="module")
def loaded_here(installed: tuple[Path, Path, Path]) -> list[str]:
    """``civicdata.load()`` in the venv's interpreter, from the empty folder, once: the
    dataset's size, its seeds folder and where the package was found (the writing
    commands' test compares that folder before and after), read by two tests."""
    _, bin_dir, empty = installed
    loaded = _run(
        bin_dir / "python",
        "-c",
        "import civicdata, pathlib, sys; d = civicdata.load(); "
        "assert 'pytest' not in sys.modules and 'mkdocs' not in sys.modules; "
        "print(len(d), d.project.seeds_dir, pathlib.Path(civicdata.__file__).parent)",
        cwd=empty,
        env=_clean_env(),
    )
    assert loaded.returncode == 0, loaded.stderr
    return loaded.stdout.split()


@pytest.fixture(scope="module")
def installed_package(loaded_here: list[str]) -> Path:
    """Where the venv's interpreter finds ``civicdata``."""
    package = Path(loaded_here[2])
    assert (package / "__init__.py").is_file() and "site-packages" in package.parts
    return package


@pytest.mark.parametrize(
    "command",
    [["new", "person", "jane-doe"], ["grade"], ["hint", "01"], ["schema"]],
    ids=lambda c: c[0],
)
def test_writing_commands_refuse_outside_a_checkout(installed, installed_package, command):
    _, bin_dir, empty = installed
    package = installed_package
    before = sorted(str(p) for p in package.rglob("*") if "__pycache__" not in p.parts)
    refused = _run(bin_dir / "civicdata", *command, cwd=empty, env=_clean_env())
    assert refused.returncode == 2, refused.stdout + refused.stderr
    assert f"`civicdata {command[0]}` writes into a checkout" in refused.stderr
    assert "Traceback" not in refused.stderr
    assert list(empty.iterdir()) == []
    after = sorted(str(p) for p in package.rglob("*") if "__pycache__" not in p.parts)
    assert after == before


def test_grading_plugin_stays_out_of_other_pytest_sessions(installed):
    wheel, bin_dir, empty = installed
    uv = shutil.which("uv")
    assert uv
    extra = _run(
        uv,
        "pip",
        "install",
        "--quiet",
        "--python",
        bin_dir / "python",
        f"{wheel}[grade]",
        cwd=empty,
    )
    assert extra.returncode == 0, extra.stderr
    (empty / "test_other.py").write_text("def test_other():\n    pass\n")
    try:
        session = _run(
            bin_dir / "python", "-m", "pytest", "--fixtures", "-p", "no:cacheprovider",
            cwd=empty, env=_clean_env(),
        )  # fmt: skip
        assert session.returncode == 0, session.stdout + session.stderr
        assert "tmp_path" in session.stdout  # the listing really ran
        assert "judge" not in session.stdout and "civicdata" not in session.stdout
        loaded = _run(
            bin_dir / "python", "-m", "pytest", "--fixtures", "-p", "civicdata.grading.plugin",
            "-p", "no:cacheprovider", cwd=empty, env=_clean_env(),
        )  # fmt: skip
        assert "judge" in loaded.stdout  # loaded on request, as `civicdata grade` does
    finally:
        (empty / "test_other.py").unlink()


def test_help_imports_neither_models_nor_pytest():
    """`civicdata --help` stays fast because it imports only the parser (bench_startup.py)."""
    code = (
        "import sys, civicdata.cli as c; c.build_parser().format_help(); "
        "heavy = {'pydantic', 'yaml', 'pytest', 'mkdocs', 'sqlite3'} & set(sys.modules); "
        "assert not heavy, heavy"
    )
    result = _run(sys.executable, "-c", code, cwd=REPO)
    assert result.returncode == 0, result.stderr


def test_light_copies_agree_with_the_real_ones():
    """The parser lists kinds, formats and WORKTREE without importing their modules."""
    assert tuple(MODELS) == project.KINDS
    assert list(cli.DEFAULT_OUT) == list(FORMATS)
    assert cli.WORKTREE == diff.WORKTREE
