-- One name per given entity, from one property: $property = 'label' (rdfs:label, any language: for
-- people) or 'normalized_name' (pnav:normalizedName: for organizations).
-- Parameters: $entities = list of IRIs; $property.
-- Columns: entity, name (the least in string order when there are several).
SELECT entity, MIN(name) AS name
FROM (
    SELECT entity, label AS name FROM label WHERE $property = 'label'
    UNION ALL
    SELECT org AS entity, name FROM normalized_name WHERE $property = 'normalized_name'
)
WHERE list_contains($entities::UBIGINT[], entity)
GROUP BY entity
