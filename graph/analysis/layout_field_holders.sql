-- Organizations outside a home region ranked by their patents in given IPC fields.
-- Parameters: the market's scope ($industry, $regions, $start, $end); $level = 'subclass' | 'main_group';
--   $fields = list of field codes; $home = list of the home region's IRIs (an organization located
--   in one of them is left out); $limit = how many organizations (NULL: all).
-- Columns: org (IRI), name (normalised name), country, patents, codes (the organization's field
--   codes among $fields, space-separated, in code order).
-- Order: most patents first, then org IRI.
WITH fields AS (
    SELECT ipc, code FROM (SELECT ipc, ipc_field(ipc, $level) AS code FROM (SELECT DISTINCT ipc FROM classified_in))
    WHERE list_contains($fields::VARCHAR[], code)
),
field_patents AS (
    SELECT DISTINCT c.patent, f.code
    FROM classified_in c
    JOIN fields f ON f.ipc = c.ipc
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = c.patent
),
outside AS (
    SELECT DISTINCT a.patent, a.org
    FROM applicant a
    WHERE a.org NOT IN (SELECT entity FROM located_in WHERE list_contains($home::UBIGINT[], region))
),
holders AS (
    SELECT o.org, COUNT(DISTINCT p.patent) AS patents, string_agg(DISTINCT p.code, ' ' ORDER BY p.code) AS codes
    FROM field_patents p
    JOIN outside o ON o.patent = p.patent
    GROUP BY o.org
    ORDER BY patents DESC, o.org
    LIMIT $limit
)
SELECT h.org, MIN(n.name) AS name, MIN(c.country) AS country, h.patents, h.codes
FROM holders h
LEFT JOIN normalized_name n ON n.org = h.org
LEFT JOIN country c ON c.entity = h.org
GROUP BY h.org, h.patents, h.codes
ORDER BY h.patents DESC, h.org
