"""Problems found in records, and how they are printed.

A problem is found either with a position (YAML errors) or with a *field
path* such as ``("roles", 0, "start")`` (model and cross-record checks). Paths
are turned into ``line:col`` by :mod:`civicdata.locate` only for the files
that have problems, which keeps validation of a clean dataset fast.

:class:`Problem` is the one value for "a problem": the record-file gate
(``record_files``) returns them, and a :class:`YamlProblem` raised while a file
is read or parsed (where its path is not known) becomes one with
:meth:`YamlProblem.at`. Every command error is printed by :func:`format_error`.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .errors import CivicdataError
from .text import plural, visible

__all__ = [
    "Loc",
    "Problem",
    "Target",
    "YamlProblem",
    "escape_github",
    "format_error",
    "format_github",
    "format_loc",
    "format_text",
    "plural",
    "summary",
]

Loc = tuple[str | int, ...]


class Target(StrEnum):
    """Which part of a YAML entry a field path should point at."""

    VALUE = "value"
    KEY = "key"


@dataclass
class Problem:
    path: Path
    message: str
    hint: str | None = None
    loc: Loc = ()
    target: Target = Target.VALUE
    line: int | None = None
    column: int | None = None
    severity: str = field(default="error")
    count: int = 1  # more than 1 when it stands for problems left unlisted

    def display_path(self) -> str:
        """The path as printed: relative to the working directory when inside it, escaped.

        Not resolved: a symbolic link is reported under its own name. A path
        starting with ``:`` gets ``./`` so no output line starts with ``::``
        (GitHub reads such lines as workflow commands).
        """
        path = Path(os.path.abspath(self.path))
        try:
            shown = str(path.relative_to(Path.cwd()))
        except ValueError:
            shown = str(path)
        return visible("./" + shown if shown.startswith(":") else shown)

    def sort_key(self) -> tuple[str, int, int]:
        return (str(self.path), self.line or 0, self.column or 0)


@dataclass(frozen=True)
class YamlProblem(CivicdataError):
    """A file that cannot be read or become a record, at 1-based ``line``/``column``.

    Raised where the file's path is not known (parsing text, reading bytes);
    whoever knows the path turns it into the one :class:`Problem` with :meth:`at`.
    """

    message: str
    line: int = 1
    column: int = 1
    hint: str | None = None

    def __str__(self) -> str:
        return f"{self.line}:{self.column}: {self.message}"

    def at(self, path: Path) -> Problem:
        """This problem, placed in the file at ``path``."""
        return Problem(path, self.message, self.hint, line=self.line, column=self.column)


def format_loc(loc: Loc) -> str:
    """``("roles", 0, "start")`` → ``roles[0].start``."""
    text = ""
    for part in loc:
        text += f"[{part}]" if isinstance(part, int) else (f".{part}" if text else part)
    return text


def format_text(problem: Problem) -> str:
    """Compiler style, so editors and CI can jump to the spot.

    Messages quote what the file holds (a key name, a value); :func:`visible`
    writes any control or bidi character in them as an escape, so the output
    is always exactly these lines, whatever the file contains.
    """
    where = f"{problem.display_path()}:{problem.line or 1}:{problem.column or 1}"
    text = f"{where}: {problem.severity}: {visible(problem.message)}"
    if problem.hint:
        text += f"\n    hint: {visible(problem.hint)}"
    return text


def escape_github(text: str, *, property_value: bool = False) -> str:
    """GitHub's workflow-command escaping: data, and with ``property_value`` a property."""
    text = text.replace("%", "%25").replace("\r", "%0D").replace("\n", "%0A")
    if property_value:
        text = text.replace(":", "%3A").replace(",", "%2C")
    return text


def format_github(problem: Problem) -> str:
    """A GitHub Actions workflow command, which annotates the line in a PR."""
    message = visible(problem.message + (f" (hint: {problem.hint})" if problem.hint else ""))
    return (
        f"::error file={escape_github(problem.display_path(), property_value=True)},"
        f"line={problem.line or 1},col={problem.column or 1}::{escape_github(message)}"
    )


def format_error(error: CivicdataError) -> str:
    """A command's error in the one format ``civicdata`` prints on stderr.

    ``error: message``, then ``    hint: ...`` as under a problem; escaped like
    :func:`format_text`, so a path or id with control characters cannot
    forge another line.
    """
    text = f"error: {visible(str(error))}"
    if error.hint:
        text += f"\n    hint: {visible(error.hint)}"
    return text


def summary(problems: Iterable[Problem], files: int, records: int) -> str:
    count = sum(p.count for p in problems if p.severity == "error")
    checked = f"{plural(files, 'file')} checked"
    valid = f"({plural(records, 'valid record')} in the dataset)"
    if count == 0:
        return f"ok: {checked}, no problems {valid}"
    return f"{plural(count, 'problem')} in {checked} {valid}"
