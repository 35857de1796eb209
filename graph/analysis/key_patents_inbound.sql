-- Inbound: foreign families entering China in the market of the scope (the scope's industry and period, all
-- regions: a Chinese patent covers the whole country, and foreign applicants sit in no Chinese region).
-- A market patent of the Chinese office (pnav:country CN, else its number begins with CN) is inbound when
--   foreign_applicant: some applicant has a country other than CN and none is Chinese (country CN or located
--     in a region); or
--   foreign_priority: it claims the priority of an application whose number begins with another office's two
--     letters (pnav:priorityNumber: the first filing was abroad, Paris Convention Art. 4); or
--   earlier_member_abroad: a family member (any kind, linked either way) is a loaded patent of another office
--     filed before it (the family's earliest member is abroad).
-- Its origin is the foreign priority's office, else the earlier member's office, else the applicants' country
-- (the smallest code when several).
-- Parameters: the scope ($industry, $start, $end; the region is not used); $home (list of the home region
--   IRIs; empty without a region).
-- Columns: origin (NULL on the first row: every inbound patent), patents, foreign_applicant, foreign_priority,
--   earlier_member_abroad, home_coapplicant (of them, with an applicant in the home region), market (CN patents
--   of the market, the same on every row). The total row first, then origins by patents, ties by code.
WITH market AS (SELECT patent FROM scope_patents($industry, NULL, $start, $end)),
node_office AS (
    SELECT patent AS node, MIN(substr(number, 1, 2)) AS cc FROM publication_number
    WHERE regexp_matches(number, '^[A-Z]{2}') GROUP BY patent
),
office AS (
    SELECT m.patent, COALESCE(MIN(c.country), MIN(n.cc), MIN(substr(a.number, 1, 2))) AS cc
    FROM market m
    LEFT JOIN country c ON c.entity = m.patent
    LEFT JOIN node_office n ON n.node = m.patent
    LEFT JOIN application_number a ON a.patent = m.patent AND regexp_matches(a.number, '^[A-Z]{2}')
    GROUP BY m.patent
),
cn AS (SELECT patent FROM office WHERE cc = 'CN'),
org_country AS (
    SELECT o.org, bool_or(c.country <> 'CN') AS foreign_org,
           bool_or(c.country = 'CN' OR l.region IS NOT NULL) AS cn_org,
           MIN(c.country) FILTER (WHERE c.country <> 'CN') AS country,
           bool_or(COALESCE(list_contains($home::UBIGINT[], l.region), false)) AS home
    FROM (SELECT DISTINCT a.org FROM cn JOIN applicant a ON a.patent = cn.patent) o
    LEFT JOIN country c ON c.entity = o.org
    LEFT JOIN located_in l ON l.entity = o.org
    GROUP BY o.org
),
by_applicant AS (
    SELECT cn.patent, bool_or(oc.foreign_org) AND NOT bool_or(COALESCE(oc.cn_org, false)) AS foreign_applicant,
           MIN(oc.country) AS country, bool_or(oc.home) AS home
    FROM cn JOIN applicant a ON a.patent = cn.patent JOIN org_country oc ON oc.org = a.org
    GROUP BY cn.patent
),
by_priority AS (
    SELECT cn.patent, MIN(substr(p.number, 1, 2)) AS cc
    FROM cn JOIN priority_number p ON p.patent = cn.patent
    WHERE regexp_matches(p.number, '^[A-Z]{2}') AND substr(p.number, 1, 2) <> 'CN'
    GROUP BY cn.patent
),
links AS (
    SELECT patent, member FROM simple_family_member UNION SELECT patent, member FROM docdb_family_member
    UNION SELECT patent, member FROM extended_family_member UNION SELECT patent, member FROM dwpi_family_member
),
members AS (
    SELECT patent, member FROM links UNION SELECT member, patent FROM links
),
filed AS (SELECT patent, MIN(date) AS filed FROM application_date GROUP BY patent),
member_office AS (
    SELECT m.node, COALESCE(m.cc, MIN(c.country)) AS cc FROM node_office m LEFT JOIN country c ON c.entity = m.node
    GROUP BY m.node, m.cc
),
by_member AS (
    SELECT cn.patent, arg_min(mo.cc, mf.filed) AS cc
    FROM cn
    JOIN filed pf ON pf.patent = cn.patent
    JOIN members mb ON mb.patent = cn.patent
    JOIN filed mf ON mf.patent = mb.member AND mf.filed < pf.filed
    JOIN member_office mo ON mo.node = mb.member AND mo.cc <> 'CN'
    GROUP BY cn.patent
),
inbound AS (
    SELECT cn.patent, COALESCE(ba.foreign_applicant, false) AS foreign_applicant, bp.cc IS NOT NULL AS foreign_priority,
           bm.cc IS NOT NULL AS earlier_member_abroad, COALESCE(ba.home, false) AS home,
           COALESCE(bp.cc, bm.cc, ba.country) AS origin
    FROM cn
    LEFT JOIN by_applicant ba ON ba.patent = cn.patent
    LEFT JOIN by_priority bp ON bp.patent = cn.patent
    LEFT JOIN by_member bm ON bm.patent = cn.patent
    WHERE COALESCE(ba.foreign_applicant, false) OR bp.cc IS NOT NULL OR bm.cc IS NOT NULL
),
rows AS (
    SELECT NULL AS origin, COUNT(*) AS patents, COUNT(*) FILTER (WHERE foreign_applicant) AS foreign_applicant,
           COUNT(*) FILTER (WHERE foreign_priority) AS foreign_priority,
           COUNT(*) FILTER (WHERE earlier_member_abroad) AS earlier_member_abroad,
           COUNT(*) FILTER (WHERE home) AS home_coapplicant, 0 AS k
    FROM inbound
    UNION ALL
    SELECT origin, COUNT(*), COUNT(*) FILTER (WHERE foreign_applicant), COUNT(*) FILTER (WHERE foreign_priority),
           COUNT(*) FILTER (WHERE earlier_member_abroad), COUNT(*) FILTER (WHERE home), 1
    FROM inbound GROUP BY origin
)
SELECT origin, patents, foreign_applicant, foreign_priority, earlier_member_abroad, home_coapplicant,
       (SELECT COUNT(*) FROM cn) AS market
FROM rows
ORDER BY k, patents DESC, origin;
