-- The patents of a bounded citation network around a scope: every document on either side of a citation the
-- files list (pnav:cites) whose citing or cited side is a scope patent -- loaded patents and reference nodes
-- (documents outside the loaded files, known by their number only).
-- Parameters: the scope ($industry, $regions, $start, $end); $limit (patents kept).
-- Columns: patent, application_number, publication_number, title (zh label, else any), forward_citations (the
--   larger of the largest stated count, pnav:citedByCount, and the citing documents the files list: as
--   graph/analysis/key_patents.py counts them), stated (NULL when none), listed, links (listed citations it
--   takes part in, either side, within the network), in_scope, loaded (a pnav:Patent of the loaded files),
--   candidates (documents in the whole network), citations (listed citations in the whole network).
--   The $limit documents with most forward citations, then most links, ties by IRI.
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
links AS (
    SELECT DISTINCT c.patent AS citing, c.cited FROM cites c
    WHERE c.patent IN (SELECT patent FROM scope) OR c.cited IN (SELECT patent FROM scope)
),
ends AS (
    SELECT patent, COUNT(*) AS links FROM (SELECT citing AS patent FROM links UNION ALL SELECT cited FROM links)
    GROUP BY patent
),
stated AS (SELECT patent, MAX(n) AS n FROM cited_by_count WHERE patent IN (SELECT patent FROM ends) GROUP BY patent),
listed AS (
    SELECT cited AS patent, COUNT(DISTINCT patent) AS n FROM cites WHERE cited IN (SELECT patent FROM ends)
    GROUP BY cited
),
ranked AS (
    SELECT e.patent, GREATEST(COALESCE(st.n, 0), COALESCE(li.n, 0)) AS forward_citations, st.n AS stated,
           COALESCE(li.n, 0) AS listed, e.links, COUNT(*) OVER () AS candidates
    FROM ends e LEFT JOIN stated st ON st.patent = e.patent LEFT JOIN listed li ON li.patent = e.patent
    ORDER BY forward_citations DESC, e.links DESC, e.patent
    LIMIT $limit
),
loaded AS (
    SELECT DISTINCT entity AS patent FROM "type"
    WHERE class = iri_id('https://w3id.org/patentnav/ontology#Patent') AND entity IN (SELECT patent FROM ranked)
)
SELECT r.patent, MIN(a.number) AS application_number, MIN(p.number) AS publication_number,
       COALESCE(MIN(l.label) FILTER (WHERE l.lang = 'zh'), MIN(l.label)) AS title,
       r.forward_citations, r.stated, r.listed, r.links,
       r.patent IN (SELECT patent FROM scope) AS in_scope, r.patent IN (SELECT patent FROM loaded) AS loaded,
       r.candidates, (SELECT COUNT(*) FROM links) AS citations
FROM ranked r
LEFT JOIN application_number a ON a.patent = r.patent
LEFT JOIN publication_number p ON p.patent = r.patent
LEFT JOIN label l ON l.entity = r.patent
GROUP BY r.patent, r.forward_citations, r.stated, r.listed, r.links, r.candidates
ORDER BY r.forward_citations DESC, r.links DESC, r.patent;
