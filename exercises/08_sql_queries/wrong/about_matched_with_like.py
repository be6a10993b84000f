"""Matching the policy with LIKE '%pars%': every record whose id holds those letters
counts as the policy, so speakers about another record come back too."""

CLAIMS_PER_KIND = """
SELECT kind, COUNT(*) AS claims
FROM claim
GROUP BY kind
ORDER BY claims DESC, kind
"""

SPEAKERS_ABOUT_PARS = """
SELECT DISTINCT r.name
FROM claim_about AS a
JOIN claim AS c ON c.id = a.claim_id
JOIN record AS r ON r.id = c.speaker_id
WHERE a.record_id LIKE '%pars%'
ORDER BY r.name
"""

EVENTS_IN_JULY_2018 = """
SELECT id
FROM event
WHERE date_first >= '2018-07-01' AND date_last <= '2018-07-31'
ORDER BY id
"""
