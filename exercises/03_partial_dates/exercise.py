"""Exercise 03: partial dates, and what was in effect on a date."""

from civicdata.dates import PartialDate
from civicdata.models import Policy


def certainly_before(a: str, b: str) -> bool:
    """True when every day date `a` may mean comes before every day `b` may mean.

    certainly_before("2018-06", "2018-07-11") is True;
    certainly_before("2018", "2018-06-15") is False (2018 contains June 15).
    """
    # TODO: parse both with PartialDate.parse and compare their days.
    raise NotImplementedError("certainly_before")


def status_on(policy: Policy, day: str) -> str | None:
    """The policy's status on `day`: the last status reached by then, or None.

    A status counts as reached when its date's first day is on or before the
    first day of `day`. Statuses are listed oldest first.
    """
    # TODO
    raise NotImplementedError("status_on")
