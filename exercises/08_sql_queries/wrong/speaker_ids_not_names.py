"""Selecting the speaker id from the claim table and stopping there: ids, not names."""

CLAIMS_PER_KIND = """
SELECT kind, COUNT(*) AS claims
FROM claim
GROUP BY kind
ORDER BY claims DESC, kind
"""

SPEAKERS_ABOUT_PARS = """
SELECT DISTINCT c.speaker_id
FROM claim_about AS a
JOIN claim AS c ON c.id = a.claim_id
WHERE a.record_id = 'pars-ice-access-contract'
ORDER BY c.speaker_id
"""

EVENTS_IN_JULY_2018 = """
SELECT id
FROM event
WHERE date_first >= '2018-07-01' AND date_last <= '2018-07-31'
ORDER BY id
"""
