-- Organizations outside a home region ranked by their patents in given IPC fields.
-- Parameters: the market's scope ($industry, $regions, $start, $end); $level = 'subclass' | 'main_group';
--   $fields = list of field codes; $home = list of the home region's IRIs (an organization located
--   in one of them is left out); $limit = how many organizations (NULL: all).
-- Columns: org (IRI), name (normalised name), country, patents, codes (the organization's field
--   codes among $fields, space-separated, in code order).
-- Order: most patents first, then org IRI.
-- The patent x main group pairs are read from planning_main_groups (planning_main_groups.sql: computed once
-- per state of the tables; subclasses are cut per call, as ipc_field cuts them). The organizations are ranked
-- first; only the ranked ones' codes are gathered.
-- derived: planning_main_groups
WITH market AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
market_fields AS (
    SELECT f.patent, f.code FROM market s JOIN planning_main_groups f ON f.patent = s.patent
    WHERE $level <> 'subclass'
    UNION ALL
    SELECT DISTINCT c.patent, COALESCE(k.subclass, '') AS code
    FROM market s JOIN classified_in c ON c.patent = s.patent LEFT JOIN ipc_code k ON k.ipc = c.ipc
    WHERE $level = 'subclass'
),
field_patents AS (SELECT patent, code FROM market_fields WHERE list_contains($fields::VARCHAR[], code)),
home_orgs AS (
    SELECT DISTINCT entity AS org FROM located_in WHERE list_contains($home::UBIGINT[], region)
),
org_patents AS (
    SELECT DISTINCT a.org, a.patent
    FROM applicant a SEMI JOIN field_patents p ON p.patent = a.patent
    WHERE a.org NOT IN (SELECT org FROM home_orgs)
),
ranked AS (
    SELECT org, COUNT(*) AS patents FROM org_patents GROUP BY org ORDER BY patents DESC, org LIMIT $limit
),
holders AS (
    SELECT r.org, r.patents, string_agg(DISTINCT p.code, ' ' ORDER BY p.code) AS codes
    FROM ranked r
    JOIN org_patents o ON o.org = r.org
    JOIN field_patents p ON p.patent = o.patent
    GROUP BY r.org, r.patents
)
SELECT h.org, MIN(n.name) AS name, MIN(c.country) AS country, h.patents, h.codes
FROM holders h
LEFT JOIN normalized_name n ON n.org = h.org
LEFT JOIN country c ON c.entity = h.org
GROUP BY h.org, h.patents, h.codes
ORDER BY h.patents DESC, h.org
