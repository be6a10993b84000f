"""Checks that generalize: every call on the real dataset and on generated ones.

A check lists its cases (:func:`cases`): a call template with ``{data}``
where the dataset goes, run once on the real dataset with the arguments a
student reads about and once per generated dataset (:mod:`.generate`) with
arguments the generator chose. The grader computes every expected value
itself, with the check's own reference code, on the very dataset the child
built from the same ``(family, seed)``; nothing expected is ever sent to the
child.

When an answer differs on a generated dataset, :meth:`Cases.check` shrinks
that dataset: it asks the student's code again, in a new child
(``judge.ask``), on copies with records left out (``generated('02', 7,
drop=(3, 5))``), in rounds, keeping the largest deletion that still shows
the difference. The message then shows that smallest dataset in a few lines,
the call, what came back and what was expected. A misconception
(:class:`Known`) is named only when its own code reproduces the student's
answer to every call of the check, the shown dataset included.
"""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterable, Sequence
from dataclasses import dataclass
from typing import Any

from ..dataset import Dataset
from .calls import Declared
from .expect import Mismatch, _difference, _same, failure_kind, show
from .generate import build, listed, nested_codes, plan

NOT_WRITTEN = "is not written yet"  # child.describe's words for a stub's NotImplementedError
# judge.run's words for a call it did not make: an earlier call of the same function was
# stopped by the time limit, so this one would be too.
NOT_RUN = "not run: an earlier call of the same function"
SHOWN_LINES = 4  # wrong answers shown one per line; the rest are counted
SHRINK_ROUNDS = 8
SHRINK_SECONDS = 8.0
# "0": show the first differing generated dataset as it is, unshrunk. Only a score is
# wanted then (mutation testing grades hundreds of mutants); a student always gets both.
SHRINK_VARIABLE = "CIVICDATA_GRADE_SHRINK"
BORING = {"citations", "quote", "summary", "title", "public_figure", "ocd_id", "rule", "file"}


@dataclass(frozen=True)
class Case:
    """One call: a template, the dataset it runs on, and the arguments."""

    template: str  # "claims_by_speaker({data}, {0!r})"
    args: tuple[Any, ...] = ()
    family: str | None = None  # None: the real dataset
    seed: int | None = None

    def data(self, drop: Sequence[int] = ()) -> str:
        if self.family is None:
            return "dataset"
        dropped = f", drop={tuple(drop)!r}" if drop else ""
        return f"generated({self.family!r}, {self.seed}{dropped})"

    def call(self, drop: Sequence[int] = ()) -> str:
        return self.template.format(*self.args, data=self.data(drop))

    def generated(self) -> tuple[str, int]:
        """The ``(family, seed)`` of a generated case; asking the real one is a bug."""
        if self.family is None or self.seed is None:
            raise ValueError(f"{self.call()} runs on the real dataset, which is not generated")
        return self.family, self.seed

    def dataset(self, real: Dataset, drop: Sequence[int] = ()) -> Dataset:
        if self.family is None:
            return real
        return build(real.project, *self.generated(), drop)

    @property
    def size(self) -> int:
        return 0 if self.family is None else len(plan(self.family, self.seed).items)


@dataclass(frozen=True)
class Known:
    """A misconception as code: what it answers, and what that answer reveals."""

    explanation: str
    answer: Callable[..., Any]  # same signature as the reference: (dataset, *args)


def cases(
    template: str,
    real: Iterable[tuple[Any, ...]] = (),
    family: str | None = None,
    seeds: Iterable[int] = (),
    generated: Callable[[Any], Iterable[tuple[Any, ...]]] | None = None,
) -> Cases:
    """The real dataset with each of ``real``, then each seed's generated dataset
    with the arguments ``generated(plan)`` picks; generated datasets smallest first."""
    found = [Case(template, tuple(args)) for args in real]
    made = []
    if family is not None and generated is not None:
        for seed in seeds:
            for args in generated(plan(family, seed)):
                made.append(Case(template, tuple(args), family, seed))
    made.sort(key=lambda case: case.size)
    return Cases(found + made)


def _answer_of(reference: Callable[..., Any], data: Dataset, args: tuple[Any, ...]) -> Any:
    value = reference(data, *args)
    return list(value) if isinstance(value, tuple) else value


