-- Patents per applicant region, aggregated up to one administrative level. A patent counts
-- for every region one of its applicants is located in (pnav:locatedIn, then pnav:partOfRegion*).
-- Parameters: the scope ($industry, $regions, $start, $end); $level = 'province' | 'prefecture' | 'county'.
-- Columns: region (IRI), code (region code), name (zh label), patents. Largest first, ties by region IRI.
-- Speed: the roll-up (each location and every region above it) is walked once over the few regions
-- organisations are located in; codes and names are looked up per region after counting.
WITH RECURSIVE up(loc, region) AS (
    SELECT DISTINCT region, region FROM located_in
    UNION
    SELECT u.loc, p.parent FROM up u JOIN part_of_region p ON p.region = u.region
),
org_region AS (
    SELECT DISTINCT l.entity AS org, u.region
    FROM located_in l
    JOIN up u ON u.loc = l.region
    JOIN admin_level a ON a.region = u.region AND a.level = $level
),
counts AS (
    SELECT o.region, COUNT(DISTINCT s.patent) AS patents
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN applicant a ON a.patent = s.patent
    JOIN org_region o ON o.org = a.org
    GROUP BY o.region
)
SELECT c.region, MIN(rc.code) AS code, MIN(lb.label) FILTER (WHERE lb.lang = 'zh') AS name, c.patents
FROM counts c
LEFT JOIN region_code rc ON rc.region = c.region
LEFT JOIN label lb ON lb.entity = c.region
GROUP BY c.region, c.patents
ORDER BY c.patents DESC, c.region;
