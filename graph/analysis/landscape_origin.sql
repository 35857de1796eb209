-- Where the holders of the scope's patents come from, relative to a home region.
-- Per patent: home = some applicant located in the home region (or below it);
-- foreign = some applicant whose pnav:country is not CN; domestic_out = some applicant
-- located in a Chinese region outside home (or with country CN and no region); a co-applied
-- patent can be in several categories; unknown_only = no applicant with a region or country.
-- Only applicants typed pnav:Organization are classified.
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the market, without
-- region); $home = list of the home region IRIs (the region and every region below it).
-- Columns: total, home, outOfRegion (no home applicant), foreign, domesticOut, unknownOnly. One row.
-- Only the market's applicants are classified, each once (one row of flags, each flag true when some
-- combination of its location and country, NULL where it has none, says so); each patent then takes
-- the flags of its applicants, and the patents are counted per flag.
WITH market AS MATERIALIZED (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
links AS MATERIALIZED (
    SELECT a.patent, a.org FROM market m JOIN applicant a ON a.patent = m.patent
),
orgs AS (
    SELECT DISTINCT l.org FROM links l
    SEMI JOIN "type" t ON t.entity = l.org AND t.class = iri_id('https://w3id.org/patentnav/ontology#Organization')
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
per_patent AS (
    SELECT bool_or(f.h) AS h, bool_or(f.f) AS f, bool_or(f.d) AS d, bool_or(f.k) AS k
    FROM links l
    JOIN flags f ON f.org = l.org
    GROUP BY l.patent
),
counts AS (
    SELECT COUNT(*) FILTER (WHERE h) AS home,
           COUNT(*) FILTER (WHERE f) AS "foreign",
           COUNT(*) FILTER (WHERE d) AS domesticOut,
           COUNT(*) FILTER (WHERE k) AS known
    FROM per_patent
),
total AS (SELECT COUNT(*) AS total FROM market)
SELECT t.total, c.home, t.total - c.home AS outOfRegion, c."foreign", c.domesticOut, t.total - c.known AS unknownOnly
FROM total t, counts c;
