-- Suits and invalidation or re-examination requests against home enterprises, per organisation, kind and year
-- of the event date: who is contested at home and when. A suit is against its defendants (pnav:toParty); an
-- invalidation or re-examination request against the patent's holders (current holders, else applicants).
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the market: the scope's
--   industry and period over all regions); $home = list of the home region and the regions below it.
-- Columns: org, name (smallest normalised name; NULL when none), kind (litigation | invalidation |
--   reexamination), year (of the event date; NULL: no date given), events (sum of the stated counts, at least
--   1 per event, as graph/analysis/operations.py counts them), patents. One row per org, kind and year, and
--   the totals per year over all home enterprises with org, name and kind NULL (each event once, however many
--   home enterprises it names). Totals first, then by org, kind, year (undated last).
-- A home enterprise is an organisation located in one of $home whose pnav:organizationType is 'enterprise'.
WITH market AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
events AS (
    SELECT DISTINCT le.event, le.patent, et.type AS kind
    FROM legal_event le
    JOIN market m ON m.patent = le.patent
    JOIN event_type et ON et.event = le.event AND et.type IN ('litigation', 'invalidation', 'reexamination')
),
facts AS (
    SELECT e.event, e.patent, e.kind, GREATEST(COALESCE(MAX(c.n), 1), 1) AS weight, year(MIN(d.date)) AS year
    FROM events e
    LEFT JOIN event_count c ON c.event = e.event
    LEFT JOIN event_date d ON d.event = e.event
    GROUP BY e.event, e.patent, e.kind
),
holders AS (  -- of the events' patents only (the whole applicant table would be made distinct otherwise)
    SELECT c.patent, c.org FROM current_holder c WHERE c.patent IN (SELECT patent FROM facts)
    UNION
    SELECT a.patent, a.org FROM applicant a
    WHERE a.patent IN (SELECT patent FROM facts) AND a.patent NOT IN (SELECT patent FROM current_holder)
),
targets AS (
    SELECT DISTINCT f.event, f.patent, f.kind, f.weight, f.year, tp.org
    FROM facts f JOIN to_party tp ON tp.event = f.event WHERE f.kind = 'litigation'
    UNION
    SELECT DISTINCT f.event, f.patent, f.kind, f.weight, f.year, h.org
    FROM facts f JOIN holders h ON h.patent = f.patent WHERE f.kind <> 'litigation'
),
home_enterprises AS (
    SELECT DISTINCT l.entity AS org
    FROM located_in l JOIN organization_type t ON t.org = l.entity AND t.type = 'enterprise'
    WHERE list_contains($home::UBIGINT[], l.region)
),
at_home AS (SELECT t.* FROM targets t JOIN home_enterprises h ON h.org = t.org),
counted AS (
    SELECT org, kind, year, CAST(SUM(weight) AS BIGINT) AS events, COUNT(DISTINCT patent) AS patents
    FROM at_home GROUP BY org, kind, year
    UNION ALL
    SELECT NULL, NULL, year, CAST(SUM(weight) AS BIGINT), COUNT(DISTINCT patent)
    FROM (SELECT DISTINCT event, patent, weight, year FROM at_home) GROUP BY year
)
SELECT c.org, n.name, c.kind, c.year, c.events, c.patents
FROM counted c
LEFT JOIN (SELECT org, MIN(name) AS name FROM normalized_name GROUP BY org) n ON n.org = c.org
ORDER BY c.org NULLS FIRST, c.kind, c.year NULLS LAST;
