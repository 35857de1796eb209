-- Key patents' inbound families, the part that does not depend on a scope: every patent of the Chinese office
-- (pnav:country CN, else its number begins with CN) with why it is inbound, if it is. The engine computes this
-- table once per state of the analytic tables (graph/tables/engine.py, "derived tables"); key_patents_inbound.sql
-- keeps the market's rows of it and adds the home region. The definitions are in key_patents_inbound.sql.
-- Columns: patent, foreign_applicant (BOOLEAN), priority_cc (the foreign priority's office), member_cc (the
--   earlier member's office abroad), applicant_country (the applicants' foreign country, the smallest).
WITH node_office AS (
    SELECT patent AS node, MIN(substr(number, 1, 2)) AS cc FROM publication_number
    WHERE regexp_matches(number, '^[A-Z]{2}') GROUP BY patent
),
office AS (
    SELECT p.patent, COALESCE(c.cc, n.cc, a.cc) AS cc
    FROM patent_set p
    LEFT JOIN (SELECT entity, MIN(country) AS cc FROM country GROUP BY entity) c ON c.entity = p.patent
    LEFT JOIN node_office n ON n.node = p.patent
    LEFT JOIN (
        SELECT patent, MIN(substr(number, 1, 2)) AS cc FROM application_number
        WHERE regexp_matches(number, '^[A-Z]{2}') GROUP BY patent
    ) a ON a.patent = p.patent
),
cn AS (SELECT patent FROM office WHERE cc = 'CN'),
org_country AS (
    SELECT o.org, bool_or(c.country <> 'CN') AS foreign_org,
           bool_or(c.country = 'CN' OR l.region IS NOT NULL) AS cn_org,
           MIN(c.country) FILTER (WHERE c.country <> 'CN') AS country
    FROM (SELECT DISTINCT a.org FROM cn JOIN applicant a ON a.patent = cn.patent) o
    LEFT JOIN country c ON c.entity = o.org
    LEFT JOIN located_in l ON l.entity = o.org
    GROUP BY o.org
),
by_applicant AS (
    SELECT cn.patent, bool_or(oc.foreign_org) AND NOT bool_or(COALESCE(oc.cn_org, false)) AS foreign_applicant,
           MIN(oc.country) AS country
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
)
SELECT cn.patent, COALESCE(ba.foreign_applicant, false) AS foreign_applicant, bp.cc AS priority_cc,
       bm.cc AS member_cc, ba.country AS applicant_country
FROM cn
LEFT JOIN by_applicant ba ON ba.patent = cn.patent
LEFT JOIN by_priority bp ON bp.patent = cn.patent
LEFT JOIN by_member bm ON bm.patent = cn.patent
