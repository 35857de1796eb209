-- Filings per applicant and application year within a window of years: the input of the
-- competitor-surge warning.
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the market);
-- $first_year, $last_year (inclusive).
-- Columns: applicant (IRI), year, filings (distinct patents); by applicant, then year.
SELECT a.org AS applicant, year(d.date) AS year, COUNT(DISTINCT s.patent) AS filings
FROM scope_patents($industry, $regions, $start, $end) s
JOIN applicant a ON a.patent = s.patent
JOIN application_date d ON d.patent = s.patent
WHERE year(d.date) BETWEEN $first_year AND $last_year
GROUP BY 1, 2
ORDER BY 1, 2;
