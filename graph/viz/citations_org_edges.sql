-- Citation links among given organisations around a scope (links as in citations_org_nodes.sql), without
-- self-citations (citations_org_nodes.sql counts those per organisation).
-- Parameters: the scope ($industry, $regions, $start, $end); $orgs (list of organisation IRIs: the nodes).
-- Columns: citing_org, cited_org, citations (citing-cited patent pairs). By citing_org, cited_org.
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
nodes AS (SELECT DISTINCT unnest($orgs::UBIGINT[]) AS org),
links AS (
    SELECT DISTINCT c.patent AS citing, c.cited FROM cites c
    WHERE c.patent IN (SELECT patent FROM scope) OR c.cited IN (SELECT patent FROM scope)
),
pairs AS (
    SELECT DISTINCT ca.org AS citing_org, ka.org AS cited_org, l.citing, l.cited
    FROM links l
    JOIN applicant ca ON ca.patent = l.citing JOIN nodes x ON x.org = ca.org
    JOIN applicant ka ON ka.patent = l.cited JOIN nodes y ON y.org = ka.org
    WHERE ca.org <> ka.org
)
SELECT citing_org, cited_org, COUNT(*) AS citations FROM pairs GROUP BY citing_org, cited_org
ORDER BY citing_org, cited_org;
