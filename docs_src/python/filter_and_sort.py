"""Filter and sort: Larry Krasner's pledges, oldest first."""

import civicdata

dataset = civicdata.load()
pledges = [c for c in dataset.claims if c.speaker == "larry-krasner" and c.kind == "pledge"]
pledges.sort(key=lambda claim: claim.date.sort_key())  # dates are intervals: sort by first day

for claim in pledges:
    print(claim.date, claim.quote[:70])
