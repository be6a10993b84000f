"""The one gate that decides which files are records.

A record is a regular file named ``<id>.yaml`` directly inside a kind folder
of the data folder (``civicdata/data/person/larry-krasner.yaml``). Everything
else found there is reported, located at the file, never skipped in silence:
``.yml`` and ``.YAML`` files, extensionless and nested files, files directly
under the data folder, and anything that is not a regular file (symbolic
links, dangling or not, named pipes, devices, sockets), which is never opened.

Folders are listed without following links (``os.scandir`` and ``lstat``),
so a linked folder is reported, not walked. A folder is reported too when the
walk would otherwise meet nothing in it: an empty one (``person/ghost.yaml/``,
an uninitialised submodule) or another repository (a folder holding ``.git``).
Every command (validate, stats, export, diff, site, grade) reads records through :func:`scan` and
:func:`civicdata.files_io.read_bytes`, which opens with ``O_NOFOLLOW``
and checks the open file again before reading a byte.

Each refusal is a :class:`~civicdata.problems.Problem` at line 1, column 1 of
the file, the same value validation reports for everything else.
"""

from __future__ import annotations

import os
import re
import stat
from dataclasses import dataclass
from pathlib import Path

from .files_io import file_type, read_text
from .problems import Problem, YamlProblem
from .project import KINDS  # the kind names only: importing no models keeps diff fast

RECORD_SUFFIX = ".yaml"
_IRREGULAR_PLURALS = {"people": "person", "persons": "person", "policies": "policy"}
_NOT_OPENED = "records are regular files inside the repository; this one was not opened"


@dataclass(frozen=True)
class Entry:
    """A file found by the gate: a record when ``problem`` is None."""

    path: Path
    problem: Problem | None = None

    @property
    def kind(self) -> str:
        return self.path.parent.name


DATA_HOME = "civicdata/data"


def refused(path: Path, message: str, hint: str | None = None) -> Problem:
    """A file the gate refuses, reported at its first line."""
    return Problem(path, message, hint, line=1, column=1)


def kind_problem(path: Path, kind: str, home: str = DATA_HOME) -> Problem | None:
    """Why a folder name is not a kind of record, if it is not; reported at ``path``.

    ``home`` is the folder that holds the kind folders, as the reader knows it:
    the data folder, or the folder a student validates (an exercise's ``records``).
    """
    if kind in KINDS:
        return None
    from .model_errors import closest  # only when a folder name is wrong

    guess = _IRREGULAR_PLURALS.get(kind) or closest(kind.removesuffix("s"), list(KINDS))
    return refused(
        path,
        f"`{kind}/` is not a record folder; records live in {home}/<kind>/",
        (f"did you mean `{guess}/`?" if home == DATA_HOME else f"did you mean `{home}/{guess}/`?")
        if guess
        else f"kinds: {', '.join(KINDS)}",
    )


def suffix_problem(path: Path) -> Problem | None:
    """Why a file name is not ``<id>.yaml``, if it is not."""
    name = path.name
    stem, dot, suffix = name.rpartition(".")
    if dot and stem and suffix == RECORD_SUFFIX[1:]:
        return None
    if dot and stem and suffix.lower() in {"yaml", "yml"}:
        return refused(
            path,
            f"record files end in `{RECORD_SUFFIX}` (lowercase)",
            f"rename it to `{stem}{RECORD_SUFFIX}`",
        )
    return refused(
        path,
        f"`{name}` is not a record file; the data folder holds only `<id>{RECORD_SUFFIX}` files",
        f"if it is a record, rename it to `<id>{RECORD_SUFFIX}`; otherwise move it out",
    )


def name_problem(path: Path, parts: tuple[str, ...], home: str = DATA_HOME) -> Problem | None:
    """Why ``path`` (``parts`` relative to the data folder or ``home``) is not a record's."""
    name = parts[-1]
    if len(parts) == 1:
        where = "the data folder" if home == DATA_HOME else f"`{home}/`"
        return refused(
            path,
            f"a record file sits in a kind folder, not directly in {where}",
            f"move it to {home}/<kind>/{name} (kinds: {', '.join(KINDS)})",
        )
    if problem := kind_problem(path, parts[0], home):
        return problem
    if len(parts) > 2:
        return refused(
            path,
            f"records sit directly in `{parts[0]}/`, not in a subfolder "
            f"(`{'/'.join(parts[1:-1])}/`); it was not read",
            f"move it to {home}/{parts[0]}/{name}",
        )
    return suffix_problem(path)


