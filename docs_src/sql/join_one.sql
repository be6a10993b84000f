-- One JOIN: each of those rows with its claim's speaker and kind.
SELECT claim_about.claim_id, claim.speaker_id, claim.kind
FROM claim_about
JOIN claim ON claim.id = claim_about.claim_id
WHERE claim_about.record_id = 'larry-krasner'
ORDER BY claim_about.claim_id
LIMIT 4;
