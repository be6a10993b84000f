-- Events per kind: one row per group, with its size.
SELECT kind, COUNT(*) AS events
FROM event
GROUP BY kind
ORDER BY events DESC, kind
LIMIT 4;
