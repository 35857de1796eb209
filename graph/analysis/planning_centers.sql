-- Support centers with the industries and regions they serve, and their status
-- ("planned" until a real center is known). One row per center x industry x region served.
-- Parameters: none.
-- Columns: center, name (Chinese label), status, industry, region (NULL when the center names none).
-- Order: center, industry, region.
SELECT c.entity AS center, MIN(l.label) AS name, MIN(s.status) AS status, i.industry, r.region
FROM (SELECT DISTINCT entity FROM "type" WHERE class = iri_id('https://w3id.org/patentnav/ontology#SupportCenter')) c
LEFT JOIN serves_industry i ON i.center = c.entity
LEFT JOIN serves_region r ON r.center = c.entity
LEFT JOIN status s ON s.entity = c.entity
LEFT JOIN label l ON l.entity = c.entity AND l.lang = 'zh'
GROUP BY c.entity, i.industry, r.region
ORDER BY c.entity, i.industry, r.region
