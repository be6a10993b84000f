"""Writing export files: never half a file, never over something that is not ours.

* :func:`check_target` runs before an export: ``--out`` may name a new path
  or a previous export of the same format; anything else (``README.md``, a
  database of another program) is replaced only with ``--force``, and a
  folder, device, pipe or socket never (for csv, the folder is the export).
* :func:`write_atomically` writes a temporary file beside the target and
  renames it over the target (``os.replace``), so readers see the old file
  or the new one, never a mix, and a failed export leaves the old one intact.
  The temporary file is created with mode 0666 minus the umask, the
  permissions any other new file would get (``mkstemp`` would give 0600).
"""

from __future__ import annotations

import json
import os
import secrets
import stat
from pathlib import Path

from ..strict_yaml import file_type
from .formats import FORMATS_BY_NAME, Companion, ExportFormat

_MARKER_BYTES = 64 * 1024 * 1024


class ExportRefused(Exception):
    """``--out`` names something an export must not replace; nothing was written."""


def read_json(path: Path) -> object:
    """The JSON document at ``path``, or None if it is not one (or too big to be ours).

    The formats' markers (``is_export``) read a candidate ``--out`` through this."""
    with path.open("rb") as handle:
        data = handle.read(_MARKER_BYTES + 1)
    if len(data) > _MARKER_BYTES:
        return None
    try:
        return json.loads(data)
    except ValueError:
        return None


def _kind(mode: int) -> str:
    return file_type(mode) or "a file"


def check_target(fmt: str | ExportFormat | Companion, out: Path, *, force: bool = False) -> None:
    """Raise :class:`ExportRefused` unless ``out`` may receive a ``fmt`` export.

    The format's declaration (``export/formats.py``) says whether it writes a
    folder, how a previous export is recognised, and which files go beside it.
    """
    if isinstance(fmt, str):
        fmt = FORMATS_BY_NAME[fmt]
    if isinstance(fmt, ExportFormat):
        for companion in fmt.companions:  # e.g. the Datasette metadata beside a database
            check_target(companion, companion.path_for(out), force=force)
    try:
        mode = out.lstat().st_mode
    except OSError:  # nothing there (or no way there): the write itself will say
        return
    kind = _kind(mode)
    if isinstance(fmt, ExportFormat) and fmt.folder:
        if not stat.S_ISDIR(mode):
            raise ExportRefused(f"{out} is {kind}; the {fmt.name} export writes a folder of files")
        if force or not any(out.iterdir()) or fmt.is_previous(out):
            return
        raise ExportRefused(
            f"{out} is a folder that does not hold a previous civicdata {fmt.name} export "
            "(no datapackage.json named civicdata); use --force to write into it anyway"
        )
    if stat.S_ISDIR(mode) or kind in {"a device", "a named pipe", "a socket"}:
        raise ExportRefused(f"{out} is {kind}; give a file name to write the {fmt.name} export to")
    if force:
        return
    if stat.S_ISREG(mode) and fmt.is_previous(out):
        return
    raise ExportRefused(
        f"{out} exists and is not a previous civicdata {fmt.name} export; "
        "nothing was written (use --force to replace it)"
    )


def new_temporary(folder: Path, suffix: str = "") -> Path:
    """An empty new file in ``folder`` with the umask's permissions, for a later rename."""
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        path = folder / f".civicdata-{secrets.token_hex(6)}{suffix}.tmp"
        try:
            flags = os.O_WRONLY | os.O_CREAT | os.O_EXCL | getattr(os, "O_NOFOLLOW", 0)
            os.close(os.open(path, flags, 0o666))
        except FileExistsError:
            continue
        return path


def replace(temporary: Path, out: Path) -> None:
    """Rename ``temporary`` over ``out``, refusing a folder or device that appeared meanwhile."""
    try:
        mode = out.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not (stat.S_ISREG(mode) or stat.S_ISLNK(mode)):
        raise IsADirectoryError(21, f"not replacing {_kind(mode)}", str(out))
    os.replace(temporary, out)


def write_atomically(out: Path, text: str) -> None:
    temporary = new_temporary(out.parent)
    try:
        with temporary.open("w", encoding="utf-8", newline="") as stream:
            stream.write(text)
        replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise
