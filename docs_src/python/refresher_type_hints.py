"""Type hints: what a function takes and gives back, written beside its names."""


# Read aloud: "speaker_claims takes claims, a list of dicts, and speaker, a str,
# and returns a list of str".
def speaker_claims(claims: list[dict], speaker: str) -> list[str]:
    return [claim["id"] for claim in claims if claim["speaker"] == speaker]


# "str | None" reads "a str, or None": the date may be missing.
def year_of(date: str | None) -> str:
    if date is None:
        return "undated"
    return date[:4]


claims = [
    {"id": "krasner-no-renewal", "speaker": "larry-krasner", "date": "2018-07-11"},
    {"id": "vega-on-ice", "speaker": "carlos-vega", "date": None},
]
print(speaker_claims(claims, "larry-krasner"))
print(year_of("2018-07-11"), year_of(None))

# Python does not check hints when the code runs: a wrong type is not stopped here.
# They are notes for readers, editors and checkers such as mypy.
print(speaker_claims(claims, 42))
