-- Events that certainly fall in July 2018: the whole interval inside the month.
SELECT date, title
FROM event
WHERE date_first >= '2018-07-01' AND date_last <= '2018-07-31'
ORDER BY date_first, title;
