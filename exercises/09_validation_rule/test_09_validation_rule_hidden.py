"""Hidden checks (autograder only): other claims moved in time, and 20 hidden generated datasets."""

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.calls import calls
from civicdata.grading.counterexample import cases
from civicdata.grading.expect import Mismatch, expect_calls
from civicdata.grading.generate import HIDDEN_SEEDS

CLAIM = "irli-favoritism-undermines-justice"  # linked to an event dated 2024
SHIFTS = ["2023", "2023-12-31", "2024-01", "2024", "2025"]
FILES = "the files flagged by "


def _shifted(date):
    return f"problems(claim_not_before_its_event, shift='{CLAIM}@{date}')"


SHIFTED = calls(*map(_shifted, SHIFTS))


def _flagged(data, shift=None):
    files = []
    for claim in data.claims:
        if claim.date is None or claim.event is None or claim.event not in data:
            continue
        date = PartialDate.parse(shift) if shift and claim.id == CLAIM else claim.date
        if date.certainly_before(data.get(claim.event).date):
            files.append(data.path_of(claim.id).name)
    return sorted(files)


class _FilesOf:
    """The judge, answering with the sorted files a rule's problems name."""

    def __init__(self, judge):
        self.judge = judge
        self.run = judge.run

    def answer(self, call):
        return _as_files(self.judge.answer(call))

    def ask(self, calls):
        return {call: _as_files(answer) for call, answer in self.judge.ask(calls).items()}


def _as_files(answer):
    if not answer.ok:
        return answer
    return type(answer)(value=sorted(p["file"] for p in answer.value))


GENERATED = cases(
    "problems(claim_not_before_its_event, data={data})",
    family="09",
    seeds=HIDDEN_SEEDS,
    generated=lambda p: [()],
)


@pytest.mark.task("more_claims")
def test_more_claims(judge, dataset):
    lines = []
    for check in (
        lambda: expect_calls(
            lambda call: sorted(p["file"] for p in judge(call.removeprefix(FILES))),
            {FILES + _shifted(d): _flagged(dataset, d) for d in SHIFTS},
        ),
        lambda: GENERATED.check(_FilesOf(judge), dataset, _flagged),
    ):
        try:
            check()
        except Mismatch as error:
            lines.append(str(error))
    locs = {tuple(p["loc"]) for d in SHIFTS for p in judge(_shifted(d))}
    if locs - {("date",)}:
        lines.append(f"a problem points at {sorted(locs - {('date',)})}, not at ('date',)")
    if lines:
        raise Mismatch("\n".join(lines))
