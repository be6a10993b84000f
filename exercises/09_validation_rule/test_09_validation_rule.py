"""The student's rule runs in the judge's child on the dataset's index; problems come back as data."""

import pytest

from civicdata.dates import PartialDate
from civicdata.grading.calls import call, calls
from civicdata.grading.counterexample import Known, cases
from civicdata.grading.expect import Known as KnownOutput
from civicdata.grading.expect import Mismatch, expect_calls
from civicdata.grading.generate import SEEDS

CLAIM = "krasner-pledges-no-vote-on-pars"  # said at the statement of 2018-07-11
CLEAN = call("problems(claim_not_before_its_event)")
# The dataset with CLAIM's event left out: CLAIM's `event` then names no record, as in a
# dataset being validated (another check reports the broken reference; this rule skips it).
DANGLING = call("problems(claim_not_before_its_event, without='krasner-pars-statement-2018-07-11')")
SHIFTS = ["2018-06", "2018-07", "2018", "2018-07-10", "2018-07-11"]
FILES = "the files flagged by "

MISCONCEPTIONS = {
    "dates_compared_as_text": (
        "These are the claims whose date sorts before the event's as text: '2018' < "
        "'2018-07-11' as strings, yet a claim dated 2018 may well be from July 11. Flag only "
        "claim.date.certainly_before(event.date)"
    ),
    "same_day_flagged": (
        "Claims dated the very day of their event are flagged: a claim made at the event is "
        "not before it. certainly_before means the claim's last day < the event's first day"
    ),
    "event_file_blamed": (
        "The problem names the event's file: the claim's date is what is wrong, so report "
        "the claim's file (item.path of the claim)"
    ),
    "event_field_blamed": (
        "The problem points at the claim's `event` field: the reference is fine, the date "
        "is what is wrong, so point at ('date',)"
    ),
    "loc_not_a_tuple": (
        "The problem points at the letters of 'date': ('date') is the text 'date' in "
        "parentheses, not a tuple. A one-item tuple needs its comma: ('date',)"
    ),
    "dangling_event_crashes": (
        "Your rule stops with an error when a claim's event is not in the dataset: a rule "
        "runs on datasets being validated, where a reference may be broken (another check "
        "reports that). Skip the claim when claim.event is not in index.by_id"
    ),
}


def _shifted(date):
    return f"problems(claim_not_before_its_event, shift='{CLAIM}@{date}')"


SHIFTED = calls(*map(_shifted, SHIFTS))


def _flagged(dataset, before, shift=None, blame="claim"):
    """The files a rule comparing (claim date, event date) with ``before`` would flag."""
    files = []
    for claim in dataset.claims:
        if claim.date is None or claim.event is None:
            continue
        date = PartialDate.parse(shift) if shift and claim.id == CLAIM else claim.date
        if before(date, dataset.get(claim.event).date):
            files.append(dataset.path_of(claim.id if blame == "claim" else claim.event).name)
    return sorted(files)


def _right(a, b):
    return a.certainly_before(b)


def _as_text(a, b):
    return str(a) < str(b)


def _same_day(a, b):
    return a.last_day <= b.first_day


def flagged(data, before=_right, blame="claim"):
    """The files a rule comparing (claim date, event date) with ``before`` flags in ``data``."""
    files = []
    for claim in data.claims:
        if claim.date is None or claim.event is None:
            continue
        if before(claim.date, data.get(claim.event).date):
            files.append(data.path_of(claim.id if blame == "claim" else claim.event).name)
    return sorted(files)


GENERATED = cases(
    "problems(claim_not_before_its_event, data={data})",
    family="09",
    seeds=SEEDS,
    generated=lambda p: [()],
)
KNOWN = [
    Known(MISCONCEPTIONS[name], lambda d, rule=rule, blame=blame: flagged(d, rule, blame))
    for rule, blame, name in [
        (_as_text, "claim", "dates_compared_as_text"),
        (_same_day, "claim", "same_day_flagged"),
        (_right, "event", "event_file_blamed"),
    ]
]


