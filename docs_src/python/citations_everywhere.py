"""Citations nested anywhere in a record: civicdata.walk.links finds them all."""

import civicdata
from civicdata.walk import links

dataset = civicdata.load()
krasner = dataset.get("larry-krasner")
print("citations on the record itself:", len(krasner.citations))

# links(record).citations also walks roles, statuses, positions ...:
# a list of (where in the record, citation) pairs.
for location, citation in links(krasner).citations:
    print(location, citation.source)
