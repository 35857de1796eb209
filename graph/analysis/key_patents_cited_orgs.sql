-- Organisations most cited through the scope's patents: each applicant of a scope patent with the forward
-- citations its scope patents receive (whole counting: a co-applied patent counts for each applicant), and
-- self-citations among the citing patents the files list.
-- A listed citation is attributed when the citing document is a loaded patent with an applicant; it is a
-- self-citation of the organisation when the organisation is also an applicant of the citing patent.
-- Parameters: the scope ($industry, $regions, $start, $end); $limit (NULL = every applicant).
-- Columns: org, name, patents (scope patents of the organisation), with_data (of them, with citation data),
--   cited_patents (cited at least once), forward_citations (sum over its patents with citation data),
--   attributed (listed citations from patents with an applicant), self_citations (of those, from its own
--   patents). Most cited first, then more patents, ties by organisation IRI. Only organisations with
--   citation data on some patent.
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
stated AS (
    SELECT s.patent, MAX(c.n) AS n FROM scope s JOIN cited_by_count c ON c.patent = s.patent GROUP BY s.patent
),
listed AS (
    SELECT s.patent, COUNT(DISTINCT c.patent) AS n FROM scope s JOIN cites c ON c.cited = s.patent GROUP BY s.patent
),
cite_data AS (
    SELECT s.patent FROM scope s
    WHERE s.patent IN (SELECT patent FROM cited_by_count UNION SELECT patent FROM cites_count
                       UNION SELECT patent FROM cites UNION SELECT cited FROM cites)
),
fwd AS (
    SELECT d.patent, GREATEST(COALESCE(st.n, 0), COALESCE(li.n, 0)) AS n
    FROM cite_data d LEFT JOIN stated st ON st.patent = d.patent LEFT JOIN listed li ON li.patent = d.patent
),
-- Only organisations with citation data on some scope patent are listed: their (patent, organisation) pairs
-- (distinct rows: the scope lists a patent once, applicant a pair once).
data_orgs AS (SELECT DISTINCT a.org FROM fwd f JOIN applicant a ON a.patent = f.patent),
holders AS (
    SELECT a.patent, a.org FROM scope s JOIN applicant a ON a.patent = s.patent
    WHERE a.org IN (SELECT org FROM data_orgs)
),
links AS (  -- listed citations of scope patents, from citing patents with an applicant
    SELECT DISTINCT c.patent AS citing, c.cited FROM scope s JOIN cites c ON c.cited = s.patent
    WHERE c.patent IN (SELECT patent FROM applicant)
),
attributed AS (
    SELECT h.org, COUNT(DISTINCT l.citing || ' ' || l.cited) AS attributed,
           COUNT(DISTINCT l.citing || ' ' || l.cited) FILTER (WHERE o.org IS NOT NULL) AS self_citations
    FROM holders h
    JOIN links l ON l.cited = h.patent
    LEFT JOIN applicant o ON o.patent = l.citing AND o.org = h.org
    GROUP BY h.org
),
counts AS (
    SELECT h.org, COUNT(*) AS patents, COUNT(f.patent) AS with_data,
           COUNT(f.patent) FILTER (WHERE f.n > 0) AS cited_patents,
           CAST(SUM(f.n) AS BIGINT) AS forward_citations
    FROM holders h LEFT JOIN fwd f ON f.patent = h.patent
    GROUP BY h.org
    HAVING COUNT(f.patent) > 0
),
kept AS (SELECT * FROM counts ORDER BY forward_citations DESC, patents DESC, org LIMIT $limit),
names AS (
    SELECT k.org, COALESCE(MIN(n.name), MIN(l.label)) AS name
    FROM kept k LEFT JOIN normalized_name n ON n.org = k.org LEFT JOIN label l ON l.entity = k.org
    GROUP BY k.org
)
SELECT k.org, n.name, k.patents, k.with_data, k.cited_patents, k.forward_citations,
       COALESCE(a.attributed, 0) AS attributed, COALESCE(a.self_citations, 0) AS self_citations
FROM kept k LEFT JOIN names n ON n.org = k.org LEFT JOIN attributed a ON a.org = k.org
ORDER BY k.forward_citations DESC, k.patents DESC, k.org;
