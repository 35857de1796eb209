-- The organisations of the scope's patent operations (events as in operations_by_year.sql), ranked per kind
-- and side: 'from' (transferors, licensors, pledgors, plaintiffs, invalidation or re-examination requesters),
-- 'to' (transferees, licensees, pledgees, defendants), 'holder' (the current holders of the patent, else its
-- applicants: whom an invalidation request is aimed at).
-- Parameters: the scope ($industry, $regions, $start, $end); $kinds (list of event types); $sides (list of
--   'from' | 'to' | 'holder'); $home_only (true: only organisations located in $regions); $limit (per kind
--   and side; NULL = all).
-- Columns: kind, side, rank, org, name, org_type, type_source ('stated by the file' | 'guessed from the name'
--   | NULL), region (IRI of its location, the smallest when several), region_name, country, home (located in
--   $regions), patents, events (sum of the stated counts, at least 1 per event). By kind, side, rank
--   (most patents, then events, ties by IRI).
WITH events AS (SELECT event, patent, kind FROM scope_events($industry, $regions, $start, $end, $kinds)),
home_orgs AS (SELECT DISTINCT entity AS org FROM located_in WHERE list_contains($regions::UBIGINT[], region)),
facts AS (
    SELECT e.event, e.patent, e.kind, GREATEST(COALESCE(MAX(c.n), 1), 1) AS weight
    FROM events e LEFT JOIN event_count c ON c.event = e.event
    GROUP BY e.event, e.patent, e.kind
),
holders AS (  -- of the events' patents only (the whole applicant table would be made distinct otherwise)
    SELECT c.patent, c.org FROM current_holder c WHERE c.patent IN (SELECT patent FROM facts)
    UNION
    SELECT a.patent, a.org FROM applicant a
    WHERE a.patent IN (SELECT patent FROM facts) AND a.patent NOT IN (SELECT patent FROM current_holder)
),
roles AS (
    SELECT DISTINCT f.kind, 'from' AS side, p.org, f.event, f.patent, f.weight
    FROM facts f JOIN from_party p ON p.event = f.event WHERE list_contains($sides, 'from')
    UNION
    SELECT DISTINCT f.kind, 'to', p.org, f.event, f.patent, f.weight
    FROM facts f JOIN to_party p ON p.event = f.event WHERE list_contains($sides, 'to')
    UNION
    SELECT DISTINCT f.kind, 'holder', h.org, f.event, f.patent, f.weight
    FROM facts f JOIN holders h ON h.patent = f.patent WHERE list_contains($sides, 'holder')
),
kept_roles AS (
    SELECT * FROM roles WHERE NOT $home_only OR org IN (SELECT org FROM home_orgs)
),
counted AS (
    SELECT kind, side, org, COUNT(DISTINCT patent) AS patents, CAST(SUM(weight) AS BIGINT) AS events
    FROM kept_roles GROUP BY kind, side, org
),
ranked AS (
    SELECT *, row_number() OVER (PARTITION BY kind, side ORDER BY patents DESC, events DESC, org) AS rank
    FROM counted
    QUALIFY $limit IS NULL OR rank <= $limit
),
attrs AS (
    SELECT r.org, COALESCE(MIN(n.name), MIN(lb.label)) AS name, MIN(t.type) AS org_type,
           CASE WHEN MIN(t.type) IS NULL THEN NULL
                WHEN bool_or(NOT g.guessed) THEN 'stated by the file'
                WHEN bool_or(g.guessed) THEN 'guessed from the name'
           END AS type_source,
           MIN(l.region) AS region, MIN(c.country) AS country,
           bool_or(COALESCE(list_contains($regions::UBIGINT[], l.region), false)) AS home
    FROM (SELECT DISTINCT org FROM ranked) r
    LEFT JOIN normalized_name n ON n.org = r.org
    LEFT JOIN label lb ON lb.entity = r.org
    LEFT JOIN organization_type t ON t.org = r.org
    LEFT JOIN organization_type_guessed g ON g.org = r.org
    LEFT JOIN located_in l ON l.entity = r.org
    LEFT JOIN country c ON c.entity = r.org
    GROUP BY r.org
),
region_names AS (
    SELECT a.region, MIN(l.label) FILTER (WHERE l.lang = 'zh') AS name
    FROM (SELECT DISTINCT region FROM attrs WHERE region IS NOT NULL) a JOIN label l ON l.entity = a.region
    GROUP BY a.region
)
SELECT r.kind, r.side, r.rank, r.org, a.name, a.org_type, a.type_source, a.region, rn.name AS region_name,
       a.country, a.home, r.patents, r.events
FROM ranked r JOIN attrs a ON a.org = r.org LEFT JOIN region_names rn ON rn.region = a.region
ORDER BY r.kind, r.side, r.rank;
