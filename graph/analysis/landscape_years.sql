-- Per year: filings and their distinct applicants (by application year), and grants (by grant year),
-- for the patents in scope (the period filters application dates): the filing/grant trend and the
-- two series of the applicants-versus-applications life-cycle diagram, counted in one pass.
-- Parameters: the scope ($industry, $regions, $start, $end; NULL = no restriction).
-- Columns: year; filings (distinct patents filed that year), applicants (distinct applicants of
-- them), both NULL for a year with grants only; grants (distinct patents granted that year, NULL
-- when none). By year.
-- Each count reads distinct (year, patent) and (year, applicant) pairs: cheaper than COUNT(DISTINCT …) over
-- the patents x applicants rows.
WITH s AS MATERIALIZED (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
dated AS MATERIALIZED (
    SELECT DISTINCT year(d.date) AS year, d.patent FROM s JOIN application_date d ON d.patent = s.patent
),
filed AS (SELECT year, COUNT(*) AS filings FROM dated GROUP BY year),
filers AS (
    SELECT year, COUNT(*) AS applicants
    FROM (SELECT DISTINCT y.year, a.org FROM dated y JOIN applicant a ON a.patent = y.patent)
    GROUP BY year
),
granted AS (
    SELECT year, COUNT(*) AS grants
    FROM (SELECT DISTINCT year(g.date) AS year, g.patent FROM s JOIN grant_date g ON g.patent = s.patent)
    GROUP BY year
)
SELECT COALESCE(f.year, g.year) AS year, f.filings,
       CASE WHEN f.year IS NOT NULL THEN COALESCE(a.applicants, 0) END AS applicants, g.grants
FROM filed f
LEFT JOIN filers a ON a.year = f.year
FULL OUTER JOIN granted g ON g.year = f.year
ORDER BY 1;
