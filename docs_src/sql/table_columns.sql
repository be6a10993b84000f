-- The columns of one table, and their types.
SELECT name, type
FROM pragma_table_info('claim_about');
