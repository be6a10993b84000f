"""A field without a default, which Pydantic treats as required for every event."""

from pydantic import Field, StrictInt

from civicdata.models import Event


class EventWithAttendance(Event):
    """An event that may say how many people attended."""

    attendance: StrictInt | None = Field(
        ge=0, description="How many people attended, where an article says so."
    )
