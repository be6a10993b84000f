"""Filter and sort: Larry Krasner's pledges, oldest first, then the undated ones."""

import civicdata

dataset = civicdata.load()
pledges = [c for c in dataset.claims if c.speaker == "larry-krasner" and c.kind == "pledge"]
# Reported speech the article does not date has no date: keep those apart.
dated = [c for c in pledges if c.date is not None]
undated = [c for c in pledges if c.date is None]
dated.sort(key=lambda claim: claim.date.sort_key())  # dates are intervals: sort by first day

for claim in dated + undated:
    print(claim.date or "undated", claim.quote[:70])
