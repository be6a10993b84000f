-- The kinds of claim Larry Krasner made, each once.
SELECT DISTINCT kind
FROM claim
WHERE speaker_id = 'larry-krasner'
ORDER BY kind;
