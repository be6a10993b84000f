"""gt=0 where ge=0 is meant: an event nobody attended (0) is rejected."""

from pydantic import Field, StrictInt

from civicdata.models import Event


class EventWithAttendance(Event):
    """An event that may say how many people attended."""

    attendance: StrictInt | None = Field(
        default=None, gt=0, description="How many people attended, where an article says so."
    )
