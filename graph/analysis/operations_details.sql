-- Patent operations per kind and stated detail (the licence type: 独占许可, 排他许可, 普通许可 …),
-- for the scope's events (as in operations_by_year.sql).
-- Parameters: the scope ($industry, $regions, $start, $end); $kinds (list of event types).
-- Columns: kind, detail (NULL: not given), patents, events. By kind, then most patents, ties by detail.
WITH events AS (SELECT event, patent, kind FROM scope_events($industry, $regions, $start, $end, $kinds)),
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
