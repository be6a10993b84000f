"""Mutation testing of the exercise set: does every check tell a wrong answer from a right one?

Each reference solution is changed in one place at a time (a *mutant*): a
Python solution by the usual operators (``python_mutants``), a YAML answer by
a plausible wrong value in one field (``record_mutants``). Every mutant is
graded as a student's submission by the real grader, whose checks run the
mutant in the judge's child process as they would run a student's file. A
mutant is *killed* when it scores below the exercise's maximum.

A surviving mutant means a wrong answer earns full marks, unless no input
could tell it from the reference (an *equivalent* mutant), which
``exercises/mutation-equivalents.yaml`` lists with its reason
(``verdict``). Run it with ``uv run python -m civicdata.grading.mutation``.

It lives in the package rather than in ``benchmarks/`` because it is the
grading layer checking itself: it grades through :func:`runner.grade`, reads
the manifest and the models, and its tests import it. It runs only in a
checkout (the reference solutions are not in the wheel).
"""

from __future__ import annotations

from dataclasses import dataclass


@dataclass(frozen=True)
class Mutant:
    """One changed reference answer, named so that a list of them survives edits elsewhere.

    ``function`` is the enclosing function or class (Python) or the record
    file (YAML); ``line`` and ``mutant`` are the changed source lines before
    and after (Python) or ``field: value`` before and after (YAML): no line
    numbers, so the name does not move when lines are added above it.
    ``files`` is the whole submission: ``(relative path, text)`` pairs.
    """

    exercise: str
    function: str
    operator: str
    line: str
    mutant: str
    files: tuple[tuple[str, str], ...]
    lineno: int = 0

    @property
    def key(self) -> tuple[str, str, str, str, str]:
        return (self.exercise, self.function, self.operator, self.line, self.mutant)
