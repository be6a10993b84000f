"""Assuming every claim's event exists: index.by_id[claim.event] raises KeyError when
the reference is broken."""

from collections.abc import Iterator

from civicdata.checks import Index
from civicdata.problems import Problem


def claim_not_before_its_event(index: Index) -> Iterator[Problem]:
    """Yield a Problem for each claim dated certainly before its event."""
    for item in index.of_kind("claim"):
        claim = item.record
        if claim.date is None or claim.event is None:
            continue
        event = index.by_id[claim.event].record
        if claim.date.certainly_before(event.date):
            yield Problem(
                item.path,
                f"claim dated {claim.date}, before its event `{event.id}` ({event.date})",
                None,
                ("date",),
            )
