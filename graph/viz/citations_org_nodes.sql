-- The organisations of a bounded citation network: who cites whom around a scope. A link is a citation the
-- files list (pnav:cites) between two loaded patents with applicants, the citing or the cited one a scope
-- patent; it joins each applicant of the citing patent to each applicant of the cited one (whole counting).
-- Parameters: the scope ($industry, $regions, $start, $end); $limit (organisations kept).
-- Columns: org, name (smallest normalised name, else label), received (citing-cited patent pairs citing its
--   patents), made (pairs in which its patents cite), self (pairs within the organisation), scope_patents (its
--   patents in the scope), candidates (organisations in the whole network), links (distinct pairs of
--   different organisations in the whole network), citations (citing-cited patent pairs in the whole network).
--   The $limit organisations with most citations received plus made, then most received, ties by IRI.
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
links AS (
    SELECT DISTINCT c.patent AS citing, c.cited FROM cites c
    WHERE c.patent IN (SELECT patent FROM scope) OR c.cited IN (SELECT patent FROM scope)
),
pairs AS (
    SELECT DISTINCT ca.org AS citing_org, ka.org AS cited_org, l.citing, l.cited
    FROM links l JOIN applicant ca ON ca.patent = l.citing JOIN applicant ka ON ka.patent = l.cited
),
edges AS (SELECT citing_org, cited_org, COUNT(*) AS citations FROM pairs GROUP BY citing_org, cited_org),
stats AS (
    SELECT org, SUM(received) AS received, SUM(made) AS made, SUM(self) AS self FROM (
        SELECT cited_org AS org, citations AS received, 0 AS made,
               CASE WHEN citing_org = cited_org THEN citations ELSE 0 END AS self
        FROM edges
        UNION ALL
        SELECT citing_org, 0, citations, 0 FROM edges WHERE citing_org <> cited_org
    ) GROUP BY org
),
ranked AS (
    SELECT org, received, made, self, COUNT(*) OVER () AS candidates
    FROM stats
    ORDER BY received + made DESC, received DESC, org
    LIMIT $limit
),
in_scope AS (
    SELECT a.org, COUNT(DISTINCT a.patent) AS patents
    FROM applicant a JOIN scope s ON s.patent = a.patent
    WHERE a.org IN (SELECT org FROM ranked)
    GROUP BY a.org
)
SELECT r.org, COALESCE(MIN(n.name), MIN(lb.label)) AS name, CAST(r.received AS BIGINT) AS received,
       CAST(r.made AS BIGINT) AS made, CAST(r.self AS BIGINT) AS self, COALESCE(i.patents, 0) AS scope_patents,
       r.candidates,
       (SELECT COUNT(*) FROM edges WHERE citing_org <> cited_org) AS links,
       (SELECT COUNT(*) FROM (SELECT DISTINCT citing, cited FROM pairs)) AS citations
FROM ranked r
LEFT JOIN normalized_name n ON n.org = r.org
LEFT JOIN label lb ON lb.entity = r.org
LEFT JOIN in_scope i ON i.org = r.org
GROUP BY r.org, r.received, r.made, r.self, i.patents, r.candidates
ORDER BY r.received + r.made DESC, r.received DESC, r.org;
