-- Claims about Larry Krasner, with the speaker's name and kind.
SELECT c.date, r.name AS speaker, c.kind
FROM claim AS c
JOIN claim_about AS a ON a.claim_id = c.id
JOIN record AS r ON r.id = c.speaker_id
WHERE a.record_id = 'larry-krasner'
ORDER BY c.date_first, r.name;