def type_problem(path: Path, mode: int) -> Problem | None:
    """Why a file of this ``st_mode`` (or a :func:`walk` folder marker) is refused unread."""
    if mode == EMPTY_FOLDER:
        return refused(
            path,
            "this is an empty folder, not a record file; nothing in it was read",
            "a record is a regular file `<id>.yaml` in a kind folder; delete the folder "
            "(an uninitialised git submodule also looks like this)",
        )
    if mode == NESTED_REPOSITORY:
        return refused(
            path,
            "this folder is another git repository (a submodule or a clone: it holds "
            "`.git`); its files are not records and were not read",
            "records are regular files of this repository; copy them in as files, "
            "or remove the submodule (`git rm`)",
        )
    what = file_type(mode)
    if what is None:
        return None
    return refused(path, f"this is {what}, not a regular file", _NOT_OPENED)


def _mode(item: os.DirEntry[str]) -> int:
    """The file type bits of ``item``'s ``lstat`` mode, read from the listing where it can.

    The listing already says what most entries are (``d_type``): a regular file, a
    folder or a symbolic link needs no ``lstat`` of its own (a dataset of 200 records
    is 200 system calls fewer for every command). Anything else (a pipe, a socket, a
    device), or a file system whose listing does not say, is asked with ``lstat``.
    """
    if item.is_symlink():
        return stat.S_IFLNK
    if item.is_dir(follow_symlinks=False):
        return stat.S_IFDIR
    if item.is_file(follow_symlinks=False):
        return stat.S_IFREG
    return item.stat(follow_symlinks=False).st_mode


def _listing(folder: Path) -> list[tuple[str, int]]:
    """The names in ``folder`` with their file types, links not followed."""
    with os.scandir(folder) as items:
        found = []
        for item in items:
            try:
                found.append((item.name, _mode(item)))
            except OSError:  # vanished while listing
                continue
    return found


# Folders that are entries in their own right, reported like a file that is not
# a record: an empty folder (`person/ghost.yaml/`, or a submodule nobody
# initialised: git leaves an empty folder) holds nothing the walk would meet, and a
# folder with its own `.git` is another repository, not part of this dataset.
EMPTY_FOLDER = -1
NESTED_REPOSITORY = -2


def walk(folder: Path) -> list[tuple[Path, int]]:
    """Every entry under ``folder`` that is not a folder walked into, with its ``lstat`` mode.

    Links are not followed. Subfolders are walked, except that an empty one is
    returned with the mode :data:`EMPTY_FOLDER`, and one holding a ``.git``
    (a submodule or a nested clone) with :data:`NESTED_REPOSITORY`, unread: so
    nothing under ``folder`` goes unreported. Only the file type bits of a mode
    are read (``stat.S_ISREG`` and the like).
    """
    return [(folder.joinpath(*parts), mode) for parts, mode in _walk_parts(folder)]


def _walk_parts(folder: Path) -> list[tuple[tuple[str, ...], int]]:
    """:func:`walk`, each entry as its names below ``folder``, in the order of its path."""
    found: list[tuple[tuple[str, ...], int]] = []
    stack: list[tuple[str, ...]] = [()]
    while stack:
        parts = stack.pop()
        listing = _listing(folder.joinpath(*parts))
        if parts:
            if not listing:
                found.append((parts, EMPTY_FOLDER))
                continue
            if any(name == ".git" for name, _ in listing):
                found.append((parts, NESTED_REPOSITORY))
                continue
        for name, mode in listing:
            if stat.S_ISDIR(mode):
                stack.append((*parts, name))
            else:
                found.append(((*parts, name), mode))
    return sorted(found, key=lambda pair: "/".join(pair[0]))


