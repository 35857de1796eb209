-- Per year: filings and their distinct applicants (by application year), and grants (by grant year),
-- for the patents in scope (the period filters application dates): the filing/grant trend and the
-- two series of the applicants-versus-applications life-cycle diagram, counted in one pass.
-- Parameters: the scope ($industry, $regions, $start, $end; NULL = no restriction).
-- Columns: year; filings (distinct patents filed that year), applicants (distinct applicants of
-- them), both NULL for a year with grants only; grants (distinct patents granted that year, NULL
-- when none). By year.
-- Each count reads distinct (year, patent) and (year, applicant) pairs: cheaper than COUNT(DISTINCT …) over
-- the patents x applicants rows. The (year, patent) pairs are landscape_patent_years (landscape_patent_years.sql,
-- a derived table).
-- derived: landscape_patent_years
WITH s AS MATERIALIZED (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
years AS MATERIALIZED (SELECT y.kind, y.year, y.patent FROM s JOIN landscape_patent_years y ON y.patent = s.patent),
dated AS MATERIALIZED (SELECT year, patent FROM years WHERE kind = 'filed'),
filed AS (SELECT year, COUNT(*) AS filings FROM dated GROUP BY year),
filers AS (
    SELECT year, COUNT(*) AS applicants
    FROM (SELECT DISTINCT y.year, a.org FROM dated y JOIN applicant a ON a.patent = y.patent)
    GROUP BY year
),
granted AS (SELECT year, COUNT(*) AS grants FROM years WHERE kind = 'granted' GROUP BY year)
SELECT COALESCE(f.year, g.year) AS year, f.filings,
       CASE WHEN f.year IS NOT NULL THEN COALESCE(a.applicants, 0) END AS applicants, g.grants
FROM filed f
LEFT JOIN filers a ON a.year = f.year
FULL OUTER JOIN granted g ON g.year = f.year
ORDER BY 1;
