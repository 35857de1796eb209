-- Applicants ranked by the number of patents they (co-)apply for, whole counting:
-- a patent with two applicants counts once for each.
-- Parameters: the scope ($industry, $regions, $start, $end); $limit (NULL = every applicant).
-- Columns: applicant (IRI), name (normalised name or label; the smallest when there are several;
-- NULL when none), patents. Largest first, ties by applicant IRI (string order).
-- Names are looked up only for the applicants kept after ranking.
WITH counts AS (
    SELECT a.org AS applicant, COUNT(*) AS patents  -- the scope and applicant are distinct: one row per pair
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN applicant a ON a.patent = s.patent
    GROUP BY a.org
    ORDER BY patents DESC, applicant
    LIMIT $limit
),
names AS (
    SELECT org AS entity, name FROM normalized_name
    UNION ALL
    SELECT entity, label AS name FROM label
)
SELECT c.applicant, MIN(n.name) AS name, c.patents
FROM counts c
LEFT JOIN names n ON n.entity = c.applicant
GROUP BY c.applicant, c.patents
ORDER BY c.patents DESC, c.applicant;
