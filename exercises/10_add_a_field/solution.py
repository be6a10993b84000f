"""Exercise 10, reference solution."""

from pydantic import Field, StrictInt

from civicdata.models import Event


class EventWithAttendance(Event):
    """An event that may say how many people attended."""

    attendance: StrictInt | None = Field(
        default=None, ge=0, description="How many people attended, where an article says so."
    )
