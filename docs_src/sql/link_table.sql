-- A link table: one row per (claim, record it is about).
SELECT claim_id, record_id
FROM claim_about
WHERE record_id = 'larry-krasner'
ORDER BY claim_id
LIMIT 4;
