import pytest

SPEAKERS = ["larry-krasner", "carlos-vega", "brandon-evans"]
ASKED = ["court", "Court", "COURT"]


def _expected_claims(dataset, speaker_id):
    claims = [c for c in dataset.claims if c.speaker == speaker_id]
    dated = sorted((c for c in claims if c.date), key=lambda c: (c.date.sort_key(), c.id))
    return [c.id for c in dated] + sorted(c.id for c in claims if c.date is None)


@pytest.mark.task("claims_by_speaker")
@pytest.mark.calls(*(f"claims_by_speaker(dataset, {speaker!r})" for speaker in SPEAKERS))
def test_claims_by_speaker(judge, dataset):
    for speaker in SPEAKERS:
        judge.expect(
            f"claims_by_speaker(dataset, {speaker!r})",
            _expected_claims(dataset, speaker),
            hint="Sort dated claims by (claim.date.sort_key(), claim.id); undated claims go last",
        )


@pytest.mark.task("organizations_of_class")
@pytest.mark.calls(*(f"organizations_of_class(dataset, {asked!r})" for asked in ASKED))
def test_organizations_of_class(judge, dataset):
    courts = sorted(o.id for o in dataset.organizations if str(o.classification) == "court")
    for asked in ASKED:
        judge.expect(
            f"organizations_of_class(dataset, {asked!r})",
            courts,
            hint="Classifications are stored in lower case; compare ignoring letter case",
        )
