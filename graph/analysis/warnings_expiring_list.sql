-- The patents in force whose term ends soonest within the window (evidence for the warning).
-- Parameters: as warnings_expiring.sql, and $limit (NULL = every such patent).
-- Columns: patent, title (the smallest label; NULL when none), patentType, filed (application date
-- as YYYY-MM-DD text). By application date, then patent IRI; titles looked up after the cut.
WITH windows AS (
    SELECT unnest($types) AS type, unnest($filed_from) AS filed_from, unnest($filed_to) AS filed_to
),
soonest AS (
    SELECT DISTINCT s.patent, t.type AS patentType, d.date AS filed
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN legal_status l ON l.patent = s.patent AND l.status = 'active'
    JOIN patent_type t ON t.patent = s.patent
    JOIN application_date d ON d.patent = s.patent
    JOIN windows w ON w.type = t.type AND d.date >= w.filed_from AND d.date <= w.filed_to
    ORDER BY filed, s.patent, patentType
    LIMIT $limit
)
SELECT f.patent, MIN(lb.label) AS title, f.patentType, strftime(f.filed, '%Y-%m-%d') AS filed
FROM soonest f
LEFT JOIN label lb ON lb.entity = f.patent
GROUP BY f.patent, f.patentType, f.filed
ORDER BY f.filed, f.patent, f.patentType;
