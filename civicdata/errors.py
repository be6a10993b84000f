"""The one error type: what every civicdata refusal is, and the exit code it means.

Every exception the package raises on purpose derives from
:class:`CivicdataError`: a message for a person, an optional hint saying what
to do, and the exit code the ``civicdata`` command ends with when it reaches
:func:`civicdata.cli.main`, which prints it in one format
(``problems.format_error``: ``error: message`` and ``    hint: ...``) and
never as a traceback. Exit codes are a contract (README, DESIGN.md §4):
1 for a problem found or a file that cannot be read or written, 2 for a
command line that asks for something impossible or a refusal to write.

Stdlib only, so the lowest layer (``project.py``) can raise it too.
"""

from __future__ import annotations

PROBLEM_EXIT = 1
USAGE_EXIT = 2


class CivicdataError(Exception):
    """A refusal a person can act on: ``message``, ``hint``, and the command's ``exit_code``.

    Subclasses set the class's ``exit_code``; one raise may override it
    (``exit_code=``) where the same kind of error is sometimes a usage error.
    """

    exit_code: int = PROBLEM_EXIT

    def __init__(self, message: str, *, hint: str | None = None, exit_code: int | None = None):
        super().__init__(message)
        self.message = message
        self.hint = hint
        if exit_code is not None:
            self.exit_code = exit_code  # this error only, not its class

    def __str__(self) -> str:
        return self.message


class UsageError(CivicdataError):
    """The command line asks for something impossible, or a write is refused: exit 2."""

    exit_code = USAGE_EXIT
