"""Order with ties and missing dates: claims about the PARS contract."""

import civicdata

dataset = civicdata.load()
claims = [c for c in dataset.claims if "pars-ice-access-contract" in c.about]

# First as loops: dated claims and undated claims apart, each sorted, then joined.
dated = []
undated = []
for claim in claims:
    if claim.date is None:
        undated.append(claim)
    else:
        dated.append(claim)
dated.sort(key=lambda c: (c.date.sort_key(), c.id))  # by date; the same date: by id
undated.sort(key=lambda c: c.id)
in_order = dated + undated

# The same order from one key: (undated?, date, id). False sorts before True.
one_key = sorted(claims, key=lambda c: (c.date is None, c.date.sort_key() if c.date else (), c.id))
print(in_order == one_key)

for claim in in_order:
    print(claim.date or "(undated)", claim.id)
