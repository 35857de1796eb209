-- Patents per IPC field in the market, and how many of them a home region holds: the two
-- counts behind revealed technological advantage (RTA) and white space.
-- Parameters: the market's scope ($industry, $regions, $start, $end); $level = 'subclass' | 'main_group';
--   $home = list of the home region's IRIs (the region and the regions below it).
-- Columns: code, patents (market), regionPatents (with an applicant located in a home region).
-- Order: most market patents first, then code.
WITH fields AS (
    SELECT ipc, ipc_field(ipc, $level) AS code FROM (SELECT DISTINCT ipc FROM classified_in)
),
market_fields AS (
    SELECT DISTINCT c.patent, f.code
    FROM classified_in c
    JOIN fields f ON f.ipc = c.ipc
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = c.patent
),
home AS (
    SELECT DISTINCT a.patent FROM applicant a JOIN located_in l ON l.entity = a.org WHERE list_contains($home::UBIGINT[], l.region)
)
SELECT m.code, COUNT(*) AS patents, COUNT(h.patent) AS regionPatents
FROM market_fields m
LEFT JOIN home h ON h.patent = m.patent
GROUP BY m.code
ORDER BY patents DESC, m.code
