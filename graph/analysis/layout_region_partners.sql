-- Organizations outside a home region that co-apply with applicants inside it: the home
-- region's co-applicant neighbours.
-- Parameters: the market's scope ($industry, $regions, $start, $end);
--   $home = list of the home region's IRIs (the region and the regions below it).
-- Columns: org (IRI), name (normalised name), jointPatents (patents of the scope it applied for
--   with an applicant located in a home region).
-- Order: most joint patents first, then org IRI.
WITH home AS (
    SELECT DISTINCT a.patent FROM applicant a JOIN located_in l ON l.entity = a.org WHERE list_contains($home::UBIGINT[], l.region)
),
joint AS (
    SELECT a.org, COUNT(DISTINCT a.patent) AS jointPatents
    FROM applicant a
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = a.patent
    JOIN home h ON h.patent = a.patent
    WHERE a.org NOT IN (SELECT entity FROM located_in WHERE list_contains($home::UBIGINT[], region))
    GROUP BY a.org
),
names AS (
    SELECT org, MIN(name) AS name FROM normalized_name GROUP BY org
)
SELECT j.org, n.name, j.jointPatents
FROM joint j
LEFT JOIN names n ON n.org = j.org
ORDER BY j.jointPatents DESC, j.org
