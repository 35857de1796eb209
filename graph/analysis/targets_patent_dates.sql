-- How much patent data there is: distinct patents and invention patents of the scope, and the
-- range of their application dates.
-- Parameters: the scope ($industry, $regions, $start, $end).
-- Columns: patents, inventions, first, last (ISO dates as text; NULL when no patent is dated).
WITH s AS (
    SELECT patent FROM scope_patents($industry, $regions, $start, $end)
)
SELECT
    (SELECT COUNT(*) FROM s) AS patents,
    (SELECT COUNT(*) FROM s SEMI JOIN patent_type t ON t.patent = s.patent AND t.type = 'invention') AS inventions,
    CAST(MIN(d.date) AS VARCHAR) AS "first",
    CAST(MAX(d.date) AS VARCHAR) AS "last"
FROM application_date d
SEMI JOIN s ON s.patent = d.patent
