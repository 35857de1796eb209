-- Patents per IPC field in the market, and how many of them a home region holds: the two
-- counts behind revealed technological advantage (RTA) and white space.
-- Parameters: the market's scope ($industry, $regions, $start, $end); $level = 'subclass' | 'main_group';
--   $home = list of the home region's IRIs (the region and the regions below it).
-- Columns: code, patents (market), regionPatents (with an applicant located in a home region).
-- Order: most market patents first, then code.
-- The patent x field pairs are read from planning_fields (planning_fields.sql: computed once per state of
-- the tables); the home region's patents are the scope scope_patents($industry, $home, $start, $end).
-- derived: planning_fields
WITH market_fields AS (
    SELECT f.patent, f.code
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN planning_fields f ON f.patent = s.patent
    WHERE f.level = $level
)
SELECT m.code, COUNT(*) AS patents, COUNT(h.patent) AS regionPatents
FROM market_fields m
LEFT JOIN scope_patents($industry, $home, $start, $end) h ON h.patent = m.patent
GROUP BY m.code
ORDER BY patents DESC, m.code
