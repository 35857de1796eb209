-- What the loaded data give for the scope's patent operations (events as in operations_by_year.sql), per kind.
-- Parameters: the scope ($industry, $regions, $start, $end); $kinds (list of event types).
-- Columns: kind, patents (with an event of the kind), dated (events with a date), with_from, with_to (events
--   naming a party on that side), counted (events with a stated count), parties (distinct organisations on
--   either side), typed_file, typed_guess (of them, with a type stated by the file / guessed from the name),
--   placed (with a region or a country other than CN). One row per kind the scope has; none for the others.
WITH events AS (SELECT event, patent, kind FROM scope_events($industry, $regions, $start, $end, $kinds)),
parties AS (SELECT event, org FROM from_party UNION SELECT event, org FROM to_party),
party_orgs AS (
    SELECT DISTINCT e.kind, p.org FROM events e JOIN parties p ON p.event = e.event
),
org_facts AS (
    SELECT o.org, bool_or(NOT g.guessed) AS stated, bool_or(g.guessed) AS guessed,
           bool_or(l.region IS NOT NULL OR COALESCE(c.country <> 'CN', false)) AS placed,
           bool_or(t.type IS NOT NULL) AS typed
    FROM (SELECT DISTINCT org FROM party_orgs) o
    LEFT JOIN organization_type t ON t.org = o.org
    LEFT JOIN organization_type_guessed g ON g.org = o.org
    LEFT JOIN located_in l ON l.entity = o.org
    LEFT JOIN country c ON c.entity = o.org
    GROUP BY o.org
),
per_party AS (
    SELECT p.kind, COUNT(*) AS parties,
           COUNT(*) FILTER (WHERE f.typed AND COALESCE(f.stated, false)) AS typed_file,
           COUNT(*) FILTER (WHERE f.typed AND NOT COALESCE(f.stated, false) AND COALESCE(f.guessed, false))
               AS typed_guess,
           COUNT(*) FILTER (WHERE f.placed) AS placed
    FROM party_orgs p JOIN org_facts f ON f.org = p.org
    GROUP BY p.kind
),
per_event AS (
    SELECT e.kind, COUNT(DISTINCT e.patent) AS patents,
           COUNT(DISTINCT e.event) FILTER (WHERE e.event IN (SELECT event FROM event_date)) AS dated,
           COUNT(DISTINCT e.event) FILTER (WHERE e.event IN (SELECT event FROM from_party)) AS with_from,
           COUNT(DISTINCT e.event) FILTER (WHERE e.event IN (SELECT event FROM to_party)) AS with_to,
           COUNT(DISTINCT e.event) FILTER (WHERE e.event IN (SELECT event FROM event_count)) AS counted
    FROM events e GROUP BY e.kind
)
SELECT e.kind, e.patents, e.dated, e.with_from, e.with_to, e.counted, COALESCE(p.parties, 0) AS parties,
       COALESCE(p.typed_file, 0) AS typed_file, COALESCE(p.typed_guess, 0) AS typed_guess,
       COALESCE(p.placed, 0) AS placed
FROM per_event e LEFT JOIN per_party p ON p.kind = e.kind
ORDER BY e.kind;
