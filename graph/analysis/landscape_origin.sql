-- Where the holders of the scope's patents come from, relative to a home region.
-- Per patent: home = some applicant located in the home region (or below it);
-- foreign = some applicant whose pnav:country is not CN; domestic_out = some applicant
-- located in a Chinese region outside home (or with country CN and no region); a co-applied
-- patent can be in several categories; unknown_only = no applicant with a region or country.
-- Only applicants typed pnav:Organization are classified.
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the market, without
-- region); $home = list of the home region IRIs (the region and every region below it).
-- Columns: total, home, outOfRegion (no home applicant), foreign, domesticOut, unknownOnly. One row.
-- Each organisation is classified once (one row of flags, each flag true when some combination of
-- its location and country, NULL where it has none, says so), then its patents are counted per category.
WITH orgs AS (
    SELECT DISTINCT entity AS org FROM "type" WHERE class = iri_id('https://w3id.org/patentnav/ontology#Organization')
),
org_facts AS (
    SELECT o.org, l.region AS loc, c.country,
           l.region IS NOT NULL AND list_contains($home::UBIGINT[], l.region) AS is_home,
           c.country IS NOT NULL AND c.country <> 'CN' AS is_foreign
    FROM orgs o
    LEFT JOIN located_in l ON l.entity = o.org
    LEFT JOIN country c ON c.entity = o.org
),
flags AS (
    SELECT org,
           bool_or(is_home) AS h,
           bool_or(is_foreign) AS f,
           bool_or(NOT is_home AND NOT is_foreign AND (loc IS NOT NULL OR COALESCE(country = 'CN', false))) AS d,
           bool_or(loc IS NOT NULL OR country IS NOT NULL) AS k
    FROM org_facts
    GROUP BY org
),
market AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
counts AS (
    SELECT COUNT(DISTINCT m.patent) FILTER (WHERE f.h) AS home,
           COUNT(DISTINCT m.patent) FILTER (WHERE f.f) AS "foreign",
           COUNT(DISTINCT m.patent) FILTER (WHERE f.d) AS domesticOut,
           COUNT(DISTINCT m.patent) FILTER (WHERE f.k) AS known
    FROM market m
    JOIN applicant a ON a.patent = m.patent
    JOIN flags f ON f.org = a.org
),
total AS (SELECT COUNT(*) AS total FROM market)
SELECT t.total, c.home, t.total - c.home AS outOfRegion, c."foreign", c.domesticOut, t.total - c.known AS unknownOnly
FROM total t, counts c;
