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

    1. Parse `day` with PartialDate.parse.
    2. Go through policy.statuses in the order the record lists them: the order
       in which they happened. Keep that order; do not re-sort by date (a
       status dated `2018-07` may follow one dated `2018-07-11`).
    3. A status is reached when its date's first day is on or before the
       first day of `day`.
    4. Return the last reached status as text (str(status.status)), or None
       when none was reached yet.
    """
    # TODO
    raise NotImplementedError("status_on")
