-- Self-citation share of the scope's forward citations, on two bases (one row each):
--   'listed links': the citations the files list (pnav:cites) of scope patents whose citing document is a
--     loaded patent with an applicant (attributed); a self-citation shares at least one applicant with the
--     cited patent;
--   'stated counts': the self and other forward-citation counts an export states (被自引次数 / 被他引次数),
--     summed over the scope patents that state both.
-- Parameters: the scope ($industry, $regions, $start, $end).
-- Columns: basis, patents (scope patents the basis covers), citations, self_citations. Two rows; a basis
--   with no data has patents 0 and NULL citations.
-- (The self flag is found per listed citation with a LEFT JOIN from the citing patent's applicants: joining the
-- two applicant lists on the organisation first would multiply the largest applicants' patents.)
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
links AS (
    SELECT DISTINCT c.patent AS citing, c.cited FROM scope s JOIN cites c ON c.cited = s.patent
    WHERE c.patent IN (SELECT patent FROM applicant)
),
flagged AS (
    SELECT l.citing, l.cited, COUNT(b.org) > 0 AS self
    FROM links l
    -- (the applicants of the links' patents only: the whole table made distinct would cost more than the rest)
    JOIN (SELECT DISTINCT patent, org FROM applicant WHERE patent IN (SELECT citing FROM links)) a
      ON a.patent = l.citing
    LEFT JOIN (SELECT DISTINCT patent, org FROM applicant WHERE patent IN (SELECT cited FROM links)) b
      ON b.patent = l.cited AND b.org = a.org
    GROUP BY l.citing, l.cited
),
stated AS (
    SELECT s.patent, MAX(f.n) AS self, MAX(o.n) AS other
    FROM scope s JOIN cited_by_self_count f ON f.patent = s.patent JOIN cited_by_other_count o ON o.patent = s.patent
    GROUP BY s.patent
)
SELECT 'listed links' AS basis, COUNT(DISTINCT cited) AS patents, NULLIF(COUNT(*), 0) AS citations,
       CASE WHEN COUNT(*) > 0 THEN COUNT(*) FILTER (WHERE self) END AS self_citations
FROM flagged
UNION ALL
SELECT 'stated counts', COUNT(*), CAST(SUM(self + other) AS BIGINT), CAST(SUM(self) AS BIGINT) FROM stated
ORDER BY basis;  -- listed links first: a UNION ALL alone promises no order
