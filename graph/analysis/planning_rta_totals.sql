-- Patents in the market and how many a home region holds: the denominators of RTA.
-- Parameters: the market's scope ($industry, $regions, $start, $end; NULL = no restriction);
--   $home = list of the home region's IRIs (the region and the regions below it);
--   $linked_by = 'ipc' to count only patents with an IPC class (pnav:classifiedIn),
--   'industry' only patents linked to an industry (pnav:inIndustry).
-- Columns: patents, regionPatents (those with an applicant located in a home region).
-- The home region's share of the market is the scope scope_patents($industry, $home, $start, $end): the
-- market's patents with an applicant located in a home region (computed once, like the market).
WITH linked AS (
    SELECT patent FROM classified_in WHERE $linked_by = 'ipc'
    UNION ALL
    SELECT patent FROM in_industry WHERE $linked_by = 'industry'
),
market AS (
    SELECT s.patent FROM scope_patents($industry, $regions, $start, $end) s SEMI JOIN linked l ON l.patent = s.patent
)
SELECT COUNT(*) AS patents, COUNT(h.patent) AS regionPatents
FROM market m
LEFT JOIN scope_patents($industry, $home, $start, $end) h ON h.patent = m.patent
