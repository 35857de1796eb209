-- How many distinct patents the scope holds.
-- Parameters: the scope ($industry, $regions, $start, $end; NULL = no restriction).
SELECT COUNT(*) AS patents FROM scope_patents($industry, $regions, $start, $end);
