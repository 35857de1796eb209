-- The patent counts of the holders in a role (applicant, inventor), largest first, without names:
-- what a concentration measure (CRn, HHI) needs. Whole counting: a patent counts for each holder.
-- Parameters: the scope ($industry, $regions, $start, $end); $role = 'applicant' | 'inventor';
-- $limit (NULL = every holder).
-- Columns: patents (distinct patents of one holder), largest first.
WITH holders AS (
    SELECT patent, org AS holder FROM applicant WHERE $role = 'applicant'
    UNION ALL
    SELECT patent, person AS holder FROM inventor WHERE $role = 'inventor'
)
SELECT COUNT(*) AS patents  -- one row per patent and holder: the scope and both tables are distinct
FROM scope_patents($industry, $regions, $start, $end) s
JOIN holders h ON h.patent = s.patent
GROUP BY h.holder
ORDER BY patents DESC
LIMIT $limit;
