-- Legal-status mix by patent type (normalised status: active | pending | inactive | unknown).
-- Parameters: the scope ($industry, $regions, $start, $end).
-- Columns: patentType, legalStatus ('unknown' where the patent has none), patents; by type, then status.
SELECT COALESCE(t.type, 'unknown') AS patentType,
       COALESCE(l.status, 'unknown') AS legalStatus,
       COUNT(*) AS patents  -- one row per patent, status and type: the scope and both tables are distinct
FROM scope_patents($industry, $regions, $start, $end) s
LEFT JOIN legal_status l ON l.patent = s.patent
LEFT JOIN patent_type t ON t.patent = s.patent
GROUP BY 1, 2
ORDER BY 1, 2;
