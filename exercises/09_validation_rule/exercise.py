"""Exercise 09: a new cross-record validation rule.

Rule: a claim linked to an event (its `event` field) must not be dated
certainly before that event. Yield one Problem per offending claim, pointing
at the claim's `date` field, like the checks in civicdata/checks/.
"""

from collections.abc import Iterator

from civicdata.checks import Index
from civicdata.problems import Problem


def claim_not_before_its_event(index: Index) -> Iterator[Problem]:
    """Yield a Problem for each claim dated certainly before its event."""
    # TODO: loop over index.of_kind("claim"); find each claim's event in index.by_id.
    yield from ()
    raise NotImplementedError("claim_not_before_its_event")
