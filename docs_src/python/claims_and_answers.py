"""A claim, who made it, and the claims that answer it."""

import civicdata

dataset = civicdata.load()
claim = dataset.get("vega-links-krasner-approach-to-violence")
print(dataset.name_of(claim.speaker), f"({claim.kind}):", claim.quote[:60], "...")
print("about:", ", ".join(dataset.name_of(about) for about in claim.about))

for answer in dataset.responses_to(claim.id):
    print("  answered by", dataset.name_of(answer.speaker), f"({answer.kind})")

# responses_to follows `responds_to` backwards: each answer names what it answers.
answer = dataset.get("evans-link-to-shootings-absurd")
print(answer.id, "responds to", answer.responds_to)
