"""The student's model is exercised in the judge's child; verdicts come back as data."""

import pytest

from civicdata.grading.expect import Known, expect_calls, expect_equal, expect_true

EVENT = "da-primary-debate-2021-05-05"  # no article gives its attendance
FIELDS = "fields(EventWithAttendance)"
BAD = [-1, "120", 2.5]
REJECTED = "rejected_events(EventWithAttendance)"
NOT_GIVEN = f"read_back(EventWithAttendance, {EVENT!r}, 'attendance')"

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
    "required_field": (
        "Every existing event is rejected: the field is required because it has no "
        "default. Give it default=None so events without an attendance still validate"
    ),
}


def _accepts(**changes):
    given = "".join(f", {name}={value!r}" for name, value in changes.items())
    return f"accepts(EventWithAttendance, {EVENT!r}{given})"


def _has_field(judge):
    expect_true("attendance" in judge(FIELDS), "EventWithAttendance has no `attendance` field yet")


@pytest.mark.task("accepts_attendance")
@pytest.mark.calls(FIELDS, _accepts(attendance=120))
def test_accepts_attendance(judge):
    _has_field(judge)
    got = judge(_accepts(attendance=120))
    expect_equal(
        "EventWithAttendance(..., attendance=120).attendance",
        got.get("attendance") if got["accepted"] else f"rejected: {got['error']}",
        120,
    )


@pytest.mark.task("rejects_bad_attendance")
@pytest.mark.calls(FIELDS, *(_accepts(attendance=bad) for bad in BAD))
def test_rejects_bad_attendance(judge):
    _has_field(judge)

    def accepted(shown):
        return judge(shown.removesuffix("['accepted']"))["accepted"]

    def answers(taken):
        return {_accepts(attendance=bad) + "['accepted']": bad in taken for bad in BAD}

    expect_calls(
        accepted,
        answers(()),
        known=[
            Known(answers(("120",)), MISCONCEPTIONS["not_strict"]),
            Known(answers((-1,)), MISCONCEPTIONS["no_lower_bound"]),
        ],
    )


@pytest.mark.task("still_optional")
@pytest.mark.calls(FIELDS, REJECTED, NOT_GIVEN, _accepts(unknown_field=1))
def test_existing_events_still_validate(judge, dataset):
    _has_field(judge)
    required = [f"{event.id}: Field required" for event in dataset.events]
    judge.expect(REJECTED, [], known=[Known(required, MISCONCEPTIONS["required_field"])])
    judge.expect(NOT_GIVEN, None, known=[Known(0, MISCONCEPTIONS["zero_default"])])
    expect_true(
        not judge(_accepts(unknown_field=1))["accepted"],
        "EventWithAttendance accepts unknown fields; keep the model's extra='forbid'",
    )


@pytest.mark.task("described")
@pytest.mark.calls(FIELDS, "field_schema(EventWithAttendance, 'attendance')")
def test_described_in_schema(judge):
    _has_field(judge)
    schema = judge("field_schema(EventWithAttendance, 'attendance')") or {}
    expect_true(
        bool(schema.get("description")), "give `attendance` a description: Field(description=...)"
    )
