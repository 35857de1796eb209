-- Organizations outside a home region ranked by their patents in given IPC fields.
-- Parameters: the market's scope ($industry, $regions, $start, $end); $level = 'subclass' | 'main_group';
--   $fields = list of field codes; $home = list of the home region's IRIs (an organization located
--   in one of them is left out); $limit = how many organizations (NULL: all).
-- Columns: org (IRI), name (normalised name), country, patents, codes (the organization's field
--   codes among $fields, space-separated, in code order).
-- Order: most patents first, then org IRI.
-- A class's field is cut as the ipc_field macro cuts it (graph/tables/macros.sql), read from ipc_code.
WITH field_patents AS (
    SELECT DISTINCT c.patent, f.code
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN classified_in c ON c.patent = s.patent
    LEFT JOIN ipc_code k ON k.ipc = c.ipc
    CROSS JOIN LATERAL (SELECT COALESCE(CASE WHEN $level = 'subclass' THEN k.subclass ELSE k.main_group END, '') AS code) f
    WHERE list_contains($fields::VARCHAR[], f.code)
),
home_orgs AS (
    SELECT DISTINCT entity AS org FROM located_in WHERE list_contains($home::UBIGINT[], region)
),
holders AS (
    SELECT a.org, COUNT(DISTINCT p.patent) AS patents, string_agg(DISTINCT p.code, ' ' ORDER BY p.code) AS codes
    FROM field_patents p
    JOIN applicant a ON a.patent = p.patent
    WHERE a.org NOT IN (SELECT org FROM home_orgs)
    GROUP BY a.org
    ORDER BY patents DESC, a.org
    LIMIT $limit
)
SELECT h.org, MIN(n.name) AS name, MIN(c.country) AS country, h.patents, h.codes
FROM holders h
LEFT JOIN normalized_name n ON n.org = h.org
LEFT JOIN country c ON c.entity = h.org
GROUP BY h.org, h.patents, h.codes
ORDER BY h.patents DESC, h.org
