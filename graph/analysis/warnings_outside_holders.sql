-- Applicants outside a home region ranked by their patents in the market: who the region
-- depends on. An applicant is outside when it is located in none of the home regions.
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the market);
-- $home = list of the home region and the regions below it; $limit (NULL = every outside applicant).
-- Columns: applicant, name (smallest normalised name; NULL when none), country (likewise), patents.
-- Largest first, ties by applicant IRI; names and countries looked up after ranking.
WITH home_orgs AS (
    SELECT DISTINCT entity AS org FROM located_in WHERE list_contains($home::UBIGINT[], region)
),
counts AS (
    SELECT a.org AS applicant, COUNT(*) AS patents  -- the scope and applicant are distinct: one row per pair
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN applicant a ON a.patent = s.patent
    WHERE a.org NOT IN (SELECT org FROM home_orgs)
    GROUP BY a.org
    ORDER BY patents DESC, applicant
    LIMIT $limit
)
SELECT c.applicant, MIN(n.name) AS name, MIN(k.country) AS country, c.patents
FROM counts c
LEFT JOIN normalized_name n ON n.org = c.applicant
LEFT JOIN country k ON k.entity = c.applicant
GROUP BY c.applicant, c.patents
ORDER BY c.patents DESC, c.applicant;
