-- The scope's most-cited patents: forward citations as key_patents_ranking.sql counts them (the larger of the
-- largest count an export states and the citing documents the files list), for patents with citation data.
-- Parameters: the scope ($industry, $regions, $start, $end); $limit (NULL = every patent with a citation).
-- Columns: patent, application_number, publication_number, title, forward_citations, stated (largest stated
-- count, NULL when none), listed (citing documents the files list). Patents cited at least once; most cited
-- first, ties by patent IRI.
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
stated AS (
    SELECT s.patent, MAX(c.n) AS n FROM scope s JOIN cited_by_count c ON c.patent = s.patent GROUP BY s.patent
),
listed AS (
    SELECT s.patent, COUNT(DISTINCT c.patent) AS n FROM scope s JOIN cites c ON c.cited = s.patent GROUP BY s.patent
),
counted AS (
    SELECT COALESCE(st.patent, li.patent) AS patent, st.n AS stated, COALESCE(li.n, 0) AS listed,
           GREATEST(COALESCE(st.n, 0), COALESCE(li.n, 0)) AS forward_citations
    FROM stated st FULL JOIN listed li ON li.patent = st.patent
),
kept AS (
    SELECT * FROM counted WHERE forward_citations > 0 ORDER BY forward_citations DESC, patent LIMIT $limit
)
SELECT k.patent, MIN(a.number) AS application_number, MIN(p.number) AS publication_number,
       COALESCE(MIN(l.label) FILTER (WHERE l.lang = 'zh'), MIN(l.label)) AS title,
       k.forward_citations, k.stated, k.listed
FROM kept k
LEFT JOIN application_number a ON a.patent = k.patent
LEFT JOIN publication_number p ON p.patent = k.patent
LEFT JOIN label l ON l.entity = k.patent
GROUP BY k.patent, k.forward_citations, k.stated, k.listed
ORDER BY k.forward_citations DESC, k.patent;
