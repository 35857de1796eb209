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
-- The four flags travel as bits of one number (1 home, 2 foreign, 4 domestic outside home, 8 known), so a
-- patent takes its applicants' flags in one aggregate.
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
           CASE WHEN bool_or(is_home) THEN 1 ELSE 0 END
           + CASE WHEN bool_or(is_foreign) THEN 2 ELSE 0 END
           + CASE WHEN bool_or(NOT is_home AND NOT is_foreign AND (loc IS NOT NULL OR COALESCE(country = 'CN', false)))
                  THEN 4 ELSE 0 END
           + CASE WHEN bool_or(loc IS NOT NULL OR country IS NOT NULL) THEN 8 ELSE 0 END AS bits
    FROM org_facts
    GROUP BY org
),
per_patent AS (
    SELECT bit_or(f.bits) AS bits FROM links l JOIN flags f ON f.org = l.org WHERE f.bits > 0 GROUP BY l.patent
),
counts AS (
    SELECT COUNT(*) FILTER (WHERE bits & 1 <> 0) AS home,
           COUNT(*) FILTER (WHERE bits & 2 <> 0) AS "foreign",
           COUNT(*) FILTER (WHERE bits & 4 <> 0) AS domesticOut,
           COUNT(*) FILTER (WHERE bits & 8 <> 0) AS known
    FROM per_patent
),
total AS (SELECT COUNT(*) AS total FROM market)
SELECT t.total, c.home, t.total - c.home AS outOfRegion, c."foreign", c.domesticOut, t.total - c.known AS unknownOnly
FROM total t, counts c;
