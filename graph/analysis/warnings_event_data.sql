-- What the loaded sources give for the legal events of a set of patents, per kind: how many events, how many
-- with a date, with a from-party, with a to-party. What an early-warning check on events can rest on.
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the market); $kinds (list of
--   event types).
-- Columns: kind, events (distinct event nodes), dated (with a pnav:eventDate), with_from, with_to, patents,
--   last_year (the latest year of an event date; NULL when none is dated). One row per kind the patents have;
--   none for the others. By kind.
WITH events AS (
    SELECT DISTINCT le.event, le.patent, et.type AS kind
    FROM legal_event le
    JOIN scope_patents($industry, $regions, $start, $end) s ON s.patent = le.patent
    JOIN event_type et ON et.event = le.event AND list_contains($kinds, et.type)
),
dates AS (SELECT event, MAX(date) AS date FROM event_date WHERE event IN (SELECT event FROM events) GROUP BY event)
SELECT e.kind, COUNT(DISTINCT e.event) AS events,
       COUNT(DISTINCT e.event) FILTER (WHERE d.date IS NOT NULL) AS dated,
       COUNT(DISTINCT e.event) FILTER (WHERE e.event IN (SELECT event FROM from_party)) AS with_from,
       COUNT(DISTINCT e.event) FILTER (WHERE e.event IN (SELECT event FROM to_party)) AS with_to,
       COUNT(DISTINCT e.patent) AS patents,
       year(MAX(d.date)) AS last_year
FROM events e LEFT JOIN dates d ON d.event = e.event
GROUP BY e.kind
ORDER BY e.kind;
