"""Comparing partial dates as text, as if "2018" < "2018-06-15" meant earlier."""

from civicdata.dates import PartialDate
from civicdata.models import Policy


def certainly_before(a: str, b: str) -> bool:
    return a < b


def status_on(policy: Policy, day: str) -> str | None:
    when = PartialDate.parse(day)
    reached = [s for s in policy.statuses if s.date.first_day <= when.first_day]
    return str(reached[-1].status) if reached else None
