-- Licences taken by home licensees, by where their licensors are: how far the region's licensees depend on
-- rights licensed in from outside; and, for the balance, licences granted by home licensors to licensees outside.
-- Licence parties are not paired in the exports (one cell per side), so a licence is "in from outside" when
-- one of its licensors is placed outside the home region while one of its licensees is at home.
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the market); $home = list of the
--   home region and the regions below it.
-- Placed: located in a region (pnav:locatedIn), or of a country other than CN. Outside: placed and not located
--   in one of $home (a foreign licensor is outside). At home: located in one of $home.
-- Columns (one row): market_licences (market patents with a licence event), home_in (patents licensed to a home
--   licensee), in_from_outside (of them, with a licensor placed outside), in_from_foreign (with a licensor of a
--   country other than CN), in_from_home (with a home licensor and none placed outside), in_unplaced (no
--   licensor given or placed), out_to_outside (patents a home licensor licensed to a licensee placed outside),
--   and the same as events (sum of the stated counts, at least 1 per event): home_in_events,
--   in_from_outside_events, out_to_outside_events.
WITH market AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
licences AS (
    SELECT le.event, le.patent, GREATEST(COALESCE(MAX(c.n), 1), 1) AS weight
    FROM legal_event le
    JOIN market m ON m.patent = le.patent
    JOIN event_type et ON et.event = le.event AND et.type = 'licence'
    LEFT JOIN event_count c ON c.event = le.event
    GROUP BY le.event, le.patent
),
parties AS (
    SELECT event, org, 'from' AS side FROM from_party WHERE event IN (SELECT event FROM licences)
    UNION
    SELECT event, org, 'to' FROM to_party WHERE event IN (SELECT event FROM licences)
),
place AS (
    SELECT o.org,
           bool_or(COALESCE(list_contains($home::UBIGINT[], l.region), false)) AS home,
           bool_or(l.region IS NOT NULL) OR COALESCE(MIN(c.country) <> 'CN', false) AS placed,
           COALESCE(MIN(c.country) <> 'CN', false) AS foreign_org
    FROM (SELECT DISTINCT org FROM parties) o
    LEFT JOIN located_in l ON l.entity = o.org
    LEFT JOIN country c ON c.entity = o.org
    GROUP BY o.org
),
per_event AS (
    SELECT l.event, l.patent, l.weight,
           COALESCE(bool_or(p.side = 'to' AND pl.home), false) AS home_licensee,
           COALESCE(bool_or(p.side = 'from' AND pl.placed AND NOT pl.home), false) AS outside_licensor,
           COALESCE(bool_or(p.side = 'from' AND pl.foreign_org AND NOT pl.home), false) AS foreign_licensor,
           COALESCE(bool_or(p.side = 'from' AND pl.home), false) AS home_licensor,
           COALESCE(bool_or(p.side = 'to' AND pl.placed AND NOT pl.home), false) AS outside_licensee
    FROM licences l
    LEFT JOIN parties p ON p.event = l.event
    LEFT JOIN place pl ON pl.org = p.org
    GROUP BY l.event, l.patent, l.weight
)
SELECT COUNT(DISTINCT patent) AS market_licences,
       COUNT(DISTINCT patent) FILTER (WHERE home_licensee) AS home_in,
       COUNT(DISTINCT patent) FILTER (WHERE home_licensee AND outside_licensor) AS in_from_outside,
       COUNT(DISTINCT patent) FILTER (WHERE home_licensee AND foreign_licensor) AS in_from_foreign,
       COUNT(DISTINCT patent) FILTER (WHERE home_licensee AND home_licensor AND NOT outside_licensor) AS in_from_home,
       COUNT(DISTINCT patent) FILTER (WHERE home_licensee AND NOT home_licensor AND NOT outside_licensor)
           AS in_unplaced,
       COUNT(DISTINCT patent) FILTER (WHERE home_licensor AND outside_licensee) AS out_to_outside,
       CAST(COALESCE(SUM(weight) FILTER (WHERE home_licensee), 0) AS BIGINT) AS home_in_events,
       CAST(COALESCE(SUM(weight) FILTER (WHERE home_licensee AND outside_licensor), 0) AS BIGINT)
           AS in_from_outside_events,
       CAST(COALESCE(SUM(weight) FILTER (WHERE home_licensor AND outside_licensee), 0) AS BIGINT)
           AS out_to_outside_events
FROM per_event;
