"""The released library: a hash list of ``civicdata/`` that ``assign`` writes and ``grade`` checks.

Only the exercise files ever reach the autograder; it grades them with the
library as released. A student who edits ``civicdata/`` (the models, the
loader, the records) instead of ``exercise.py`` can pass locally and then
lose the points on Gradescope without knowing why. So ``civicdata assign``
writes ``exercises/library.sha256`` (``sha256sum -c`` format, one line per
file of the package as shipped) into the student edition and the
autograder, and:

- ``civicdata grade`` in the student edition compares the student's
  ``civicdata/`` with it and says so in the score table and results.json;
- the autograder compares the ``civicdata/`` a submission carries with it
  (the same warning, in the output students see), and its own copy before
  grading (a changed autograder refuses to grade).

A developer checkout has no hash list and is not checked: changing the
library is its purpose.
"""

from __future__ import annotations

import hashlib
import os
import stat
from dataclasses import dataclass
from pathlib import Path

from ..text import visible

LIBRARY = "library.sha256"  # in exercises/, beside stubs.sha256
PACKAGE = "civicdata"
MAX_BYTES = 64 << 20  # no file of the package comes near; a larger one is a change, unread
_SKIPPED_DIRS = {"__pycache__"}
_SKIPPED_SUFFIXES = (".pyc", ".pyo")


@dataclass(frozen=True)
class Change:
    """One way a ``civicdata/`` differs from the released one."""

    how: str  # "edited", "added", "removed", "replaced by a link"
    path: str  # civicdata/..., with forward slashes

    def __str__(self) -> str:
        return f"{self.how} {visible(self.path)}"  # a submitted name is the student's: escaped


def _digest(path: Path) -> str | None:
    """sha256 of a regular file read without following a link; None if it is not one.

    Anything else is never opened: opening a FIFO blocks, opening a device may act.
    """
    try:
        if not stat.S_ISREG(path.lstat().st_mode):
            return None
        flags = os.O_RDONLY | getattr(os, "O_NOFOLLOW", 0) | getattr(os, "O_NONBLOCK", 0)
        fd = os.open(path, flags)
    except OSError:
        return None
    with os.fdopen(fd, "rb") as file:
        info = os.fstat(file.fileno())
        if not stat.S_ISREG(info.st_mode) or info.st_size > MAX_BYTES:
            return None
        digest = hashlib.sha256()
        while chunk := file.read(1 << 16):
            digest.update(chunk)
        return digest.hexdigest()


def scan(root: Path) -> tuple[dict[str, str], list[str]]:
    """``civicdata/``'s files under ``root``: {path: sha256}, and the paths that are not files.

    Links (to files or folders) are never followed; they and anything that is
    not a regular file (a FIFO, a device) are listed apart, unread.
    """
    files: dict[str, str] = {}
    odd: list[str] = []
    top = root / PACKAGE
    if top.is_symlink() or not top.is_dir():
        return files, ([PACKAGE] if top.is_symlink() else [])
    for folder, dirs, names in os.walk(top):
        here = Path(folder)
        for name in sorted(dirs):
            if (here / name).is_symlink():
                odd.append((here / name).relative_to(root).as_posix())
        dirs[:] = sorted(
            d
            for d in dirs
            if d not in _SKIPPED_DIRS and not d.startswith(".") and not (here / d).is_symlink()
        )
        for name in sorted(names):
            if name.endswith(_SKIPPED_SUFFIXES) or name.startswith("."):  # caches, .DS_Store
                continue
            path = here / name
            relative = path.relative_to(root).as_posix()
            digest = _digest(path)
            if digest is None:
                odd.append(relative)
            else:
                files[relative] = digest
    return files, sorted(odd)


def hash_list(root: Path) -> str:
    """The text of ``library.sha256`` for the ``civicdata/`` under ``root`` (as released)."""
    files, odd = scan(root)
    if odd:
        raise ValueError(f"not regular files, cannot be released: {', '.join(odd)}")
    return "".join(f"{digest}  {path}\n" for path, digest in sorted(files.items()))


def read_hash_list(path: Path) -> dict[str, str] | None:
    """{path: sha256} from a hash list, or None where there is none (a developer checkout)."""
    if not path.is_file():
        return None
    found = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        digest, _, name = line.partition("  ")
        if name:
            found[name] = digest
    return found


def compare(released: dict[str, str], root: Path, *, missing_counts: bool = True) -> list[Change]:
    """How ``root``'s ``civicdata/`` differs from ``released``.

    ``missing_counts=False`` for a submission, which may carry only part of
    the package (or none): a file it left out is not a change.
    """
    files, odd = scan(root)
    changes = [Change("replaced by a link or special file", path) for path in odd]
    for path, digest in sorted(files.items()):
        if path not in released:
            changes.append(Change("added", path))
        elif released[path] != digest:
            changes.append(Change("edited", path))
    if missing_counts:
        present = set(files) | set(odd)
        changes += [Change("removed", path) for path in sorted(released) if path not in present]
    return changes


def check(exercises_dir: Path, root: Path, *, missing_counts: bool = True) -> list[Change] | None:
    """Changes of ``root/civicdata`` against ``exercises_dir/library.sha256``; None if unchecked."""
    released = read_hash_list(exercises_dir / LIBRARY)
    if released is None:
        return None
    return compare(released, root, missing_counts=missing_counts)


def warning(changes: list[Change], shown: int = 5) -> str:
    """The loud line a score table and results.json carry when the library was changed."""
    listed = "; ".join(str(change) for change in changes[:shown])
    more = f" and {len(changes) - shown} more" if len(changes) > shown else ""
    return (
        f"WARNING: you edited civicdata/ ({listed}{more}): only exercise files are graded; "
        "the autograder uses the released library, so a score that depends on these "
        "changes will not hold there. Put your code in the exercise's file."
    )
