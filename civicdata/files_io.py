"""The one place that reads untrusted files and writes files: bounded in, atomic out.

Reading (records, seed articles, docs pages, submitted files, an article
given to ``civicdata new source --seed``): :func:`read_bytes` opens with
``O_NOFOLLOW`` and ``O_NONBLOCK``, checks the *open* file is a regular one
(``fstat``, not the name, which could be swapped in between) and reads at most
a limit; :func:`read_text` adds UTF-8 decoding. Each refusal is a located
:class:`~civicdata.problems.YamlProblem`, never a hang or a traceback.

Writing: :func:`write_atomically` writes a temporary file beside the target
and renames it over the target (``os.replace``), so readers see the old file
or the new one, never a mix, and a failure leaves the old one intact; a
symbolic link at the target is replaced, never written through, and a folder
or device there is refused. :func:`create_new` writes a file that must not
exist yet (``O_EXCL``: never over anything, a link included). New files get
mode 0666 minus the umask, as any other new file would (``mkstemp`` would
give 0600).

Core layer: stdlib, ``errors``, ``problems`` and ``text`` only. The old names
stay importable: ``strict_yaml.read_bytes``/``read_text``/``decode``/``file_type``
and ``export.files.write_atomically``/``new_temporary``/``replace``.
"""

from __future__ import annotations

import contextlib
import errno
import os
import stat
from pathlib import Path

from .problems import YamlProblem

MAX_FILE_BYTES = 256 * 1024  # a record file (strict_yaml.MAX_FILE_BYTES)
MAX_SEED_BYTES = 1024 * 1024  # a seed article (corpus.MAX_SEED_BYTES)

_OPEN_FLAGS = os.O_RDONLY | os.O_NOFOLLOW | os.O_NONBLOCK | getattr(os, "O_CLOEXEC", 0)
_CREATE_FLAGS = os.O_WRONLY | os.O_CREAT | os.O_EXCL | os.O_NOFOLLOW | getattr(os, "O_CLOEXEC", 0)
_NOT_REGULAR_HINT = "records and seeds are regular files inside the repository"
# What a file that is not a regular one is, in words: the one list (messages quote it).
_KINDS = (
    (stat.S_ISLNK, "a symbolic link"),
    (stat.S_ISDIR, "a folder"),
    (stat.S_ISFIFO, "a named pipe (FIFO)"),
    (stat.S_ISCHR, "a device"),
    (stat.S_ISBLK, "a device"),
    (stat.S_ISSOCK, "a socket"),
)


def file_type(mode: int) -> str | None:
    """What a non-regular file is, in words; None for a regular file."""
    if stat.S_ISREG(mode):
        return None
    return next((words for test, words in _KINDS if test(mode)), "not a regular file")


def replaceable(mode: int) -> bool:
    """Whether a rename may land on a file of this ``st_mode``: a regular file or a link."""
    return stat.S_ISREG(mode) or stat.S_ISLNK(mode)


def read_bytes(path: Path, limit: int = MAX_FILE_BYTES, what: str = "a record file") -> bytes:
    """The bytes of a regular file, never following a final symlink and never blocking.

    ``O_NOFOLLOW`` refuses a symlink, ``O_NONBLOCK`` keeps a FIFO from hanging
    the open, and ``fstat`` on the open descriptor (not the name, which could
    be swapped in between) refuses anything but a regular file before a byte
    is read. At most ``limit`` bytes are read.
    """
    try:
        handle = os.open(path, _OPEN_FLAGS)
    except OSError as error:
        if error.errno == errno.ELOOP:
            raise YamlProblem(
                "this is a symbolic link; it was not followed", hint=_NOT_REGULAR_HINT
            ) from None
        raise
    try:
        kind = file_type(os.fstat(handle).st_mode)
        if kind is not None:
            raise YamlProblem(
                f"this is {kind}, not a regular file; it was not opened for reading",
                hint=_NOT_REGULAR_HINT,
            )
        chunks, size = [], 0
        while size <= limit and (chunk := os.read(handle, limit + 1 - size)):
            chunks.append(chunk)
            size += len(chunk)
    finally:
        os.close(handle)
    if size > limit:
        raise YamlProblem(
            f"the file is over {limit:,} bytes, the most {what} may be",
            hint="a record is a few kilobytes; split it or shorten long quotes",
        )
    return b"".join(chunks)


