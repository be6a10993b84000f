import pytest
from pydantic import ValidationError

from civicdata.grading.expect import Mismatch, expect_equal, expect_true


def _event(dataset):
    return dataset.get("da-primary-debate-2021-05-05").model_dump(mode="json", exclude_none=True)


def _model(submission):
    model = submission.EventWithAttendance
    expect_true(
        "attendance" in model.model_fields, "EventWithAttendance has no `attendance` field yet"
    )
    return model


@pytest.mark.task("accepts_attendance")
def test_accepts_attendance(submission, dataset):
    model = _model(submission)
    event = model.model_validate({**_event(dataset), "attendance": 120})
    expect_equal("EventWithAttendance(..., attendance=120).attendance", event.attendance, 120)


@pytest.mark.task("rejects_bad_attendance")
@pytest.mark.parametrize("bad", [-1, "120", 2.5])
def test_rejects_bad_attendance(submission, dataset, bad):
    model = _model(submission)
    try:
        model.model_validate({**_event(dataset), "attendance": bad})
    except ValidationError:
        return
    raise Mismatch(
        f"EventWithAttendance accepted attendance={bad!r}; use StrictInt with ge=0 so only "
        "whole, non-negative numbers pass"
    )


@pytest.mark.task("still_optional")
def test_existing_events_still_validate(submission, dataset):
    model = _model(submission)
    for event in dataset.events:
        try:
            model.model_validate(event.model_dump(mode="json", exclude_none=True))
        except ValidationError as error:
            raise Mismatch(f"{event.id} no longer validates: {error.errors()[0]['msg']}") from None
    expect_true("nmae" not in model.model_fields, "")
    with pytest.raises(ValidationError):
        model.model_validate({**_event(dataset), "unknown_field": 1})


@pytest.mark.task("described")
def test_described_in_schema(submission):
    model = _model(submission)
    schema = model.model_json_schema()["properties"]["attendance"]
    expect_true(
        bool(schema.get("description")), "give `attendance` a description: Field(description=...)"
    )
