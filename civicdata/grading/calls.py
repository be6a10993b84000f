"""Graded calls, each declared once, at the top level of a check module.

The judge makes every call of an exercise in one child before any check
compares (:mod:`civicdata.grading.plugin`), so the calls must be known when
the checks are collected. A check module says which by what it holds at its
top level, and nowhere else::

    IS_BIG = call("is_big(20)")                  # one call
    ACCEPTED = calls(*map(_accepts, GOOD))       # several, built by code
    PERSON = cases("person_name({data}, {0!r})", ...)  # counterexample.cases

    @pytest.mark.task("is_big")
    def test_is_big(judge):
        judge.expect(IS_BIG, True)

A :class:`Call` is the text of the call (a ``str``), so the check passes the
very object it declared to ``judge(...)``, ``judge.expect(...)`` or
``expect_calls``; the text is written once. A check that asks for a call its
module does not declare fails as a grader bug, saying where to declare it.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any


class Declared:
    """A top-level value of a check module that names graded calls (see the module docstring)."""

    @property
    def calls(self) -> list[str]:
        raise NotImplementedError


class Call(str, Declared):
    """One graded call: the expression the child evaluates, e.g. ``"is_big(20)"``."""

    __slots__ = ()

    @property
    def calls(self) -> list[str]:
        return [str(self)]


class Calls(tuple[Call, ...], Declared):
    """Several graded calls declared together (built by code: a map, a comprehension)."""

    @property
    def calls(self) -> list[str]:
        return [str(one) for one in self]


def call(text: str) -> Call:
    """Declare one graded call (assign it to a name at the module's top level)."""
    return Call(text)


def calls(*texts: str) -> Calls:
    """Declare several graded calls at once (assign them to a name at the top level)."""
    return Calls(Call(text) for text in texts)


def declared(namespace: Mapping[str, Any]) -> list[str]:
    """Every call a module's top level declares, in the order it defines them, each once."""
    found: dict[str, None] = {}
    for value in namespace.values():
        if isinstance(value, Declared):
            found.update(dict.fromkeys(value.calls))
    return list(found)