def scan(data_dir: Path) -> list[Entry]:
    """Every file in the data folder, each a record or a refusal, in a stable order."""
    for folder in (data_dir.parent, data_dir):  # civicdata/ and civicdata/data/ themselves
        if folder.is_symlink():
            message = f"{folder.name}/ is a symbolic link; it was not followed"
            return [Entry(folder, refused(folder, message, _NOT_OPENED))]
    if not data_dir.is_dir():
        return []
    entries = []
    submodules: set[str] | None = None
    for parts, mode in _walk_parts(data_dir):
        if mode == EMPTY_FOLDER and len(parts) == 1 and parts[0] in KINDS:
            if submodules is None:
                submodules = _submodule_paths(data_dir.parent.parent)
            if f"{DATA_HOME}/{parts[0]}" not in submodules:
                continue  # a kind with no records yet (a submodule nobody initialised is not)
        path = data_dir.joinpath(*parts)
        entries.append(Entry(path, type_problem(path, mode) or name_problem(path, parts)))
    return entries


_SUBMODULE_PATH = re.compile(r"^\s*path\s*=\s*(.+?)\s*$", re.MULTILINE)


def _submodule_paths(root: Path) -> set[str]:
    """The submodule paths ``.gitmodules`` declares, relative to the checkout.

    Git leaves an uninitialised submodule as an empty folder, which looks like a kind
    with no records yet; the declaration tells them apart. Read only when a kind
    folder is empty, through the gate's reader (a regular file, bounded).
    """
    try:
        text = read_text(root / ".gitmodules", what="a .gitmodules file")
    except (OSError, YamlProblem):  # none (the usual case), a link, not UTF-8
        return set()
    return {found.rstrip("/") for found in _SUBMODULE_PATH.findall(text)}


def record_paths(data_dir: Path) -> list[Path]:
    """The records of the data folder, the files :func:`scan` accepts."""
    return [entry.path for entry in scan(data_dir) if entry.problem is None]


def _inside(path: Path, folder: Path) -> bool:
    return path == folder or folder in path.parents


def _absolute(path: Path, root: Path) -> Path:
    """``path`` made absolute without following its last component.

    Folders on the way are resolved only when that lands inside ``root``
    (a checkout reached through a linked folder), so a name matches the scan.
    """
    plain = Path(os.path.abspath(path))
    if _inside(plain, root):
        return plain
    try:
        resolved = plain.parent.resolve() / plain.name
    except OSError:
        return plain
    return resolved if _inside(resolved, root) else plain


def _explicit_file(path: Path, mode: int) -> Entry:
    return Entry(path, type_problem(path, mode) or suffix_problem(path))


def select(root: Path, data_dir: Path, entries: list[Entry], paths: list[Path]) -> list[Entry]:
    """The entries named on the command line (or by the grader): files or folders.

    Only paths inside the checkout are read. Inside the data folder they are
    picked from ``entries`` (the one scan); elsewhere in the checkout (a
    draft, the docs' examples) the same rules apply to each file, with the
    kind taken from its folder's name: a named file is read only if it is a
    regular ``.yaml`` file, and a named folder is listed without following links.
    A named folder that is not itself a kind folder (an exercise's ``records/``)
    holds kind folders as the data folder does, and a misplaced file in it is
    told so with that folder's path, never the data folder's.
    """
    chosen: dict[Path, Entry] = {}
    for given in paths:
        path = _absolute(given, root)
        if not _inside(path, root):
            chosen[path] = Entry(
                path,
                refused(
                    path,
                    f"outside the checkout ({root}); only files inside it are read",
                    "copy the file into civicdata/data/<kind>/ and validate it there",
                ),
            )
            continue
        try:
            mode = path.lstat().st_mode
        except OSError:
            chosen[path] = Entry(path, refused(path, "no such file"))
            continue
        if _inside(path, data_dir):
            chosen.update((e.path, e) for e in entries if _inside(e.path, path))
        elif stat.S_ISDIR(mode):
            # A folder of kind folders (an exercise's `records/`): placed as in the data folder.
            home = None if path.name in KINDS else path.relative_to(root).as_posix()
            for found, found_mode in walk(path):
                named_like_a_record = found.suffix.lower() in {".yaml", ".yml"}
                if found_mode < 0 and not named_like_a_record:
                    continue  # an empty or nested-repository folder among drafts: no record
                if named_like_a_record or not stat.S_ISREG(found_mode):
                    chosen[found] = _explicit_file(found, found_mode)
                    if home is not None and chosen[found].problem is None:
                        parts = found.relative_to(path).parts
                        chosen[found] = Entry(found, name_problem(found, parts, home))
        else:
            chosen[path] = _explicit_file(path, mode)
    return list(chosen.values())
