-- Patents per industry, and how many of them a home region holds (for industry-level RTA).
-- Parameters: the market's scope ($industry, $regions, $start, $end);
--   $home = list of the home region's IRIs (the region and the regions below it).
-- Columns: industry (IRI), name (its Chinese label), patents, regionPatents.
-- Order: most patents first, then industry IRI.
-- (Each in_industry row is one distinct industry x patent fact and each scope lists a patent once, so
-- rows are counted; the home region's patents are the scope scope_patents($industry, $home, $start, $end).)
WITH counts AS (
    SELECT i.industry, COUNT(*) AS patents, COUNT(h.patent) AS regionPatents
    FROM in_industry i
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = i.patent
    LEFT JOIN scope_patents($industry, $home, $start, $end) h ON h.patent = i.patent
    GROUP BY i.industry
),
names AS (
    SELECT entity, MIN(label) AS name FROM label WHERE lang = 'zh' AND entity IN (SELECT industry FROM counts)
    GROUP BY entity
)
SELECT c.industry, n.name, c.patents, c.regionPatents
FROM counts c
LEFT JOIN names n ON n.entity = c.industry
ORDER BY c.patents DESC, c.industry
