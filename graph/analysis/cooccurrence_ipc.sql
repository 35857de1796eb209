-- IPC co-classification: how many patents of the scope are classified in both of two fields.
-- Parameters: the scope ($industry, $regions, $start, $end); $level = 'subclass' | 'main_group';
--   $codes = list of field codes (the network's bounded node set).
-- Columns: a, b (codes, a < b in string order), patents. Order: a, b.
WITH fields AS (
    SELECT ipc, code FROM (SELECT ipc, ipc_field(ipc, $level) AS code FROM (SELECT DISTINCT ipc FROM classified_in))
    WHERE list_contains($codes::VARCHAR[], code)
),
patent_fields AS (
    SELECT DISTINCT c.patent, f.code
    FROM classified_in c
    JOIN fields f ON f.ipc = c.ipc
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = c.patent
)
SELECT x.code AS a, y.code AS b, COUNT(*) AS patents
FROM patent_fields x
JOIN patent_fields y ON y.patent = x.patent AND x.code < y.code
GROUP BY x.code, y.code
ORDER BY a, b
