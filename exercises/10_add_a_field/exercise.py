"""Exercise 10: add a field to a model.

Define EventWithAttendance: an Event with an optional `attendance` field,
a whole number of people, never negative, with a description.
"""

from civicdata.models import Event


class EventWithAttendance(Event):
    """An event that may say how many people attended."""

    # TODO: add the `attendance` field.
