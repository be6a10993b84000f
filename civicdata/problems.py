"""Problems found in records, and how they are printed.

A problem is found either with a position (YAML errors) or with a *field
path* such as ``("roles", 0, "start")`` (model and cross-record checks). Paths
are turned into ``line:col`` by :mod:`civicdata.locate` only for the files
that have problems, which keeps validation of a clean dataset fast.
"""

from __future__ import annotations

import os
from collections.abc import Iterable
from dataclasses import dataclass, field
from enum import StrEnum
from pathlib import Path

from .text import visible

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


def plural(count: int, noun: str) -> str:
    """`1 file`, `2 files`: a count with its noun in the right number."""
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def summary(problems: Iterable[Problem], files: int, records: int) -> str:
    count = sum(p.count for p in problems if p.severity == "error")
    checked = f"{plural(files, 'file')} checked"
    valid = f"({plural(records, 'valid record')} in the dataset)"
    if count == 0:
        return f"ok: {checked}, no problems {valid}"
    return f"{plural(count, 'problem')} in {checked} {valid}"
