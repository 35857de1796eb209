-- Citations the files list among given documents, one side a scope patent (the links of
-- citations_patent_nodes.sql between its kept nodes).
-- Parameters: the scope ($industry, $regions, $start, $end); $patents (list of patent IRIs: the nodes).
-- Columns: citing, cited. By citing, cited.
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
nodes AS (SELECT DISTINCT unnest($patents::UBIGINT[]) AS patent)
SELECT DISTINCT c.patent AS citing, c.cited
FROM cites c JOIN nodes x ON x.patent = c.patent JOIN nodes y ON y.patent = c.cited
WHERE (c.patent IN (SELECT patent FROM scope) OR c.cited IN (SELECT patent FROM scope)) AND c.patent <> c.cited
ORDER BY citing, cited;
