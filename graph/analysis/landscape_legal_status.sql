-- Legal-status mix by patent type (normalised status: active | pending | inactive | unknown).
-- Parameters: the scope ($industry, $regions, $start, $end).
-- Columns: patentType, legalStatus ('unknown' where the patent has none), patents; by type, then status.
-- Each patent's type and status are landscape_status_types (landscape_status_types.sql, a derived table).
-- derived: landscape_status_types
SELECT d.patentType, d.legalStatus,
       COUNT(*) AS patents  -- one row per patent, status and type: the scope and the table are distinct
FROM scope_patents($industry, $regions, $start, $end) s
JOIN landscape_status_types d ON d.patent = s.patent
GROUP BY 1, 2
ORDER BY 1, 2;
