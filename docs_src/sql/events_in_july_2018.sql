-- Events dated within July 2018: the whole interval inside the month (a planned
-- event says so in its title: the article reports it before it happened).
SELECT date, title
FROM event
WHERE date_first >= '2018-07-01' AND date_last <= '2018-07-31'
ORDER BY date_first, title;
