-- Patent operations per kind and (from-party type -> to-party type): transferor -> transferee, licensor ->
-- licensee, pledgor -> pledgee, plaintiff -> defendant, for the scope's events (as in operations_by_year.sql).
-- Exports list each side's parties without pairing them, so an event counts once for every combination of a
-- from-party type and a to-party type its parties show; a party on both sides (the middle holder of a chain)
-- is not paired with itself unless that is all the event has. Types are pnav:organizationType;
-- 'party not given' when a side names no party, 'type not given' when the party has no type.
-- Parameters: the scope ($industry, $regions, $start, $end); $kinds (list of event types).
-- Columns: kind, from_type, from_type_source, to_type, to_type_source (how the types of the row's parties
--   were found: 'stated by the file', 'guessed from the name', both joined by ' + ', or NULL), patents, events
--   (sum of the stated counts, at least 1 per event). By kind, then most patents, ties by types.
WITH events AS (SELECT event, patent, kind FROM scope_events($industry, $regions, $start, $end, $kinds)),
facts AS (
    SELECT e.event, e.patent, e.kind, GREATEST(COALESCE(MAX(c.n), 1), 1) AS weight
    FROM events e LEFT JOIN event_count c ON c.event = e.event
    GROUP BY e.event, e.patent, e.kind
),
raw_pairs AS (
    SELECT DISTINCT f.event, fp.org AS from_org, tp.org AS to_org
    FROM facts f LEFT JOIN from_party fp ON fp.event = f.event LEFT JOIN to_party tp ON tp.event = f.event
),
pairs AS (
    SELECT * FROM raw_pairs
    QUALIFY from_org IS DISTINCT FROM to_org
         OR NOT bool_or(from_org IS DISTINCT FROM to_org) OVER (PARTITION BY event)
),
orgs AS (SELECT from_org AS org FROM pairs UNION SELECT to_org FROM pairs),
org_type AS (
    SELECT o.org, MIN(t.type) AS type,
           CASE WHEN MIN(t.type) IS NULL THEN NULL
                WHEN bool_or(NOT g.guessed) THEN 'stated by the file'
                WHEN bool_or(g.guessed) THEN 'guessed from the name'
           END AS source
    FROM orgs o
    LEFT JOIN organization_type t ON t.org = o.org
    LEFT JOIN organization_type_guessed g ON g.org = o.org
    WHERE o.org IS NOT NULL
    GROUP BY o.org
),
typed AS (
    SELECT f.kind, f.event, f.patent, f.weight,
           CASE WHEN p.from_org IS NULL THEN 'party not given' ELSE COALESCE(ft.type, 'type not given') END
               AS from_type,
           ft.source AS from_source,
           CASE WHEN p.to_org IS NULL THEN 'party not given' ELSE COALESCE(tt.type, 'type not given') END AS to_type,
           tt.source AS to_source
    FROM pairs p
    JOIN facts f ON f.event = p.event
    LEFT JOIN org_type ft ON ft.org = p.from_org
    LEFT JOIN org_type tt ON tt.org = p.to_org
),
counted AS (
    SELECT kind, from_type, to_type, COUNT(DISTINCT patent) AS patents, CAST(SUM(weight) AS BIGINT) AS events
    FROM (SELECT DISTINCT kind, from_type, to_type, event, patent, weight FROM typed)
    GROUP BY kind, from_type, to_type
),
sources AS (
    SELECT kind, from_type, to_type,
           string_agg(DISTINCT from_source, ' + ' ORDER BY from_source DESC) AS from_type_source,
           string_agg(DISTINCT to_source, ' + ' ORDER BY to_source DESC) AS to_type_source
    FROM typed GROUP BY kind, from_type, to_type
)
SELECT c.kind, c.from_type, s.from_type_source, c.to_type, s.to_type_source, c.patents, c.events
FROM counted c JOIN sources s ON s.kind = c.kind AND s.from_type = c.from_type AND s.to_type = c.to_type
ORDER BY c.kind, c.patents DESC, c.from_type, c.to_type;
