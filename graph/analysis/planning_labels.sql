-- The label to show for given entities: Chinese, else English.
-- Parameters: $entities = list of IRIs.
-- Columns: entity, name (an entity without a zh or en label has none; an entity with no label no row).
SELECT entity, COALESCE(MIN(label) FILTER (WHERE lang = 'zh'), MIN(label) FILTER (WHERE lang = 'en')) AS name
FROM label
WHERE list_contains($entities::UBIGINT[], entity)
GROUP BY entity
