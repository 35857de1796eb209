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
-- The reasons do not depend on the scope: they are read from key_patents_inbound_cn (key_patents_inbound_cn.sql,
-- computed once per state of the tables); only the market and the home region are the scope's.
-- derived: key_patents_inbound_cn
WITH market AS (SELECT patent FROM scope_patents($industry, NULL, $start, $end)),
cn AS (SELECT c.* FROM key_patents_inbound_cn c JOIN market m ON m.patent = c.patent),
inbound_cn AS (
    SELECT patent, foreign_applicant, priority_cc IS NOT NULL AS foreign_priority,
           member_cc IS NOT NULL AS earlier_member_abroad, COALESCE(priority_cc, member_cc, applicant_country) AS origin
    FROM cn WHERE foreign_applicant OR priority_cc IS NOT NULL OR member_cc IS NOT NULL
),
home AS (
    SELECT DISTINCT i.patent FROM inbound_cn i
    JOIN applicant a ON a.patent = i.patent
    JOIN located_in l ON l.entity = a.org
    WHERE list_contains($home::UBIGINT[], l.region)
),
inbound AS (
    SELECT i.*, h.patent IS NOT NULL AS home FROM inbound_cn i LEFT JOIN home h ON h.patent = i.patent
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
