"""A default of 0 for a count the article may not give: 0 claims nobody came."""

from pydantic import Field, StrictInt

from civicdata.models import Event


class EventWithAttendance(Event):
    """An event that may say how many people attended."""

    attendance: StrictInt | None = Field(
        default=0, ge=0, description="How many people attended, where an article says so."
    )
