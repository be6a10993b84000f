"""Assertions that teach: what was called, what came back, what was expected.

The API a check (and a misconception catalogue) builds on::

    expect_equal(called, got, expected, hint=None, known=())

- ``called`` is the call as the student would type it, e.g.
  ``"claims_by_speaker(dataset, 'larry-krasner')"``;
- ``got`` is the plain value the student's code returned (from the judge's
  child: str, int, float, bool, None, list or dict, never an object of the
  student's), ``expected`` the value computed here, in the grader;
- ``hint`` is added to every failure of this comparison;
- ``known`` lists :class:`Known` wrong outputs: each explanation is added
  only when ``got`` equals that output exactly, so a misconception is named
  only when the answer actually shows it, and any other wrong answer gets
  the plain comparison (and the ``hint``).

Messages are never cut short: the terminal table wraps them, results.json
carries them whole.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass
from typing import Any

# Pytest rewrites asserts; we build the message ourselves so it reads the same
# in the terminal, in the grader's table and in Gradescope.


class Mismatch(AssertionError):
    """A task's check failed; ``str()`` is the whole friendly message."""


@dataclass(frozen=True)
class Known:
    """A known-wrong output, and what producing it reveals (a misconception)."""

    output: Any
    explanation: str


def show(value: Any) -> str:
    """A value as the student would write it in Python."""
    return repr(value)


def expect_equal(
    called: str,
    got: Any,
    expected: Any,
    hint: str | None = None,
    known: Iterable[Known] = (),
) -> None:
    """Fail with "called returned got, expected expected" (see the module docstring)."""
    if _same(got, expected):
        return
    message = f"{called} returned {show(got)}, expected {show(expected)}"
    for wrong in known:
        if _same(got, wrong.output):
            message += f". {wrong.explanation}"
            break
    raise Mismatch(message + (f". {hint}" if hint else ""))


def _same(got: Any, expected: Any) -> bool:
    """Equal, and of the same plain types all the way down (True is not 1)."""
    if isinstance(expected, tuple):
        expected = list(expected)
    if isinstance(got, tuple):
        got = list(got)
    if type(got) is not type(expected) and not (
        isinstance(got, int | float)
        and isinstance(expected, int | float)
        and not isinstance(got, bool)
        and not isinstance(expected, bool)
    ):
        return False
    if isinstance(expected, list):
        return len(got) == len(expected) and all(map(_same, got, expected))
    if isinstance(expected, dict):
        return got.keys() == expected.keys() and all(_same(got[k], expected[k]) for k in expected)
    return got == expected


_WHERE = re.compile(r"^(\S+:\d+: [\w.]+)[^\n]*")


def failure_kind(error: str) -> str:
    """What makes two failures the same: the file, line and exception type, and the line's
    code, without the message (which names each call's own arguments)."""
    return _WHERE.sub(r"\1", error, count=1)


def expect_true(condition: bool, message: str) -> None:
    if not condition:
        raise Mismatch(message)


def expect_calls(
    answer: Callable[[str], Any],
    expected: Mapping[str, Any],
    hint: str | None = None,
    known: Iterable[Known] = (),
) -> None:
    """Compare the answers to several calls of one task; every wrong answer is listed.

    ``answer(call)`` is the judge (it raises :class:`Mismatch` when the call
    failed in the student's code). Here a :class:`Known` output maps each call
    to the answer that misconception gives; its explanation is added only when
    every answer equals it, so a misconception is named only when the whole
    answer shows it.
    """
    got: dict[str, Any] = {}
    wrong: list[str] = []
    failed: dict[str, list[str]] = {}  # one error, told once: the calls it failed
    for call, value in expected.items():
        try:
            got[call] = answer(call)
        except Mismatch as error:
            text = str(error)
            reason = text.removeprefix(f"{call} failed: ")
            if reason == text:
                wrong.append(text)
            else:
                failed.setdefault(failure_kind(reason), []).append(f"{call} failed: {reason}")
            continue
        if not _same(got[call], value):
            line = f"{call} returned {show(got[call])}, expected {show(value)}"
            wrong.append(line + _difference(got[call], value))
    for told in failed.values():
        more = f" (and {len(told) - 1} more calls failed the same way)" if len(told) > 1 else ""
        first, _, code = told[0].partition("\n")
        wrong.append(first + more + (f"\n{code}" if code else ""))
    if not wrong:
        return
    for misconception in known:
        if got.keys() == expected.keys() and all(
            call in misconception.output and _same(got[call], misconception.output[call])
            for call in expected
        ):
            wrong.append(misconception.explanation)
            break
    if hint:
        wrong.append(hint)
    raise Mismatch("\n".join(wrong))


def _difference(got: Any, expected: Any) -> str:
    """For two lists, where they differ: what is missing, what is extra, or the first swap."""
    if not (isinstance(got, list) and isinstance(expected, list)) or len(expected) < 4:
        return ""
    missing, extra = list(expected), []
    for item in got:  # as multisets: a repeated item is extra, not the same item
        if item in missing:
            missing.remove(item)
        else:
            extra.append(item)
    if missing or extra:
        parts = [
            f"missing {show(missing)}" if missing else "",
            f"not expected {show(extra)}" if extra else "",
        ]
        return " (" + "; ".join(filter(None, parts)) + ")"
    for position, (mine, theirs) in enumerate(zip(got, expected, strict=False)):
        if not _same(mine, theirs):
            return (
                f" (the same items in another order: at position {position}, "
                f"{show(mine)} where {show(theirs)} was expected)"
            )
    return f" ({len(got) - len(expected)} more than expected)" if len(got) != len(expected) else ""
