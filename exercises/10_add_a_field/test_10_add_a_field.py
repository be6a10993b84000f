"""The student's model is exercised in the judge's child; verdicts come back as data."""

import random

import pytest

from civicdata.grading.calls import call, calls
from civicdata.grading.expect import Known, expect_calls, expect_true
from civicdata.grading.generate import SEEDS

EVENT = "da-primary-debate-2021-05-05"  # no article gives its attendance
FIELDS = call("fields(EventWithAttendance)")
# Generated inputs (fixed seeds): whole numbers at the boundary and beyond, and
# values that only look like counts.
GOOD_POOL = [0, 1, 2, 7, 120, 99999, 10**9]
BAD_POOL = [-1, -2, -100, "120", "0", 2.5, 0.0, 1.0, ""]
GOOD = sorted({random.Random(f"10:{seed}").choice(GOOD_POOL) for seed in SEEDS} | {0, 120})
GOOD.append(None)  # said outright: no count given, as every event without one
BAD = [-1, "120", 2.5] + [
    value
    for value in dict.fromkeys(random.Random(f"10:{seed}:bad").choice(BAD_POOL) for seed in SEEDS)
    if value not in (-1, "120", 2.5)
]

MISCONCEPTIONS = {
    "zero_default": (
        "An event whose article gives no attendance now says 0 people attended: 0 is a "
        "count, not 'unknown'. Make the default None, so an absent count stays absent"
    ),
    "not_strict": (
        "The text '120' was accepted: a plain `int` field converts text to a number. "
        "StrictInt accepts only whole numbers written as numbers"
    ),
    "no_lower_bound": (
        "A negative attendance was accepted: add ge=0 to the Field so counts cannot go below zero"
    ),
    "zero_rejected": (
        "An attendance of 0 was rejected: nobody attending is still a count. gt=0 leaves 0 "
        "out; ge=0 (greater than or equal) lets it in"
    ),
    "none_refused": (
        "attendance=None was rejected: default=None is never checked, but a None given "
        "outright is, and StrictInt alone refuses it. Type the field StrictInt | None"
    ),
    "required_field": (
        "Every existing event is rejected: the field is required because it has no "
        "default. Give it default=None so events without an attendance still validate"
    ),
}


def _accepts(**changes):
    given = "".join(f", {name}={value!r}" for name, value in changes.items())
    return f"accepts(EventWithAttendance, {EVENT!r}{given})"


ACCEPTS_GOOD = calls(*(_accepts(attendance=good) for good in GOOD))
ACCEPTS_BAD = calls(*(_accepts(attendance=bad) for bad in BAD))
REJECTED = call("rejected_events(EventWithAttendance)")
NOT_GIVEN = call(f"read_back(EventWithAttendance, {EVENT!r}, 'attendance')")
UNKNOWN_FIELD = call(_accepts(unknown_field=1))
SCHEMA = call("field_schema(EventWithAttendance, 'attendance')")


def _has_field(judge):
    expect_true("attendance" in judge(FIELDS), "EventWithAttendance has no `attendance` field yet")


def _taken(judge):
    """The judge, answering whether each call's event was accepted (and read back)."""

    def answer(shown):
        got = judge(shown.removesuffix(" (accepted, read back)"))
        return [got["accepted"], got.get("attendance")] if got["accepted"] else [False, None]

    return answer


def _answers(accepted, values):
    return {
        _accepts(attendance=v) + " (accepted, read back)": [True, v]
        if accepted(v)
        else [False, None]
        for v in values
    }


def _count(value):
    return type(value) is int and value >= 0


def _right(value):
    return value is None or _count(value)


@pytest.mark.task("accepts_attendance")
def test_accepts_attendance(judge):
    _has_field(judge)
    expect_calls(
        _taken(judge),
        _answers(_right, GOOD),
        known=[
            Known(
                _answers(lambda v: v is None or (type(v) is int and v > 0), GOOD),
                MISCONCEPTIONS["zero_rejected"],
            ),
            Known(_answers(_count, GOOD), MISCONCEPTIONS["none_refused"]),
        ],
    )


@pytest.mark.task("rejects_bad_attendance")
def test_rejects_bad_attendance(judge):
    _has_field(judge)

    def accepted(shown):
        return judge(shown.removesuffix("['accepted']"))["accepted"]

    def answers(taken):
        return {_accepts(attendance=bad) + "['accepted']": taken(bad) for bad in BAD}

    expect_calls(
        accepted,
        answers(lambda v: False),
        known=[
            Known(
                answers(
                    lambda v: (
                        (isinstance(v, str) and v.strip().isdigit())
                        or (isinstance(v, float) and v.is_integer() and v >= 0)
                    )
                ),
                MISCONCEPTIONS["not_strict"],
            ),
            Known(answers(lambda v: type(v) is int), MISCONCEPTIONS["no_lower_bound"]),
        ],
    )


@pytest.mark.task("still_optional")
def test_existing_events_still_validate(judge, dataset):
    _has_field(judge)
    required = [f"{event.id}: Field required" for event in dataset.events]
    judge.expect(REJECTED, [], known=[Known(required, MISCONCEPTIONS["required_field"])])
    judge.expect(NOT_GIVEN, None, known=[Known(0, MISCONCEPTIONS["zero_default"])])
    expect_true(
        not judge(UNKNOWN_FIELD)["accepted"],
        "EventWithAttendance accepts unknown fields; keep the model's extra='forbid'",
    )


@pytest.mark.task("described")
def test_described_in_schema(judge):
    _has_field(judge)
    schema = judge(SCHEMA) or {}
    expect_true(
        bool(schema.get("description")), "give `attendance` a description: Field(description=...)"
    )
