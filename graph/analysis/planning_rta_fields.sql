-- Patents per IPC field in the market, and how many of them a home region holds: the two
-- counts behind revealed technological advantage (RTA) and white space.
-- Parameters: the market's scope ($industry, $regions, $start, $end); $level = 'subclass' | 'main_group';
--   $home = list of the home region's IRIs (the region and the regions below it).
-- Columns: code, patents (market), regionPatents (with an applicant located in a home region).
-- Order: most market patents first, then code.
-- The patent x main group pairs are read from planning_main_groups (planning_main_groups.sql: computed once
-- per state of the tables; subclasses are cut per call, as ipc_field cuts them); the home region's patents are the scope scope_patents($industry, $home, $start, $end).
-- derived: planning_main_groups
WITH market AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
market_fields AS (
    SELECT f.patent, f.code FROM market s JOIN planning_main_groups f ON f.patent = s.patent
    WHERE $level <> 'subclass'
    UNION ALL
    SELECT DISTINCT c.patent, COALESCE(k.subclass, '') AS code
    FROM market s JOIN classified_in c ON c.patent = s.patent LEFT JOIN ipc_code k ON k.ipc = c.ipc
    WHERE $level = 'subclass'
)
SELECT m.code, COUNT(*) AS patents, COUNT(h.patent) AS regionPatents
FROM market_fields m
LEFT JOIN scope_patents($industry, $home, $start, $end) h ON h.patent = m.patent
GROUP BY m.code
ORDER BY patents DESC, m.code
