-- Who made the most claims, of any kind?
SELECT speaker, SUM(claims) AS claims
FROM claims_per_speaker
GROUP BY speaker_id
ORDER BY claims DESC, speaker
LIMIT 5;
