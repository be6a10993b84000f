-- Every stated position on the PARS renewal, with names.
SELECT date, voter, position
FROM positions_per_vote
WHERE vote_id = 'pars-contract-renewal-2018'
ORDER BY date;