class _FilesOf:
    """The judge, answering with the sorted files a rule's problems name."""

    def __init__(self, judge):
        self.judge = judge

    def answer(self, call):
        return _as_files(self.judge.answer(call))

    def ask(self, calls):
        return {call: _as_files(answer) for call, answer in self.judge.ask(calls).items()}

    @property
    def run(self):
        return self.judge.run


def _as_files(answer):
    if not answer.ok:
        return answer
    return type(answer)(value=sorted(p["file"] for p in answer.value))


def _unambiguous(known):
    """Only misconceptions no other one shares an output with: one output, one diagnosis."""
    return [k for k in known if sum(o.output == k.output for o in known) == 1]


@pytest.mark.task("clean_dataset")
def test_no_false_alarms(judge, dataset):
    lines = []
    try:
        expect_calls(
            lambda call: sorted(p["file"] for p in judge(call.removeprefix(FILES))),
            {FILES + CLEAN: []},
            known=_unambiguous(
                [
                    KnownOutput({FILES + CLEAN: _flagged(dataset, rule)}, MISCONCEPTIONS[name])
                    for rule, name in [
                        (_as_text, "dates_compared_as_text"),
                        (_same_day, "same_day_flagged"),
                    ]
                ]
            ),
        )
    except Mismatch as error:
        lines.append(str(error))
    dangling = judge.answer(DANGLING)
    if not dangling.ok and not lines:  # it fails only when an event is missing: that is why
        lines.append(f"{DANGLING} failed: {dangling.error}")
        lines.append(MISCONCEPTIONS["dangling_event_crashes"])
    elif dangling.ok and dangling.value:
        files = sorted(p["file"] for p in dangling.value)
        lines.append(f"{DANGLING} flagged {files}, expected no problem")
    if lines:
        raise Mismatch("\n".join(lines))


@pytest.mark.task("catches_claim_before_event")
def test_catches_claim_before_event(judge, dataset):
    def answers(rule, blame="claim"):
        return {FILES + _shifted(d): _flagged(dataset, rule, d, blame) for d in SHIFTS}

    real = {_shifted(d): _flagged(dataset, _right, d) for d in SHIFTS}
    got = {}
    for shifted in real:
        answer = judge.answer(shifted)
        got[shifted] = sorted(p["file"] for p in answer.value) if answer.ok else None
    lines = []
    if got != real:  # the real dataset's what-ifs first
        try:
            expect_calls(
                lambda call: sorted(p["file"] for p in judge(call.removeprefix(FILES))),
                answers(_right),
                known=_unambiguous(
                    [
                        KnownOutput(answers(_as_text), MISCONCEPTIONS["dates_compared_as_text"]),
                        KnownOutput(answers(_same_day), MISCONCEPTIONS["same_day_flagged"]),
                        KnownOutput(answers(_right, "event"), MISCONCEPTIONS["event_file_blamed"]),
                    ]
                ),
            )
        except Mismatch as error:
            lines.append(str(error))
    try:
        GENERATED.check(_FilesOf(judge), dataset, flagged, known=KNOWN)
    except Mismatch as error:
        lines.append(str(error))
    if lines:
        raise Mismatch("\n".join(lines))


@pytest.mark.task("points_at_the_field")
def test_points_at_the_date_field(judge):
    """Only where each problem points counts here: which claims are flagged is another task."""
    found = judge(_shifted("2018-06"))
    shown = f"the loc of each problem of {_shifted('2018-06')}"
    locs = [p["loc"] for p in found]
    if not locs:
        raise Mismatch(f"{_shifted('2018-06')} returned no problem, so none points at a field")
    expect_calls(
        lambda _: sorted({tuple(loc) for loc in locs}),
        {shown: [("date",)]},
        known=[
            KnownOutput({shown: [("event",)]}, MISCONCEPTIONS["event_field_blamed"]),
            KnownOutput({shown: [tuple("date")]}, MISCONCEPTIONS["loc_not_a_tuple"]),
        ],
    )
