-- Valid invention patents held by regions at a date, from ingested patents: invention
-- patents granted by $as_of, filed less than 20 years before it ($term_start), with normalised
-- legal status "active" now, whose holder is located in the region. The holder is the first
-- applicant (pnav:firstApplicant), or any applicant when the first is not recorded.
-- Parameters: the scope ($industry, $regions, $start, $end); $as_of, $term_start (DATE);
--   $pair_regions, $pair_locs: two lists of the same length, each region paired with itself and
--   every region below it (a patent held in a location counts for the regions paired with it).
-- Columns: region, held.
WITH pairs AS (
    SELECT unnest($pair_regions::UBIGINT[]) AS region, unnest($pair_locs::UBIGINT[]) AS loc
),
valid AS (  -- the scope's patents first: each test below only narrows them
    SELECT s.patent FROM scope_patents($industry, $regions, $start, $end) s
    WHERE s.patent IN (SELECT patent FROM patent_type WHERE type = 'invention')
      AND s.patent IN (SELECT patent FROM legal_status WHERE status = 'active')
      AND s.patent IN (SELECT patent FROM grant_date WHERE date <= $as_of)
      AND s.patent IN (SELECT patent FROM application_date WHERE date > $term_start)
),
firsts AS (SELECT f.patent, f.org FROM first_applicant f WHERE f.patent IN (SELECT patent FROM valid)),
holders AS (  -- the valid patents' first applicants, else their applicants (the test reads the valid ones only)
    SELECT patent, org FROM firsts
    UNION
    SELECT a.patent, a.org FROM applicant a
    WHERE a.patent IN (SELECT patent FROM valid) AND a.patent NOT IN (SELECT patent FROM firsts)
)
SELECT p.region, COUNT(DISTINCT v.patent) AS held
FROM valid v
JOIN holders h ON h.patent = v.patent
JOIN located_in l ON l.entity = h.org
JOIN pairs p ON p.loc = l.region
GROUP BY p.region
ORDER BY p.region
