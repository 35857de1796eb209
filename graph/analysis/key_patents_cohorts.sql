-- Key patents' cohort indicators, for every loaded patent: its cohort (IPC subclass of its main
-- classification, else its first subclass, x filing year), forward citations, family, claims and independent
-- claims, each with its mid-rank percentile within the cohort. They do not depend on a scope, so the engine
-- computes this table once per state of the analytic tables (graph/tables/engine.py, "derived tables") and
-- key_patents_ranking.sql reads the scope's rows of it. The definitions are in graph/analysis/key_patents.py.
-- Columns: patent, sub, year, cohort_size, fwd, fwd_pct, family_kind, family_size, family_countries,
--   member_countries, family_pct, claims, claims_pct, independent, independent_pct.
WITH patents AS (
    SELECT DISTINCT entity AS patent FROM "type" WHERE class = iri_id('https://w3id.org/patentnav/ontology#Patent')
),
main_sub AS (
    SELECT m.patent, MIN(substr(c.symbol, 1, 4)) AS sub FROM main_classification m
    JOIN ipc_code c ON c.ipc = m.ipc GROUP BY m.patent
),
any_sub AS (
    SELECT k.patent, MIN(substr(c.symbol, 1, 4)) AS sub FROM classified_in k
    JOIN ipc_code c ON c.ipc = k.ipc GROUP BY k.patent
),
filed AS (SELECT patent, MIN(date) AS filed FROM application_date GROUP BY patent),
filed_year AS (SELECT patent, MIN(year) AS year FROM application_year GROUP BY patent),
keys AS (
    SELECT p.patent, COALESCE(ms.sub, xs.sub) AS sub, COALESCE(year(fd.filed), fy.year) AS year
    FROM patents p
    LEFT JOIN main_sub ms ON ms.patent = p.patent
    LEFT JOIN any_sub xs ON xs.patent = p.patent
    LEFT JOIN filed fd ON fd.patent = p.patent
    LEFT JOIN filed_year fy ON fy.patent = p.patent
),
-- Every loaded patent is in one cohort (the percentiles do not depend on the scope).
population AS (SELECT patent, sub, year FROM keys),
-- Forward citations: the larger of the largest count an export states and the citing documents the files list.
stated_fwd AS (SELECT patent, MAX(n) AS n FROM cited_by_count GROUP BY patent),
listed_fwd AS (SELECT cited AS patent, COUNT(DISTINCT patent) AS n FROM cites GROUP BY cited),
cite_data AS (
    SELECT patent FROM cited_by_count UNION SELECT patent FROM cites_count
    UNION SELECT patent FROM cites UNION SELECT cited FROM cites
),
-- Families: the first kind with facts for the patent, in the order simple, DocDB, extended (INPADOC), DWPI.
families AS (
    SELECT 'simple' AS kind, 1 AS pref, patent, member, NULL::BIGINT AS size FROM simple_family_member
    UNION ALL SELECT 'docdb', 2, patent, member, NULL FROM docdb_family_member
    UNION ALL SELECT 'extended', 3, patent, member, NULL FROM extended_family_member
    UNION ALL SELECT 'dwpi', 4, patent, member, NULL FROM dwpi_family_member
    UNION ALL SELECT 'simple', 1, patent, NULL, size FROM simple_family_size
    UNION ALL SELECT 'docdb', 2, patent, NULL, size FROM docdb_family_size
    UNION ALL SELECT 'extended', 3, patent, NULL, size FROM extended_family_size
    UNION ALL SELECT 'dwpi', 4, patent, NULL, size FROM dwpi_family_size
),
family_kind AS (SELECT patent, arg_min(kind, pref) AS kind FROM families GROUP BY patent),
-- A node's office: the two letters its publication numbers begin with (CN, US, EP, WO ...).
node_office AS (
    SELECT patent AS node, MIN(substr(number, 1, 2)) AS cc FROM publication_number
    WHERE regexp_matches(number, '^[A-Z]{2}') GROUP BY patent
),
app_office AS (
    SELECT patent, MIN(substr(number, 1, 2)) AS cc FROM application_number
    WHERE regexp_matches(number, '^[A-Z]{2}') GROUP BY patent
),
own_country AS (
    SELECT p.patent, COALESCE(c.country, n.cc, a.cc) AS cc
    FROM population p
    LEFT JOIN (SELECT entity, MIN(country) AS country FROM country GROUP BY entity) c ON c.entity = p.patent
    LEFT JOIN node_office n ON n.node = p.patent
    LEFT JOIN app_office a ON a.patent = p.patent
),
family AS (
    SELECT k.patent, k.kind, MAX(f.size) AS stated_size,
           COUNT(DISTINCT f.member) FILTER (WHERE f.member <> k.patent) AS members,
           COALESCE(list(m.cc) FILTER (WHERE m.cc IS NOT NULL AND f.member <> k.patent), []::VARCHAR[]) AS ccs
    FROM family_kind k
    JOIN families f ON f.patent = k.patent AND f.kind = k.kind
    LEFT JOIN node_office m ON m.node = f.member
    GROUP BY k.patent, k.kind
),
family_ind AS (
    SELECT f.patent, f.kind, GREATEST(COALESCE(f.stated_size, 0), f.members + 1) AS size,
           list_sort(list_distinct(CASE WHEN o.cc IS NULL THEN f.ccs ELSE list_append(f.ccs, o.cc) END)) AS ccs
    FROM family f LEFT JOIN own_country o ON o.patent = f.patent
),
claims AS (SELECT patent, MAX(n) AS n FROM claims_count GROUP BY patent),
independent AS (SELECT patent, MAX(n) AS n FROM independent_claims_count GROUP BY patent),
base AS (
    SELECT p.patent, p.sub, p.year,
           CASE WHEN cd.patent IS NOT NULL THEN GREATEST(COALESCE(sf.n, 0), COALESCE(lf.n, 0)) END AS fwd,
           fi.kind AS family_kind, fi.size AS family_size, NULLIF(len(fi.ccs), 0) AS family_countries,
           NULLIF(array_to_string(fi.ccs, ', '), '') AS member_countries, cl.n AS claims, ic.n AS independent
    FROM population p
    LEFT JOIN cite_data cd ON cd.patent = p.patent
    LEFT JOIN stated_fwd sf ON sf.patent = p.patent
    LEFT JOIN listed_fwd lf ON lf.patent = p.patent
    LEFT JOIN family_ind fi ON fi.patent = p.patent
    LEFT JOIN claims cl ON cl.patent = p.patent
    LEFT JOIN independent ic ON ic.patent = p.patent
),
-- Mid-rank percentile within the cohort, over the cohort's patents for which the indicator is known:
-- (patents below + half the patents equal, itself included) / patents known.
cohort AS (
    SELECT b.*, COUNT(*) OVER (PARTITION BY sub, year) AS cohort_size,
           CASE WHEN fwd IS NOT NULL THEN
               (rank() OVER (PARTITION BY sub, year ORDER BY fwd NULLS LAST) - 1
                + 0.5 * COUNT(fwd) OVER (PARTITION BY sub, year, fwd)) / COUNT(fwd) OVER (PARTITION BY sub, year)
           END AS fwd_pct,
           CASE WHEN family_countries IS NOT NULL THEN
               (rank() OVER (PARTITION BY sub, year ORDER BY family_countries NULLS LAST) - 1
                + 0.5 * COUNT(family_countries) OVER (PARTITION BY sub, year, family_countries))
               / COUNT(family_countries) OVER (PARTITION BY sub, year)
           END AS family_pct,
           CASE WHEN claims IS NOT NULL THEN
               (rank() OVER (PARTITION BY sub, year ORDER BY claims NULLS LAST) - 1
                + 0.5 * COUNT(claims) OVER (PARTITION BY sub, year, claims))
               / COUNT(claims) OVER (PARTITION BY sub, year)
           END AS claims_pct,
           CASE WHEN independent IS NOT NULL THEN
               (rank() OVER (PARTITION BY sub, year ORDER BY independent NULLS LAST) - 1
                + 0.5 * COUNT(independent) OVER (PARTITION BY sub, year, independent))
               / COUNT(independent) OVER (PARTITION BY sub, year)
           END AS independent_pct
    FROM base b
)
SELECT * FROM cohort;
