-- Normalised name, country and whether each given applicant is located in a home region.
-- Parameters: $applicants = list of organisation IRIs (those not typed pnav:Organization are left
-- out); $home = list of region IRIs (may be empty).
-- Columns: applicant, name (the smallest normalised name; NULL when none), country (likewise),
-- inRegion (1 when located in one of $home, else 0); by applicant.
WITH wanted AS (
    SELECT DISTINCT entity AS applicant
    FROM "type"
    WHERE class = iri_id('https://w3id.org/patentnav/ontology#Organization')
      AND entity IN (SELECT unnest($applicants::UBIGINT[]))
),
names AS (
    SELECT org, MIN(name) AS name FROM normalized_name WHERE org IN (SELECT applicant FROM wanted) GROUP BY org
),
countries AS (
    SELECT entity, MIN(country) AS country FROM country WHERE entity IN (SELECT applicant FROM wanted) GROUP BY entity
),
placed AS (
    SELECT entity, MAX(CASE WHEN list_contains($home::UBIGINT[], region) THEN 1 ELSE 0 END) AS in_region
    FROM located_in WHERE entity IN (SELECT applicant FROM wanted) GROUP BY entity
)
SELECT w.applicant, n.name, c.country, COALESCE(p.in_region, 0) AS inRegion
FROM wanted w
LEFT JOIN names n ON n.org = w.applicant
LEFT JOIN countries c ON c.entity = w.applicant
LEFT JOIN placed p ON p.entity = w.applicant
ORDER BY w.applicant;
