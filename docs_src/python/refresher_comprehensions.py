"""A list comprehension is a loop that builds a list, written in one line."""

claims = [
    {"id": "krasner-no-renewal", "kind": "pledge", "speaker": "larry-krasner"},
    {"id": "vega-on-ice", "kind": "allegation", "speaker": "carlos-vega"},
    {"id": "krasner-protect-victims", "kind": "pledge", "speaker": "larry-krasner"},
]

# The loop you know:
pledges = []
for claim in claims:
    if claim["kind"] == "pledge":
        pledges.append(claim["id"])
print(pledges)

# The same list as a comprehension: [what to keep  for each item  if a test passes]
pledges = [claim["id"] for claim in claims if claim["kind"] == "pledge"]
print(pledges)

# A set comprehension keeps each value once; sum() takes a generator (no brackets).
print(sorted({claim["speaker"] for claim in claims}))
print(sum(1 for claim in claims if claim["speaker"] == "larry-krasner"))
