-- Patents per industry x prefecture-level applicant region (districts roll up to their city).
-- Parameters: the scope ($industry, $regions, $start, $end).
-- Columns: industry, region, patents.
-- Each region reaches the prefecture-level regions above it by pnav:partOfRegion (any number of
-- steps, itself included: pnav:partOfRegion*), walked once over the small region table, then each
-- organization's prefecture follows from where it is located; a patent's regions are found once, then
-- its industries (distinct facts) counted.
WITH RECURSIVE below(loc, region) AS (
    SELECT region, region FROM admin_level WHERE level = 'prefecture'
    UNION
    SELECT p.region, b.region FROM part_of_region p JOIN below b ON p.parent = b.loc
),
org_region AS (
    SELECT DISTINCT l.entity AS org, b.region FROM located_in l JOIN below b ON b.loc = l.region
),
patent_region AS (
    SELECT DISTINCT a.patent, o.region
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN applicant a ON a.patent = s.patent
    JOIN org_region o ON o.org = a.org
)
SELECT i.industry, p.region, COUNT(*) AS patents
FROM patent_region p
JOIN in_industry i ON i.patent = p.patent
GROUP BY i.industry, p.region
ORDER BY i.industry, p.region
