-- Patents per IPC field in the market, and how many of them a home region holds: the two
-- counts behind revealed technological advantage (RTA) and white space.
-- Parameters: the market's scope ($industry, $regions, $start, $end); $level = 'subclass' | 'main_group';
--   $home = list of the home region's IRIs (the region and the regions below it).
-- Columns: code, patents (market), regionPatents (with an applicant located in a home region).
-- Order: most market patents first, then code.
-- A class's field is cut as the ipc_field macro cuts it (graph/tables/macros.sql), read from ipc_code;
-- the home region's patents are the scope scope_patents($industry, $home, $start, $end).
WITH market_fields AS (
    SELECT DISTINCT c.patent,
           COALESCE(CASE WHEN $level = 'subclass' THEN k.subclass ELSE k.main_group END, '') AS code
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN classified_in c ON c.patent = s.patent
    LEFT JOIN ipc_code k ON k.ipc = c.ipc
)
SELECT m.code, COUNT(*) AS patents, COUNT(h.patent) AS regionPatents
FROM market_fields m
LEFT JOIN scope_patents($industry, $home, $start, $end) h ON h.patent = m.patent
GROUP BY m.code
ORDER BY patents DESC, m.code
