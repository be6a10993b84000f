-- Courts in the dataset: pick columns, filter rows, order them.
SELECT id, name
FROM organization
WHERE classification = 'court'
ORDER BY name;
