"""A plain int, which Pydantic fills from the text "120" without complaint."""

from pydantic import Field

from civicdata.models import Event


class EventWithAttendance(Event):
    """An event that may say how many people attended."""

    attendance: int | None = Field(
        default=None, ge=0, description="How many people attended, where an article says so."
    )
