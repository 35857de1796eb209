-- Patents per industry, and how many of them a home region holds (for industry-level RTA).
-- Parameters: the market's scope ($industry, $regions, $start, $end);
--   $home = list of the home region's IRIs (the region and the regions below it).
-- Columns: industry (IRI), name (its Chinese label), patents, regionPatents.
-- Order: most patents first, then industry IRI.
WITH market_industries AS (
    SELECT DISTINCT i.industry, i.patent
    FROM in_industry i
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = i.patent
),
home AS (
    SELECT DISTINCT a.patent FROM applicant a JOIN located_in l ON l.entity = a.org WHERE list_contains($home::UBIGINT[], l.region)
),
counts AS (
    SELECT m.industry, COUNT(*) AS patents, COUNT(h.patent) AS regionPatents
    FROM market_industries m
    LEFT JOIN home h ON h.patent = m.patent
    GROUP BY m.industry
),
names AS (
    SELECT entity, MIN(label) AS name FROM label WHERE lang = 'zh' GROUP BY entity
)
SELECT c.industry, n.name, c.patents, c.regionPatents
FROM counts c
LEFT JOIN names n ON n.entity = c.industry
ORDER BY c.patents DESC, c.industry
