-- The licensors outside the home region whose licences home licensees take, ranked by patents (the evidence
-- of dependence on licences in from outside; see warnings_licences.sql for the definitions).
-- Parameters: the scope ($industry, $regions, $start, $end; the caller passes the market); $home (list of
--   region IRIs); $limit (NULL = all).
-- Columns: licensor, name (smallest normalised name, else label), region (smallest location IRI), country,
--   patents (patents it licensed to a home licensee), events (sum of the stated counts, at least 1 per event).
--   Most patents first, then events, ties by IRI.
WITH market AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
licences AS (
    SELECT le.event, le.patent, GREATEST(COALESCE(MAX(c.n), 1), 1) AS weight
    FROM legal_event le
    JOIN market m ON m.patent = le.patent
    JOIN event_type et ON et.event = le.event AND et.type = 'licence'
    LEFT JOIN event_count c ON c.event = le.event
    GROUP BY le.event, le.patent
),
home_orgs AS (SELECT DISTINCT entity AS org FROM located_in WHERE list_contains($home::UBIGINT[], region)),
placed AS (
    SELECT entity AS org FROM located_in
    UNION SELECT entity FROM country WHERE country <> 'CN'
),
home_in AS (
    SELECT DISTINCT l.event FROM licences l JOIN to_party tp ON tp.event = l.event JOIN home_orgs h ON h.org = tp.org
),
outside AS (
    SELECT DISTINCT fp.org, l.event, l.patent, l.weight
    FROM licences l
    JOIN home_in hi ON hi.event = l.event
    JOIN from_party fp ON fp.event = l.event
    WHERE fp.org IN (SELECT org FROM placed) AND fp.org NOT IN (SELECT org FROM home_orgs)
),
ranked AS (
    SELECT org, COUNT(DISTINCT patent) AS patents, CAST(SUM(weight) AS BIGINT) AS events
    FROM outside GROUP BY org
    ORDER BY patents DESC, events DESC, org
    LIMIT $limit
)
SELECT r.org AS licensor, COALESCE(MIN(n.name), MIN(lb.label)) AS name, MIN(l.region) AS region,
       MIN(c.country) AS country, r.patents, r.events
FROM ranked r
LEFT JOIN normalized_name n ON n.org = r.org
LEFT JOIN label lb ON lb.entity = r.org
LEFT JOIN located_in l ON l.entity = r.org
LEFT JOIN country c ON c.entity = r.org
GROUP BY r.org, r.patents, r.events
ORDER BY r.patents DESC, r.events DESC, r.org;
