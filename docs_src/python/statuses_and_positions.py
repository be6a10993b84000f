"""Values nested inside records: a policy's statuses and a vote's positions."""

import civicdata
from civicdata.models import Policy


def status_history(policy: Policy) -> list[str]:
    """Each status with its date, in the order the record lists them (oldest first)."""
    return [f"{change.date} {change.status}" for change in policy.statuses]


dataset = civicdata.load()
contract = dataset.get("pars-ice-access-contract")
print(contract.title)
for line in status_history(contract):
    print("  ", line)

vote = dataset.get("pars-contract-renewal-2018")
for stated in vote.positions:  # a voter may state a position more than once
    print(stated.date or "(undated)", dataset.name_of(stated.voter), "->", stated.position)
