"""Typing the field StrictInt with default=None: the default is never validated, so it
looks optional, but an attendance given outright as None is refused."""

from pydantic import Field, StrictInt

from civicdata.models import Event


class EventWithAttendance(Event):
    """An event that may say how many people attended."""

    attendance: StrictInt = Field(
        default=None, ge=0, description="How many people attended, where an article says so."
    )
