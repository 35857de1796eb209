-- Inventor x patent pairs of the scope, with the patent's first applicant: the input of
-- inventor-team detection.
-- Parameters: the scope ($industry, $regions, $start, $end); $since (DATE or NULL): only patents
--   filed on or after it (the caller's row cap keeps the most recent pairs; then patents without
--   an application date are left out).
-- Columns: inventor, patent, org (first applicant, NULL when none is recorded).
-- Order: patent, inventor, org (the caller cuts at its row cap in this order).
SELECT DISTINCT i.person AS inventor, i.patent, f.org
FROM inventor i
JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = i.patent
LEFT JOIN first_applicant f ON f.patent = i.patent
WHERE $since IS NULL OR i.patent IN (SELECT patent FROM application_date WHERE date >= $since)
ORDER BY i.patent, inventor, f.org