class Cases(Declared):
    """The cases of one check, and the comparison that teaches.

    At a check module's top level, its calls are declared (:mod:`.calls`):
    the plugin asks them all before the check runs.
    """

    def __init__(self, found: list[Case]) -> None:
        self.found = found

    def __add__(self, other: Cases) -> Cases:
        return Cases(self.found + other.found)

    @property
    def calls(self) -> list[str]:
        return [case.call() for case in self.found]

    def check(
        self,
        judge: Any,
        dataset: Dataset,
        reference: Callable[..., Any],
        known: Iterable[Known] = (),
        hint: str | None = None,
        shown: Callable[[Any], str] | None = None,
        citations: bool = False,
    ) -> None:
        """Fail with a teaching message unless every case answers as ``reference`` does.

        ``shown`` turns a returned value into what the message shows (default:
        the value); ``citations`` shows each record's cited sources in a
        counterexample (for tasks about citations).
        """
        got: dict[Case, Any] = {}
        errors: dict[Case, str] = {}
        wrong: list[Case] = []
        expected: dict[Case, Any] = {}
        for case in self.found:
            answer = judge.answer(case.call())
            expected[case] = _answer_of(reference, case.dataset(dataset), case.args)
            if not answer.ok:
                errors[case] = str(answer.error)
                wrong.append(case)
                continue
            got[case] = answer.value
            if not _same(answer.value, expected[case]):
                wrong.append(case)
        if not wrong:
            return
        show_value = shown or show
        misconception = None
        if any(case in got for case in wrong):  # a wrong value, not only errors, to explain
            misconception = next(
                (k for k in known if all(_reproduces(k, c, dataset, got[c]) for c in got)), None
            )
        lines: list[str] = []
        _error_lines(
            lines, [c for c in wrong if c.family is None], errors, got, expected, show_value
        )
        made = [c for c in wrong if c.family is not None]
        told = {failure_kind(errors[c]) for c in wrong if c.family is None and c in errors}
        generated = {(c.family, c.seed) for c in self.found if c.family is not None}
        unwritten = all(NOT_WRITTEN in errors.get(c, "") for c in made)
        if made and unwritten and not told:  # a stub: there is nothing to shrink
            lines.append(f"{made[0].call()} failed: {errors[made[0]]}")
        # A generated call not run because its function was stopped by the time limit has
        # no counterexample to show: asking it again would wait out the limit once more.
        if made and (
            unwritten
            or all(
                c in errors and (failure_kind(errors[c]) in told or errors[c].startswith(NOT_RUN))
                for c in made
            )
        ):
            differing = {(c.family, c.seed) for c in made}
            lines.append(
                f"It fails the same way on {len(differing)} of the {len(generated)} "
                "generated datasets this task is checked on."
            )
            made = []
        if made:
            case = made[0]
            try:
                lines.append(
                    _counterexample(
                        judge, dataset, case, reference, misconception, show_value, citations
                    )
                )
            except Exception as error:  # the shrink's own child failed: show the case unshrunk
                lines.append(f"(the counterexample could not be shrunk: {error})")
                _error_lines(lines, [case], errors, got, expected, show_value)
            differing = {(c.family, c.seed) for c in made}
            lines.append(
                f"Your code differs on {len(differing)} of the {len(generated)} generated "
                "datasets this task is checked on."
            )
        if misconception is not None:
            lines.append(misconception.explanation)
        if hint:
            lines.append(hint)
        raise Mismatch("\n".join(lines))


def _reproduces(
    known: Known, case: Case, dataset: Dataset, got: Any, drop: Sequence[int] = ()
) -> bool:
    try:
        return _same(got, _answer_of(known.answer, case.dataset(dataset, drop), case.args))
    except Exception:  # a misconception's code may not apply to this dataset
        return False


def _error_lines(
    lines: list[str],
    wrong: list[Case],
    errors: dict[Case, str],
    got: dict[Case, Any],
    expected: dict[Case, Any],
    show_value: Callable[[Any], str],
) -> None:
    """One line per wrong answer; one error told once, with how many calls it failed."""
    told: dict[str, list[str]] = {}
    shown = 0
    for case in wrong:
        if case in errors:
            told.setdefault(failure_kind(errors[case]), []).append(
                f"{case.call()} failed: {errors[case]}"
            )
            continue
        line = (
            f"{case.call()} returned {show_value(got[case])}, expected {show_value(expected[case])}"
        )
        shown += 1
        if shown <= SHOWN_LINES:
            lines.append(line + _difference(got[case], expected[case]))
    if shown > SHOWN_LINES:
        lines.append(f"… and {shown - SHOWN_LINES} more calls returned an unexpected answer")
    for calls in told.values():
        more = f" (and {len(calls) - 1} more calls failed the same way)" if len(calls) > 1 else ""
        first, _, code = calls[0].partition("\n")
        lines.append(first + more + (f"\n{code}" if code else ""))


