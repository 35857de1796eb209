-- Inventors ranked by the number of patents naming them, whole counting.
-- Parameters: the scope ($industry, $regions, $start, $end); $limit (NULL = every inventor).
-- Columns: inventor (IRI), name (label or normalised name; the smallest when there are several;
-- NULL when none), patents. Largest first, ties by inventor IRI (string order).
-- Names are looked up only for the inventors kept after ranking.
WITH counts AS (
    SELECT i.person AS inventor, COUNT(*) AS patents  -- the scope and inventor are distinct: one row per pair
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN inventor i ON i.patent = s.patent
    GROUP BY i.person
    ORDER BY patents DESC, inventor
    LIMIT $limit
),
names AS (
    SELECT entity, label AS name FROM label
    UNION ALL
    SELECT org AS entity, name FROM normalized_name
)
SELECT c.inventor, MIN(n.name) AS name, c.patents
FROM counts c
LEFT JOIN names n ON n.entity = c.inventor
GROUP BY c.inventor, c.patents
ORDER BY c.patents DESC, c.inventor;