def decode(data: bytes) -> str:
    """Decode UTF-8 (one BOM allowed) or raise a located problem."""
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as error:
        line = data.count(b"\n", 0, error.start) + 1
        column = error.start - (data.rfind(b"\n", 0, error.start) + 1) + 1
        raise YamlProblem(
            f"this file is not UTF-8 (byte 0x{data[error.start]:02x} cannot be decoded)",
            line,
            column,
            "save the file as UTF-8; most editors offer it under 'Save with encoding'",
        ) from None
    if text.startswith("\ufeff"):  # a second mark: text, invisible, where libyaml skips it
        raise YamlProblem(
            "a second byte order mark (U+FEFF) at the start of the file",
            1,
            1,
            "save the file as UTF-8 again; one mark at most, none is best",
        )
    return text


def read_text(path: Path, limit: int = MAX_FILE_BYTES, what: str = "a record file") -> str:
    """:func:`read_bytes` as UTF-8 text (a record file by default)."""
    return decode(read_bytes(path, limit, what))


def new_temporary(folder: Path, suffix: str = "") -> Path:
    """An empty new file in ``folder`` with the umask's permissions, for a later rename."""
    folder.mkdir(parents=True, exist_ok=True)
    while True:
        # os.urandom, as secrets.token_hex does: importing secrets (random, hashlib)
        # would cost every command 5 ms, and every command imports this module.
        path = folder / f".civicdata-{os.urandom(6).hex()}{suffix}.tmp"
        try:
            os.close(os.open(path, _CREATE_FLAGS, 0o666))
        except FileExistsError:
            continue
        return path


def replace(temporary: Path, out: Path) -> None:
    """Rename ``temporary`` over ``out``, refusing a folder or device that appeared meanwhile."""
    try:
        mode = out.lstat().st_mode
    except FileNotFoundError:
        mode = None
    if mode is not None and not replaceable(mode):
        raise IsADirectoryError(21, f"not replacing {file_type(mode)}", str(out))
    os.replace(temporary, out)


def write_atomically(out: Path, content: str | bytes) -> None:
    """Write ``content`` (text as UTF-8, newlines as given) to ``out`` by rename."""
    temporary = new_temporary(out.parent)
    data = content.encode("utf-8") if isinstance(content, str) else content
    try:
        with temporary.open("wb") as stream:
            stream.write(data)
        replace(temporary, out)
    except BaseException:
        temporary.unlink(missing_ok=True)
        raise


def create_new(path: Path, content: str | bytes) -> None:
    """Write a file that does not exist yet; ``FileExistsError`` if anything is there.

    ``O_EXCL`` with ``O_NOFOLLOW``: a file, folder or link (dangling or not)
    of that name is never opened, so nothing is ever overwritten.
    """
    data = content.encode("utf-8") if isinstance(content, str) else content
    handle = os.open(path, _CREATE_FLAGS, 0o666)
    with os.fdopen(handle, "wb") as stream:
        stream.write(data)


def own_folder(folder: Path, uid: int) -> bool:
    """Make ``folder`` (0700) unless something is there; whether it then is a folder of
    ``uid``'s that no one else may write.

    What is found is checked, never changed: ``lstat`` (a link, even to a good
    folder, is refused, not followed) and no ``chmod`` (changing the mode of what
    another user planted at the name would change whatever it points at). An
    ``OSError`` other than the name being taken is raised.
    """
    with contextlib.suppress(FileExistsError):
        folder.mkdir(mode=0o700)
    found = folder.lstat()
    return (
        stat.S_ISDIR(found.st_mode)
        and found.st_uid == uid
        and not found.st_mode & (stat.S_IWGRP | stat.S_IWOTH)
    )
