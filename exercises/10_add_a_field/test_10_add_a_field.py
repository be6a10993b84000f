"""The student's model is exercised in the judge's child; verdicts come back as data."""

import pytest

from civicdata.grading.expect import Mismatch, expect_equal, expect_true

EVENT = "da-primary-debate-2021-05-05"
FIELDS = "fields(EventWithAttendance)"
BAD = [-1, "120", 2.5]


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
@pytest.mark.parametrize("bad", BAD)
def test_rejects_bad_attendance(judge, bad):
    _has_field(judge)
    if judge(_accepts(attendance=bad))["accepted"]:
        raise Mismatch(
            f"EventWithAttendance accepted attendance={bad!r}; use StrictInt with ge=0 so only "
            "whole, non-negative numbers pass"
        )


@pytest.mark.task("still_optional")
@pytest.mark.calls(FIELDS, "rejected_events(EventWithAttendance)", _accepts(unknown_field=1))
def test_existing_events_still_validate(judge):
    _has_field(judge)
    failing = judge("rejected_events(EventWithAttendance)")
    if failing:
        raise Mismatch(f"{failing[0].split(':')[0]} no longer validates: {failing[0]}")
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
