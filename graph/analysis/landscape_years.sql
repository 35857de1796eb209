-- Per year: filings and their distinct applicants (by application year), and grants (by grant year),
-- for the patents in scope (the period filters application dates): the filing/grant trend and the
-- two series of the applicants-versus-applications life-cycle diagram, counted in one pass.
-- Parameters: the scope ($industry, $regions, $start, $end; NULL = no restriction).
-- Columns: year; filings (distinct patents filed that year), applicants (distinct applicants of
-- them), both NULL for a year with grants only; grants (distinct patents granted that year, NULL
-- when none). By year.
WITH s AS MATERIALIZED (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
filed AS (
    SELECT year(d.date) AS year, COUNT(DISTINCT s.patent) AS filings, COUNT(DISTINCT a.org) AS applicants
    FROM s
    JOIN application_date d ON d.patent = s.patent
    LEFT JOIN applicant a ON a.patent = s.patent
    GROUP BY 1
),
granted AS (
    SELECT year(g.date) AS year, COUNT(DISTINCT s.patent) AS grants
    FROM s
    JOIN grant_date g ON g.patent = s.patent
    GROUP BY 1
)
SELECT COALESCE(f.year, g.year) AS year, f.filings, f.applicants, g.grants
FROM filed f
FULL OUTER JOIN granted g ON g.year = f.year
ORDER BY 1;
