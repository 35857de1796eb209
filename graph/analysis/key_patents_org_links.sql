-- Citation links between organisations around the scope: every citation the files list (pnav:cites) between
-- two loaded patents with applicants, one of which (citing or cited) is a scope patent, summed per pair of
-- organisations (whole counting: each applicant of the citing patent x each applicant of the cited one).
-- Parameters: the scope ($industry, $regions, $start, $end); $limit (NULL = every pair).
-- Columns: org (citing organisation), name, cited_org, cited_name, citations (distinct citing-cited patent
--   pairs), self (the same organisation on both sides). Most citations first, ties by citing then cited IRI.
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
links AS (
    SELECT DISTINCT c.patent AS citing, c.cited FROM cites c
    WHERE c.patent IN (SELECT patent FROM scope) OR c.cited IN (SELECT patent FROM scope)
),
pairs AS (
    SELECT DISTINCT ca.org, ka.org AS cited_org, l.citing, l.cited
    FROM links l
    JOIN applicant ca ON ca.patent = l.citing
    JOIN applicant ka ON ka.patent = l.cited
),
counts AS (
    SELECT org, cited_org, COUNT(DISTINCT citing || ' ' || cited) AS citations
    FROM pairs GROUP BY org, cited_org
    ORDER BY citations DESC, org, cited_org
    LIMIT $limit
),
orgs AS (SELECT org FROM counts UNION SELECT cited_org FROM counts),
names AS (
    SELECT o.org, COALESCE(MIN(n.name), MIN(l.label)) AS name
    FROM orgs o LEFT JOIN normalized_name n ON n.org = o.org LEFT JOIN label l ON l.entity = o.org
    GROUP BY o.org
)
SELECT c.org, n.name, c.cited_org, m.name AS cited_name, c.citations, c.org = c.cited_org AS self
FROM counts c LEFT JOIN names n ON n.org = c.org LEFT JOIN names m ON m.org = c.cited_org
ORDER BY c.citations DESC, c.org, c.cited_org;
