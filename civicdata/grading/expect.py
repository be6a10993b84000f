"""Assertions that teach: what was called, what came back, what was expected."""

from __future__ import annotations

from typing import Any

# Pytest rewrites asserts; we build the message ourselves so it reads the same
# in the terminal, in the grader's table and in Gradescope.


class Mismatch(AssertionError):
    """A task's check failed; ``str()`` is the whole friendly message."""


def _show(value: Any, limit: int = 160) -> str:
    text = repr(value)
    return text if len(text) <= limit else text[: limit - 1] + "…"


def expect_equal(called: str, got: Any, expected: Any, hint: str | None = None) -> None:
    if got == expected:
        return
    message = f"{called} returned {_show(got)}, expected {_show(expected)}"
    raise Mismatch(message + (f". {hint}" if hint else ""))


def expect_true(condition: bool, message: str) -> None:
    if not condition:
        raise Mismatch(message)
