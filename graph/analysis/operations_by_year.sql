-- Patent operations per kind and year: the scope's legal events (graph/analysis/operations.py says which
-- events a scope has) counted by the year of the event date; events without a date in one row, year NULL.
-- Parameters: the scope ($industry, $regions, $start, $end); $kinds (list of event types: transfer, licence,
--   pledge, litigation, invalidation, reexamination).
-- Columns: kind, year (NULL: date not given), patents (distinct patents with such an event), events (sum of
--   the stated counts, 转让次数 …, at least 1 per event), from_parties, to_parties (distinct organisations on
--   each side). By kind, then year (undated last).
WITH events AS (SELECT event, patent, kind FROM scope_events($industry, $regions, $start, $end, $kinds)),
facts AS (
    SELECT e.event, e.patent, e.kind, GREATEST(COALESCE(MAX(c.n), 1), 1) AS weight, year(MIN(d.date)) AS year
    FROM events e
    LEFT JOIN event_count c ON c.event = e.event
    LEFT JOIN event_date d ON d.event = e.event
    GROUP BY e.event, e.patent, e.kind
),
sides AS (
    SELECT f.kind, f.year, COUNT(DISTINCT fp.org) AS from_parties, COUNT(DISTINCT tp.org) AS to_parties
    FROM facts f LEFT JOIN from_party fp ON fp.event = f.event LEFT JOIN to_party tp ON tp.event = f.event
    GROUP BY f.kind, f.year
)
SELECT f.kind, f.year, COUNT(DISTINCT f.patent) AS patents, CAST(SUM(f.weight) AS BIGINT) AS events,
       s.from_parties, s.to_parties
FROM facts f JOIN sides s ON s.kind = f.kind AND s.year IS NOT DISTINCT FROM f.year
GROUP BY f.kind, f.year, s.from_parties, s.to_parties
ORDER BY f.kind, f.year NULLS LAST;
