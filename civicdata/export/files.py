"""Writing export files: never half a file, never over something that is not ours.

* :func:`check_target` runs before an export: ``--out`` may name a new path
  or a previous export of the same format; anything else (``README.md``, a
  database of another program) is replaced only with ``--force``, and a
  folder, device, pipe or socket never (for csv, the folder is the export).
* the writing itself (temporary file beside the target, renamed over it) is
  :mod:`civicdata.files_io`'s; :func:`write_atomically`, :func:`new_temporary`
  and :func:`replace` are imported from there and stay importable from here.
"""

from __future__ import annotations

import json
import sqlite3
import stat
from collections.abc import Callable
from pathlib import Path

from ..errors import UsageError
from ..files_io import file_type, replaceable
from ..files_io import new_temporary as new_temporary
from ..files_io import replace as replace
from ..files_io import write_atomically as write_atomically

_MARKER_BYTES = 64 * 1024 * 1024
_POPOLO_KEYS = {"meta", "persons", "organizations", "memberships", "vote_events"}
_POPOLO_OPTIONAL = {"areas", "posts", "events"}


class ExportRefused(UsageError):
    """``--out`` names something an export must not replace; nothing was written (exit 2)."""


def _json(path: Path) -> object:
    with path.open("rb") as handle:
        data = handle.read(_MARKER_BYTES + 1)
    if len(data) > _MARKER_BYTES:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def _is_json_export(path: Path) -> bool:
    document = _json(path)
    return (
        isinstance(document, dict)
        and "schema_version" in document
        and str(document.get("generator", "")).startswith("civicdata ")
    )


def _is_popolo_export(path: Path) -> bool:
    document = _json(path)
    return isinstance(document, dict) and _POPOLO_KEYS <= set(document) <= (
        _POPOLO_KEYS | _POPOLO_OPTIONAL
    )


def _is_datasette_metadata(path: Path) -> bool:
    document = _json(path)
    return (
        isinstance(document, dict)
        and document.get("title") == "civicdata"
        and isinstance(document.get("databases"), dict)
    )


def _is_sqlite_export(path: Path) -> bool:
    with path.open("rb") as handle:
        if handle.read(16) != b"SQLite format 3\x00":
            return False
    try:
        connection = sqlite3.connect(f"{path.absolute().as_uri()}?mode=ro", uri=True)
        try:
            names = {
                name
                for (name,) in connection.execute(
                    "SELECT name FROM sqlite_schema WHERE type IN ('table', 'view')"
                )
            }
        finally:
            connection.close()
    except sqlite3.Error:
        return False
    return {"record", "source", "claim", "citation"} <= names


def _is_csv_export(folder: Path) -> bool:
    package = folder / "datapackage.json"
    if not package.is_file() or package.is_symlink():
        return False
    document = _json(package)
    return isinstance(document, dict) and document.get("name") == "civicdata"


_FILE_MARKERS: dict[str, Callable[[Path], bool]] = {
    "json": _is_json_export,
    "popolo": _is_popolo_export,
    "sqlite": _is_sqlite_export,
    "datasette metadata": _is_datasette_metadata,
}


def _kind(mode: int) -> str:
    return file_type(mode) or "a file"


def check_target(fmt: str, out: Path, *, force: bool = False) -> None:
    """Raise :class:`ExportRefused` unless ``out`` may receive a ``fmt`` export."""
    if fmt == "sqlite":  # the Datasette metadata written beside the database, too
        from .datasette import metadata_path

        check_target("datasette metadata", metadata_path(out), force=force)
    try:
        mode = out.lstat().st_mode
    except OSError:  # nothing there (or no way there): the write itself will say
        return
    kind = _kind(mode)
    if fmt == "csv":
        if not stat.S_ISDIR(mode):
            raise ExportRefused(f"{out} is {kind}; the csv export writes a folder of files")
        if force or not any(out.iterdir()) or _is_csv_export(out):
            return
        raise ExportRefused(
            f"{out} is a folder that does not hold a previous civicdata csv export "
            "(no datapackage.json named civicdata); use --force to write into it anyway"
        )
    if not replaceable(mode):
        raise ExportRefused(f"{out} is {kind}; give a file name to write the {fmt} export to")
    if force:
        return
    if stat.S_ISREG(mode) and _FILE_MARKERS[fmt](out):
        return
    raise ExportRefused(
        f"{out} exists and is not a previous civicdata {fmt} export; "
        "nothing was written (use --force to replace it)"
    )
