-- Inventor x patent pairs of the scope per application date: how far back inventor-team
-- detection can reach within its row cap, keeping the most recent pairs.
-- Parameters: the scope ($industry, $regions, $start, $end).
-- Columns: filed (DATE), pairs (distinct inventors summed over the day's patents).
WITH per_patent AS (
    SELECT i.patent, COUNT(*) AS n  -- the scope and inventor are distinct: one row per pair
    FROM inventor i
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = i.patent
    GROUP BY i.patent
)
SELECT d.date AS filed, CAST(SUM(p.n) AS BIGINT) AS pairs
FROM per_patent p
JOIN (SELECT DISTINCT patent, date FROM application_date) d ON d.patent = p.patent
GROUP BY d.date
ORDER BY filed
