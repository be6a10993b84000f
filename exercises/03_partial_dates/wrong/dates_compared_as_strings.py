"""A common mistake: comparing partial dates as text.

expect: certainly_before fails with "Partial dates are intervals, not text"
"""

from civicdata.dates import PartialDate
from civicdata.models import Policy


def certainly_before(a: str, b: str) -> bool:
    return a < b


def status_on(policy: Policy, day: str) -> str | None:
    when = PartialDate.parse(day)
    reached = [s for s in policy.statuses if s.date.first_day <= when.first_day]
    return str(reached[-1].status) if reached else None
