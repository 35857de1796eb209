-- The applicants whose recent filings clear the competitor-surge thresholds: the input of that warning
-- (graph/analysis/warnings/market.py, competitor_surge, defines the rates; it computes them again for the
-- applicants given here, with the same arithmetic, so a boundary case is the same on both sides).
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the market);
--   $first_year, $split, $last_year: the baseline years are $first_year..$split, the recent years after it
--   up to $last_year; $recent_years, $baseline_years (their numbers); $surge_ratio, $min_recent.
-- Columns: applicant (IRI), recent, baseline (distinct patents filed in each window, summed over the years);
-- by applicant.
WITH yearly AS (
    SELECT a.org AS applicant, year(d.date) AS year, COUNT(DISTINCT s.patent) AS filings
    FROM scope_patents($industry, $regions, $start, $end) s
    JOIN applicant a ON a.patent = s.patent
    JOIN application_date d ON d.patent = s.patent
    WHERE year(d.date) BETWEEN $first_year AND $last_year
    GROUP BY 1, 2
),
windows AS (
    SELECT applicant,
           COALESCE(SUM(filings) FILTER (WHERE year > $split), 0)::BIGINT AS recent,
           COALESCE(SUM(filings) FILTER (WHERE year <= $split), 0)::BIGINT AS baseline
    FROM yearly
    GROUP BY applicant
)
SELECT applicant, recent, baseline
FROM windows
WHERE recent >= $min_recent
  AND (recent::DOUBLE / $recent_years) / (GREATEST(baseline, 1)::DOUBLE / $baseline_years) >= $surge_ratio
ORDER BY applicant;
