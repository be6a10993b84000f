-- Events that may fall in June 2018: the date interval overlaps the month.
SELECT date, title
FROM event
WHERE date_first <= '2018-06-30' AND date_last >= '2018-06-01'
ORDER BY date_first, title;
