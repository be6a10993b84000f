"""A claim, who made it, and the claims that answer it."""

import civicdata

dataset = civicdata.load()
claim = dataset.get("vega-links-krasner-approach-to-violence")
print(dataset.name_of(claim.speaker), f"({claim.kind}):", claim.quote[:60], "...")

for answer in dataset.responses_to(claim.id):
    print("  answered by", dataset.name_of(answer.speaker), f"({answer.kind})")
