-- Inventor x patent pairs of the scope, with the patent's first applicant: the input of
-- inventor-team detection.
-- Parameters: the scope ($industry, $regions, $start, $end); $since (DATE or NULL): only patents
--   filed on or after it (the caller's row cap keeps the most recent pairs; then patents without
--   an application date are left out); $max_rows: the caller's row cap (one row more is returned,
--   to tell when it was hit).
-- Columns: inventor, patent, org (first applicant, -1 when none is recorded), as numbers (BIGINT: the
--   engine's numbers of the IRIs, which sort as the IRIs do; graph/tables/engine.py), so that the
--   caller turns only the few it shows into IRIs.
-- Order: patent, inventor, org (the caller cuts at its row cap in this order).
-- The scope's patents filed from $since are found first, then their inventors: joining the
-- inventor table with the dates first walks most of it. The rows are distinct without a DISTINCT: inventor holds
-- each (patent, person) once and first_applicant each (patent, org) once.
WITH patents AS MATERIALIZED (
    SELECT s.patent FROM scope_patents($industry, $regions, $start, $end) s
    WHERE $since IS NULL OR s.patent IN (SELECT patent FROM application_date WHERE date >= $since)
)
SELECT i.person::BIGINT AS inventor, i.patent::BIGINT AS patent, COALESCE(f.org::BIGINT, -1) AS org
FROM inventor i
JOIN patents s ON s.patent = i.patent
LEFT JOIN first_applicant f ON f.patent = i.patent
ORDER BY patent, inventor, org
LIMIT $max_rows + 1
