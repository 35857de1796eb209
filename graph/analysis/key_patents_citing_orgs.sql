-- Who builds on whom: the organisations whose patents cite the given (key) patents, by the cited patent's
-- organisation. Only citations the files list (pnav:cites) whose citing document is a loaded patent with an
-- applicant can be attributed; whole counting on both sides.
-- Parameters: $key (list of patent IRIs: the key patents); $limit (NULL = every pair).
-- Columns: org (citing organisation), name, cited_org (an applicant of the cited key patent), cited_name,
--   citations (distinct citing-cited patent pairs), citing_patents, cited_patents, self (the same
--   organisation on both sides). Most citations first, ties by citing then cited organisation IRI.
WITH links AS (
    SELECT DISTINCT c.patent AS citing, c.cited FROM cites c WHERE list_contains($key::UBIGINT[], c.cited)
),
pairs AS (
    SELECT DISTINCT ca.org, ka.org AS cited_org, l.citing, l.cited
    FROM links l
    JOIN applicant ca ON ca.patent = l.citing
    JOIN applicant ka ON ka.patent = l.cited
),
counts AS (
    SELECT org, cited_org, COUNT(DISTINCT citing || ' ' || cited) AS citations,
           COUNT(DISTINCT citing) AS citing_patents, COUNT(DISTINCT cited) AS cited_patents
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
SELECT c.org, n.name, c.cited_org, m.name AS cited_name, c.citations, c.citing_patents, c.cited_patents,
       c.org = c.cited_org AS self
FROM counts c LEFT JOIN names n ON n.org = c.org LEFT JOIN names m ON m.org = c.cited_org
ORDER BY c.citations DESC, c.org, c.cited_org;