def _counterexample(
    judge: Any,
    dataset: Dataset,
    case: Case,
    reference: Callable[..., Any],
    misconception: Known | None,
    show_value: Callable[[Any], str],
    citations: bool,
) -> str:
    """Shrink ``case``'s dataset while the answer still differs; describe what is left."""
    items = plan(*case.generated()).items
    droppable = [i for i, item in enumerate(items) if item.kind != "source"]
    drop: tuple[int, ...] = ()
    answer = first = judge.answer(case.call())
    start = time.monotonic()
    stopped = getattr(getattr(judge, "run", None), "stopped", None)
    rounds = 0 if stopped or os.environ.get(SHRINK_VARIABLE) == "0" else SHRINK_ROUNDS
    for _ in range(rounds):  # a child that stopped is not asked again
        if time.monotonic() - start > SHRINK_SECONDS:
            break
        left = [i for i in droppable if i not in drop and _present(case, items[i].id, drop)]
        left += [
            code for i in left for code in nested_codes(items, i) if code not in drop
        ]  # then the entries of what is left: a vote's positions, a policy's statuses
        candidates = []
        size = max(1, len(left) // 2)
        while True:
            for begin in range(0, len(left), size):
                candidates.append(tuple(sorted({*drop, *left[begin : begin + size]})))
            if size == 1:
                break
            size = max(1, size // 2)
        candidates = [c for c in dict.fromkeys(candidates) if _applies(case, dataset, reference, c)]
        if not candidates:
            break
        try:
            answers = judge.ask([case.call(c) for c in candidates])
        except LookupError:  # no new child: the exercise's time for counterexamples is used up
            break
        still = [
            c
            for c in candidates
            if _still_differs(
                case, dataset, reference, misconception, first, answers[case.call(c)], c
            )
        ]
        if not still:
            break
        drop = min(still, key=lambda c: (len(_kept_ids(case, c)), -len(c)))
        answer = answers[case.call(drop)]
    expected = _answer_of(reference, case.dataset(dataset, drop), case.args)
    records = listed(*case.generated(), drop)
    relevant = _relevant(records, citations)
    hidden = "; its sources not shown" if len(relevant) < len(records) else ""
    shown_records = "\n".join(f"  {_record_line(item, citations)}" for item in relevant)
    outcome = (
        f"failed: {answer.error}"
        if not answer.ok
        else f"returned {show_value(answer.value)}, expected {show_value(expected)}"
    )
    return (
        f"A counterexample, a generated dataset of {len(records)} records "
        f"({case.data(drop)}{hidden}):\n{shown_records}\n{case.call(drop)} {outcome}\n"
        f"(To try it: from civicdata.grading.generate import build; "
        f"{case.data(drop).replace('generated(', 'build(dataset.project, ', 1)})"
    )


def _kept_ids(case: Case, drop: Sequence[int]) -> list[str]:
    return [item.id for item in listed(*case.generated(), drop)]


def _plan_ids(case: Case) -> set[str]:
    return {item.id for item in plan(*case.generated()).items}


def _present(case: Case, record_id: str, drop: Sequence[int]) -> bool:
    return record_id in _kept_ids(case, drop)


def _applies(case: Case, dataset: Dataset, reference: Callable[..., Any], drop: tuple) -> bool:
    """The ids the call names are still there, and the reference can answer it."""
    kept = set(_kept_ids(case, drop))
    named = {arg for arg in case.args if isinstance(arg, str)}
    if named & _plan_ids(case) - kept:
        return False
    try:
        _answer_of(reference, case.dataset(dataset, drop), case.args)
    except Exception:
        return False
    return True


def _still_differs(
    case: Case,
    dataset: Dataset,
    reference: Callable[..., Any],
    misconception: Known | None,
    original: Any,
    answer: Any,
    drop: tuple,
) -> bool:
    expected = _answer_of(reference, case.dataset(dataset, drop), case.args)
    if not answer.ok or not original.ok:  # the same way of failing: an error, or a value
        return not answer.ok and not original.ok
    if _same(answer.value, expected):
        return False
    return misconception is None or _reproduces(misconception, case, dataset, answer.value, drop)


def _relevant(records: list, citations: bool) -> list:
    shown = [item for item in records if citations or item.kind != "source"]
    return shown or records


def _record_line(item: Any, citations: bool) -> str:
    fields = []
    for key, value in item.data.items():
        if key == "id" or (key in BORING and not (citations and key == "citations")):
            continue
        fields.append(f"{key}={_compact(value, citations)}")
    return f"{item.kind} {item.id}: " + ", ".join(fields)


def _compact(value: Any, citations: bool) -> str:
    if isinstance(value, dict):
        if set(value) == {"source", "quote"}:
            return value["source"]
        parts = [
            f"{k}={_compact(v, citations)}"
            for k, v in value.items()
            if k == "title" or k not in BORING or (citations and k == "citations")
        ]
        return "{" + ", ".join(parts) + "}"
    if isinstance(value, list):
        return "[" + ", ".join(_compact(v, citations) for v in value) + "]"
    return str(value)


def all_of(*checks: Callable[[], None]) -> None:
    """Run every check; fail once with all their messages (a task checking several calls)."""
    lines = []
    for check in checks:
        try:
            check()
        except Mismatch as error:
            lines.append(str(error))
    if lines:
        raise Mismatch("\n".join(lines))
