"""Exercise 03, reference solution."""

from civicdata.dates import PartialDate
from civicdata.models import Policy


def certainly_before(a: str, b: str) -> bool:
    """True when every day date `a` may mean comes before every day `b` may mean."""
    return PartialDate.parse(a).last_day < PartialDate.parse(b).first_day


def status_on(policy: Policy, day: str) -> str | None:
    """The policy's status on `day`: the last status reached by then, or None."""
    when = PartialDate.parse(day)
    reached = [s for s in policy.statuses if s.date.first_day <= when.first_day]
    return str(reached[-1].status) if reached else None
