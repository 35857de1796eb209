-- Co-applicant pairs among given applicants: how many patents of the scope each pair applied for together.
-- Parameters: the scope ($industry, $regions, $start, $end); $applicants = list of applicant IRIs (the
--   network's bounded node set).
-- Columns: a, b (IRIs, a < b in string order), patents. Order: a, b.
WITH links AS (
    SELECT DISTINCT a.patent, a.org
    FROM applicant a
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = a.patent
    WHERE list_contains($applicants::UBIGINT[], a.org)
)
SELECT x.org AS a, y.org AS b, COUNT(*) AS patents
FROM links x
JOIN links y ON y.patent = x.patent AND x.org < y.org
GROUP BY x.org, y.org
ORDER BY a, b
