-- Patent operations per kind and stated detail (the licence type: 独占许可, 排他许可, 普通许可 …),
-- for the scope's events (as in operations_by_year.sql).
-- Parameters: the scope ($industry, $regions, $start, $end); $kinds (list of event types).
-- Columns: kind, detail (NULL: not given), patents, events. By kind, then most patents, ties by detail.
WITH market AS (SELECT patent FROM scope_patents($industry, NULL, $start, $end)),
scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
parties AS (SELECT event, org FROM from_party UNION SELECT event, org FROM to_party),
home_orgs AS (SELECT DISTINCT entity AS org FROM located_in WHERE list_contains($regions::UBIGINT[], region)),
events AS (
    SELECT DISTINCT le.event, le.patent, et.type AS kind
    FROM legal_event le
    JOIN event_type et ON et.event = le.event AND list_contains($kinds, et.type)
    JOIN market m ON m.patent = le.patent
    WHERE $regions IS NULL OR le.patent IN (SELECT patent FROM scope)
       OR le.event IN (SELECT p.event FROM parties p JOIN home_orgs h ON h.org = p.org)
),
facts AS (
    SELECT e.event, e.patent, e.kind, GREATEST(COALESCE(MAX(c.n), 1), 1) AS weight, MIN(x.detail) AS detail
    FROM events e
    LEFT JOIN event_count c ON c.event = e.event
    LEFT JOIN event_detail x ON x.event = e.event
    GROUP BY e.event, e.patent, e.kind
)
SELECT kind, detail, COUNT(DISTINCT patent) AS patents, CAST(SUM(weight) AS BIGINT) AS events
FROM facts
GROUP BY kind, detail
ORDER BY kind, patents DESC, detail NULLS LAST;
