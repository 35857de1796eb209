-- The holders of given patents and whether each is at home: the current holders (pnav:currentHolder) where the
-- files name them, else the applicants; with the transferees of the patents' transfer events.
-- Parameters: $patents = list of patent IRIs (the key patents); $home = list of the home region and the regions
--   below it.
-- Columns: patent, role ('holder' | 'transferee'), basis ('current holder' | 'applicant' for holders; 'transfer
--   event' for transferees), org, name (smallest normalised name, else label; NULL when none), region (smallest
--   location IRI; NULL when none), country, home (located in one of $home), known (located in a region, or a
--   country other than CN: a place the direction can be told from). By patent, role, org.
WITH wanted AS (SELECT DISTINCT unnest($patents::UBIGINT[]) AS patent),
current AS (SELECT DISTINCT c.patent, c.org FROM current_holder c JOIN wanted w ON w.patent = c.patent),
holders AS (
    SELECT patent, 'holder' AS role, 'current holder' AS basis, org FROM current
    UNION
    SELECT a.patent, 'holder', 'applicant', a.org
    FROM applicant a JOIN wanted w ON w.patent = a.patent
    WHERE a.patent NOT IN (SELECT patent FROM current)
),
transferees AS (
    SELECT DISTINCT le.patent, 'transferee' AS role, 'transfer event' AS basis, tp.org
    FROM legal_event le
    JOIN wanted w ON w.patent = le.patent
    JOIN event_type et ON et.event = le.event AND et.type = 'transfer'
    JOIN to_party tp ON tp.event = le.event
),
rows AS (SELECT * FROM holders UNION ALL SELECT * FROM transferees),
orgs AS (SELECT DISTINCT org FROM rows),
facts AS (
    SELECT o.org, COALESCE(MIN(n.name), MIN(lb.label)) AS name, MIN(l.region) AS region, MIN(c.country) AS country,
           bool_or(COALESCE(list_contains($home::UBIGINT[], l.region), false)) AS home,
           bool_or(l.region IS NOT NULL) OR COALESCE(MIN(c.country) <> 'CN', false) AS known
    FROM orgs o
    LEFT JOIN normalized_name n ON n.org = o.org
    LEFT JOIN label lb ON lb.entity = o.org
    LEFT JOIN located_in l ON l.entity = o.org
    LEFT JOIN country c ON c.entity = o.org
    GROUP BY o.org
)
SELECT r.patent, r.role, r.basis, r.org, f.name, f.region, f.country, f.home, f.known
FROM rows r JOIN facts f ON f.org = r.org
ORDER BY r.patent, r.role, r.org;
