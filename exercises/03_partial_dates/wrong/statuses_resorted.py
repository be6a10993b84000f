"""Sorting the statuses by date first, though the record lists them in the order they happened."""

from civicdata.dates import PartialDate
from civicdata.models import Policy


def certainly_before(a: str, b: str) -> bool:
    return PartialDate.parse(a).last_day < PartialDate.parse(b).first_day


def status_on(policy: Policy, day: str) -> str | None:
    when = PartialDate.parse(day)
    ordered = sorted(policy.statuses, key=lambda s: s.date.sort_key())
    reached = [s for s in ordered if s.date.first_day <= when.first_day]
    return str(reached[-1].status) if reached else None
