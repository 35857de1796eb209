-- Organizations outside a home region that co-apply with applicants inside it: the home
-- region's co-applicant neighbours.
-- Parameters: the market's scope ($industry, $regions, $start, $end);
--   $home = list of the home region's IRIs (the region and the regions below it).
-- Columns: org (IRI), name (normalised name), jointPatents (patents of the scope it applied for
--   with an applicant located in a home region).
-- Order: most joint patents first, then org IRI.
-- The scope's patents with a home applicant are the scope's share of scope_patents($industry, $home,
-- $start, $end) (the market's patents with an applicant located in a home region, computed once).
WITH home_orgs AS (
    SELECT DISTINCT entity AS org FROM located_in WHERE list_contains($home::UBIGINT[], region)
),
joint AS (
    SELECT a.org, COUNT(*) AS jointPatents
    FROM scope_patents($industry, $home, $start, $end) h
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = h.patent
    JOIN applicant a ON a.patent = h.patent
    WHERE a.org NOT IN (SELECT org FROM home_orgs)
    GROUP BY a.org
),
names AS (
    SELECT org, MIN(name) AS name FROM normalized_name WHERE org IN (SELECT org FROM joint) GROUP BY org
)
SELECT j.org, n.name, j.jointPatents
FROM joint j
LEFT JOIN names n ON n.org = j.org
ORDER BY j.jointPatents DESC, j.org
