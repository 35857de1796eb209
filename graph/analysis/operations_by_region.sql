-- Patent operations per kind and (from-party place -> to-party place), with the direction relative to the
-- scope's home region, for the scope's events (as in operations_by_year.sql); parties paired as in
-- operations_by_type.sql. A party's place is the region at $level above its location (pnav:locatedIn, then
-- pnav:partOfRegion*), else its location itself when that is coarser; a party without a region has only its
-- country. A party is at home when it is located in one of $regions.
-- Direction (NULL without a home region): 'within' (both sides at home), 'out of' (from home to a known place
--   elsewhere), 'into' (from a known place elsewhere to home), 'outside' (neither side at home, both known),
--   'not known' (a side without a party or a place, the other not deciding it).
-- Parameters: the scope ($industry, $regions, $start, $end); $kinds (list of event types); $level
--   ('province' | 'prefecture' | 'county').
-- Columns: kind, from_region (IRI or NULL), from_region_name (zh label), from_country, from_home, to_region,
--   to_region_name, to_country, to_home, direction, patents, events. By kind, then most patents, ties by IRIs.
WITH RECURSIVE up(loc, region) AS (
    SELECT DISTINCT region, region FROM located_in
    UNION
    SELECT u.loc, p.parent FROM up u JOIN part_of_region p ON p.region = u.region
),
events AS (SELECT event, patent, kind FROM scope_events($industry, $regions, $start, $end, $kinds)),
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
orgs AS (
    SELECT from_org AS org FROM pairs WHERE from_org IS NOT NULL
    UNION SELECT to_org FROM pairs WHERE to_org IS NOT NULL
),
located AS (
    SELECT l.entity AS org,
           COALESCE(MIN(u.region) FILTER (WHERE a.level = $level), MIN(l.region)) AS region,
           bool_or(COALESCE(list_contains($regions::UBIGINT[], l.region), false)) AS home
    FROM located_in l
    JOIN orgs o ON o.org = l.entity
    JOIN up u ON u.loc = l.region
    LEFT JOIN admin_level a ON a.region = u.region
    GROUP BY l.entity
),
place AS (
    SELECT o.org, lc.region, MIN(c.country) AS country, COALESCE(lc.home, false) AS home,
           lc.region IS NOT NULL OR COALESCE(MIN(c.country) <> 'CN', false) AS known
    FROM orgs o LEFT JOIN located lc ON lc.org = o.org LEFT JOIN country c ON c.entity = o.org
    GROUP BY o.org, lc.region, lc.home
),
placed AS (
    SELECT f.kind, f.event, f.patent, f.weight,
           fp.region AS from_region, fp.country AS from_country, COALESCE(fp.home, false) AS from_home,
           COALESCE(fp.known, false) AS from_known,
           tp.region AS to_region, tp.country AS to_country, COALESCE(tp.home, false) AS to_home,
           COALESCE(tp.known, false) AS to_known
    FROM pairs p
    JOIN facts f ON f.event = p.event
    LEFT JOIN place fp ON fp.org = p.from_org
    LEFT JOIN place tp ON tp.org = p.to_org
),
counted AS (
    SELECT kind, from_region, from_country, from_home, from_known, to_region, to_country, to_home, to_known,
           COUNT(DISTINCT patent) AS patents, CAST(SUM(weight) AS BIGINT) AS events
    FROM (SELECT DISTINCT kind, from_region, from_country, from_home, from_known, to_region, to_country, to_home,
                          to_known, event, patent, weight FROM placed)
    GROUP BY kind, from_region, from_country, from_home, from_known, to_region, to_country, to_home, to_known
),
names AS (
    SELECT r.region, MIN(l.label) FILTER (WHERE l.lang = 'zh') AS name
    FROM (SELECT from_region AS region FROM counted UNION SELECT to_region FROM counted) r
    JOIN label l ON l.entity = r.region
    GROUP BY r.region
)
SELECT c.kind, c.from_region, fn.name AS from_region_name, c.from_country, c.from_home,
       c.to_region, tn.name AS to_region_name, c.to_country, c.to_home,
       CASE WHEN $regions IS NULL THEN NULL
            WHEN c.from_home AND c.to_home THEN 'within'
            WHEN c.from_home AND c.to_known THEN 'out of'
            WHEN c.to_home AND c.from_known THEN 'into'
            WHEN c.from_known AND c.to_known THEN 'outside'
            ELSE 'not known'
       END AS direction,
       c.patents, c.events
FROM counted c LEFT JOIN names fn ON fn.region = c.from_region LEFT JOIN names tn ON tn.region = c.to_region
ORDER BY c.kind, c.patents DESC, c.from_region NULLS LAST, c.from_country NULLS LAST, c.from_home,
         c.to_region NULLS LAST, c.to_country NULLS LAST, c.to_home;
