"""Hidden checks (autograder only): another event, other counts at and beyond the boundary."""

import pytest

from civicdata.grading.calls import call, calls
from civicdata.grading.expect import expect_calls, expect_true

EVENT = "anti-ice-protest-2018-07"
VALUES = [0, 1, 3, 250, 2**31, -1, -7, "12", "0", " 5", 3.0, 0.5, -0.0, None]
FIELDS = call("fields(EventWithAttendance)")


def _accepts(value):
    return f"accepts(EventWithAttendance, {EVENT!r}, attendance={value!r})"


ACCEPTS = calls(*map(_accepts, VALUES))
READ_BACK = call(f"read_back(EventWithAttendance, {EVENT!r}, 'attendance')")
SCHEMA = call("field_schema(EventWithAttendance, 'attendance')")


def _expected(value):
    if value is None or (type(value) is int and value >= 0):
        return [True, value]
    return [False, None]


@pytest.mark.task("more_counts")
def test_more_counts(judge):
    expect_true("attendance" in judge(FIELDS), "EventWithAttendance has no `attendance` field yet")

    def taken(call):
        got = judge(call)
        return [True, got.get("attendance")] if got["accepted"] else [False, None]

    expect_calls(taken, {_accepts(value): _expected(value) for value in VALUES})
    expect_true(
        judge(READ_BACK) is None,
        f"{EVENT} gives no attendance, so it must read back as None",
    )
    schema = judge(SCHEMA) or {}
    minimums = [part.get("minimum") for part in schema.get("anyOf", [schema])]
    expect_true(0 in minimums, "the JSON Schema of `attendance` has minimum 0 (ge=0)")
