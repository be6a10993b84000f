-- Events certainly in 2021: the whole date interval inside the year.
SELECT date, title
FROM event
WHERE date_first >= '2021-01-01' AND date_last <= '2021-12-31'
ORDER BY date_first, title;
