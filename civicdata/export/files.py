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
import stat
from pathlib import Path

from ..errors import UsageError
from ..files_io import file_type, replaceable
from ..files_io import new_temporary as new_temporary
from ..files_io import replace as replace
from ..files_io import write_atomically as write_atomically
from .formats import FORMATS_BY_NAME, Companion, ExportFormat

_MARKER_BYTES = 64 * 1024 * 1024


class ExportRefused(UsageError):
    """``--out`` names something an export must not replace; nothing was written (exit 2)."""


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
            raise ExportRefused(
                f"{out} is {kind}; the {fmt.name} export writes a folder of files",
                hint="give --out a folder name (a new one, or a previous export's)",
            )
        if force or not any(out.iterdir()) or fmt.is_previous(out):
            return
        raise ExportRefused(
            f"{out} is a folder that does not hold a previous civicdata {fmt.name} export "
            f"(no {fmt.marked_by}); nothing was written",
            hint="choose another --out, or use --force to write into it anyway",
        )
    if not replaceable(mode):
        raise ExportRefused(
            f"{out} is {kind}; nothing was written",
            hint=f"give --out a file name to write the {fmt.name} export to",
        )
    if force:
        return
    if stat.S_ISREG(mode) and fmt.is_previous(out):
        return
    raise ExportRefused(
        f"{out} exists and is not a previous civicdata {fmt.name} export; nothing was written",
        hint="choose another --out, or use --force to replace it",
    )
