import pytest

from civicdata.grading.expect import expect_equal


def _expected_claims(dataset, speaker_id):
    claims = [c for c in dataset.claims if c.speaker == speaker_id]
    dated = sorted((c for c in claims if c.date), key=lambda c: (c.date.sort_key(), c.id))
    return [c.id for c in dated] + sorted(c.id for c in claims if c.date is None)


@pytest.mark.task("claims_by_speaker")
def test_claims_by_speaker(submission, dataset):
    for speaker in ["larry-krasner", "carlos-vega", "brandon-evans"]:
        expect_equal(
            f"claims_by_speaker(dataset, {speaker!r})",
            submission.claims_by_speaker(dataset, speaker),
            _expected_claims(dataset, speaker),
            hint="Sort dated claims by (claim.date.sort_key(), claim.id); undated claims go last",
        )


@pytest.mark.task("organizations_of_class")
def test_organizations_of_class(submission, dataset):
    courts = sorted(o.id for o in dataset.organizations if str(o.classification) == "court")
    for asked in ["court", "Court", "COURT"]:
        expect_equal(
            f"organizations_of_class(dataset, {asked!r})",
            submission.organizations_of_class(dataset, asked),
            courts,
            hint="Classifications are stored in lower case; compare ignoring letter case",
        )
