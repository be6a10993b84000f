"""Comparing a status's first day with the LAST day of the day asked about ('2018' = Dec 31)."""

from civicdata.dates import PartialDate
from civicdata.models import Policy


def certainly_before(a: str, b: str) -> bool:
    return PartialDate.parse(a).last_day < PartialDate.parse(b).first_day


def status_on(policy: Policy, day: str) -> str | None:
    when = PartialDate.parse(day)
    reached = [s for s in policy.statuses if s.date.first_day <= when.last_day]
    return str(reached[-1].status) if reached else None
