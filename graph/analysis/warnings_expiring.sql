-- Patents in force whose statutory term ends within a window, by patent type.
-- Parameters: the scope ($industry, $regions, $start, $end); the windows as three lists of equal
-- length, one element per window: $types (patent type), $filed_from, $filed_to (DATE). A patent of a
-- type expires in the window when its application date lies in [filed_from, filed_to] (bounds
-- computed by the caller from the term of protection).
-- Columns: patentType, patents (distinct patents with legal status 'active'); by type.
WITH windows AS (
    SELECT unnest($types) AS type, unnest($filed_from) AS filed_from, unnest($filed_to) AS filed_to
)
SELECT t.type AS patentType, COUNT(DISTINCT s.patent) AS patents
FROM scope_patents($industry, $regions, $start, $end) s
JOIN legal_status l ON l.patent = s.patent AND l.status = 'active'
JOIN patent_type t ON t.patent = s.patent
JOIN application_date d ON d.patent = s.patent
JOIN windows w ON w.type = t.type AND d.date >= w.filed_from AND d.date <= w.filed_to
GROUP BY 1
ORDER BY 1;
