"""Sorting with a key: by date, ties by id, undated last."""

claims = [
    {"id": "vega-on-ice", "date": "2021-05-05"},
    {"id": "krasner-protect-victims", "date": "2018-07-11"},
    {"id": "advocates-bristle", "date": None},
    {"id": "krasner-no-renewal", "date": "2018-07-11"},
    {"id": "appeal-on-krasner", "date": None},
]


# key= names a function that turns each item into the value to sort by.
def by_id(claim: dict) -> str:
    return claim["id"]


print([c["id"] for c in sorted(claims, key=by_id)])

# A lambda is the same small function without a name: lambda claim: claim["id"]
print([c["id"] for c in sorted(claims, key=lambda claim: claim["id"])])

# Tuples compare item by item: the second item only decides when the first ties.
print(("2018-07-11", "b") < ("2018-07-11", "c"), ("2018", "z") < ("2021", "a"))

# Date alone cannot sort these: None cannot be compared with a str.
try:
    sorted(claims, key=lambda claim: claim["date"])
except TypeError as error:
    print("TypeError:", error)


# So the key is a tuple: (undated?, date, id). False sorts before True, so dated
# claims come first; equal dates fall to the id.
def when_then_id(claim: dict) -> tuple[bool, str, str]:
    return (claim["date"] is None, claim["date"] or "", claim["id"])


for claim in sorted(claims, key=when_then_id):
    print(claim["date"] or "(undated)", claim["id"])
