-- Patents in the market and how many a home region holds: the denominators of RTA.
-- Parameters: the market's scope ($industry, $regions, $start, $end; NULL = no restriction);
--   $home = list of the home region's IRIs (the region and the regions below it);
--   $linked_by = 'ipc' to count only patents with an IPC class (pnav:classifiedIn),
--   'industry' only patents linked to an industry (pnav:inIndustry).
-- Columns: patents, regionPatents (those with an applicant located in a home region).
-- The home region's share of the market is the scope scope_patents($industry, $home, $start, $end): the
-- market's patents with an applicant located in a home region (computed once, like the market).
-- Which patents are linked is read from planning_linked (planning_linked.sql, computed once per state of the
-- tables).
-- derived: planning_linked
WITH market AS (
    SELECT s.patent FROM scope_patents($industry, $regions, $start, $end) s
    JOIN planning_linked l ON l.patent = s.patent
    WHERE CASE $linked_by WHEN 'ipc' THEN l.ipc WHEN 'industry' THEN l.industry ELSE false END
)
SELECT COUNT(*) AS patents, COUNT(h.patent) AS regionPatents
FROM market m
LEFT JOIN scope_patents($industry, $home, $start, $end) h ON h.patent = m.patent
