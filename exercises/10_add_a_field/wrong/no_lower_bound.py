"""A whole number, but no lower bound: -1 people attended."""

from pydantic import Field, StrictInt

from civicdata.models import Event


class EventWithAttendance(Event):
    """An event that may say how many people attended."""

    attendance: StrictInt | None = Field(
        default=None, description="How many people attended, where an article says so."
    )
