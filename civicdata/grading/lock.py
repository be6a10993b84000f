"""The grader's locked dependencies, read from uv.lock: the autograder's requirements.txt.

Gradescope builds the autograder's image once, with ``setup.sh``; installing
``pydantic>=2.7,<3`` there would grade with whatever release is newest that
day, not with the versions the course tested. ``civicdata assign`` writes
the exact versions of ``uv.lock`` instead (as ``uv export --no-default-groups
--extra grade --no-hashes --no-emit-project`` would), read with tomllib so
that assigning needs no uv: the package's dependencies and its ``grade``
extra (pytest), followed through the lock with each edge's environment
marker.
"""

from __future__ import annotations

import re
import tomllib
from pathlib import Path

from ..errors import CivicdataError

REQUIREMENTS = "requirements.txt"
EXTRAS = ("grade",)


class LockError(CivicdataError):
    """uv.lock cannot give the grader's exact versions."""


def _name(text: str) -> str:
    return re.sub(r"[-_.]+", "-", text).lower()


def _and(outer: str | None, inner: str | None) -> str | None:
    if outer and inner:
        return f"({outer}) and ({inner})"
    return outer or inner


def pins(root: Path, extras: tuple[str, ...] = EXTRAS) -> dict[tuple[str, str], str | None]:
    """{(name, version): marker or None} for the project's runtime closure in ``root/uv.lock``."""
    lock_path = root / "uv.lock"
    if not lock_path.is_file():
        raise LockError(f"{lock_path}: not found; run `uv lock`")
    lock = tomllib.loads(lock_path.read_text(encoding="utf-8"))
    project = tomllib.loads((root / "pyproject.toml").read_text(encoding="utf-8"))["project"]
    packages: dict[str, list[dict]] = {}
    for package in lock.get("package", []):
        packages.setdefault(_name(package["name"]), []).append(package)
    own = packages.get(_name(project["name"]))
    if not own:
        raise LockError(f"uv.lock does not list {project['name']}; run `uv lock`")
    me = own[0]
    edges = list(me.get("dependencies", []))
    for extra in extras:
        edges += me.get("optional-dependencies", {}).get(extra, [])
    markers: dict[tuple[str, str], set[str | None]] = {}
    queue: list[tuple[dict, str | None]] = [(edge, None) for edge in edges]
    while queue:
        edge, via = queue.pop()
        name = _name(edge["name"])
        candidates = packages.get(name, [])
        if "version" in edge:
            candidates = [p for p in candidates if p["version"] == edge["version"]]
        if len(candidates) != 1:
            raise LockError(
                f"uv.lock: {len(candidates)} locked versions of {name} fit; "
                "write the requirements with `uv export` instead"
            )
        package = candidates[0]
        if "registry" not in package.get("source", {}):
            raise LockError(f"uv.lock: {name} is not from a package index; pip cannot pin it")
        marker = _and(via, edge.get("marker"))
        key = (name, package["version"])
        seen = markers.setdefault(key, set())
        if None in seen or marker in seen:
            continue
        seen.add(marker)
        follow = list(package.get("dependencies", []))
        for extra in edge.get("extra", []):
            follow += package.get("optional-dependencies", {}).get(extra, [])
        queue += [(dependency, marker) for dependency in follow]
    return {key: _either(found) for key, found in sorted(markers.items())}


def _either(markers: set[str | None]) -> str | None:
    """One marker for a package reached by several edges: None if any edge is unconditional."""
    if None in markers:
        return None
    if len(markers) == 1:
        return next(iter(markers))
    return " or ".join(sorted(f"({marker})" for marker in markers if marker))


def locked_requirements(root: Path) -> str:
    """requirements.txt text: one ``name==version`` line (with its marker) per locked package."""
    lines = [
        "# The exact versions of uv.lock, written by `civicdata assign`; setup.sh installs them.",
    ]
    for (name, version), marker in pins(root).items():
        lines.append(f"{name}=={version}" + (f" ; {marker}" if marker else ""))
    return "\n".join(lines) + "\n"
