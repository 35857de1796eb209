-- Outbound layout per applicant: how many of its scope patents have family members abroad, and where.
-- A patent's family is the first kind with facts for it (simple, DocDB, extended, DWPI), as in
-- key_patents_ranking.sql; a member is abroad when its office (the two letters its publication number begins
-- with) differs from the patent's own country (pnav:country, else its own number's office).
-- Parameters: the scope ($industry, $regions, $start, $end); $limit (NULL = every applicant).
-- Columns: org (NULL on the first row, which is the whole scope), name, patents (scope patents),
--   with_family_data, abroad (patents with a member abroad), countries (offices abroad with the number of
--   patents that have a member there, most first: 'US 3, EP 1'; NULL when none).
--   The scope row first; then applicants by patents abroad, then patents, ties by IRI.
-- derived: key_patents_node_office
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
families AS (
    SELECT 'simple' AS kind, 1 AS pref, patent, member FROM simple_family_member
    UNION ALL SELECT 'docdb', 2, patent, member FROM docdb_family_member
    UNION ALL SELECT 'extended', 3, patent, member FROM extended_family_member
    UNION ALL SELECT 'dwpi', 4, patent, member FROM dwpi_family_member
    UNION ALL SELECT 'simple', 1, patent, NULL FROM simple_family_size
    UNION ALL SELECT 'docdb', 2, patent, NULL FROM docdb_family_size
    UNION ALL SELECT 'extended', 3, patent, NULL FROM extended_family_size
    UNION ALL SELECT 'dwpi', 4, patent, NULL FROM dwpi_family_size
),
scoped AS (SELECT f.* FROM scope s JOIN families f ON f.patent = s.patent),
family_kind AS (SELECT patent, arg_min(kind, pref) AS kind FROM scoped GROUP BY patent),
node_office AS (SELECT node, cc FROM key_patents_node_office),
own AS (
    SELECT k.patent, COALESCE(MIN(c.country), MIN(n.cc), MIN(substr(a.number, 1, 2))) AS cc
    FROM family_kind k
    LEFT JOIN country c ON c.entity = k.patent
    LEFT JOIN node_office n ON n.node = k.patent
    LEFT JOIN application_number a ON a.patent = k.patent AND regexp_matches(a.number, '^[A-Z]{2}')
    GROUP BY k.patent
),
abroad AS (  -- (patent, office abroad) pairs
    SELECT DISTINCT k.patent, m.cc
    FROM family_kind k
    JOIN scoped f ON f.patent = k.patent AND f.kind = k.kind AND f.member IS NOT NULL AND f.member <> k.patent
    JOIN node_office m ON m.node = f.member
    JOIN own o ON o.patent = k.patent
    WHERE o.cc IS NOT NULL AND m.cc <> o.cc
),
holders AS (SELECT a.patent, a.org FROM scope s JOIN applicant a ON a.patent = s.patent),  -- distinct pairs
-- Each patent once: with family data, with a member abroad; so an organisation's patents are counted as rows.
patent_flags AS (
    SELECT k.patent, k.patent IN (SELECT patent FROM abroad) AS is_abroad FROM family_kind k
),
per_org AS (
    SELECT h.org, COUNT(*) AS patents, COUNT(f.patent) AS with_family_data,
           COUNT(*) FILTER (WHERE f.is_abroad) AS abroad
    FROM holders h
    LEFT JOIN patent_flags f ON f.patent = h.patent
    GROUP BY h.org
),
kept AS (SELECT * FROM per_org ORDER BY abroad DESC, patents DESC, org LIMIT $limit),
org_offices AS (
    SELECT h.org, ab.cc, COUNT(*) AS n  -- (org, patent, office) rows are distinct
    FROM kept k JOIN holders h ON h.org = k.org JOIN abroad ab ON ab.patent = h.patent
    GROUP BY h.org, ab.cc
),
scope_offices AS (SELECT cc, COUNT(*) AS n FROM abroad GROUP BY cc),  -- (patent, office) rows are distinct
names AS (
    SELECT k.org, COALESCE(MIN(n.name), MIN(l.label)) AS name
    FROM kept k LEFT JOIN normalized_name n ON n.org = k.org LEFT JOIN label l ON l.entity = k.org
    GROUP BY k.org
)
SELECT NULL AS org, NULL AS name, (SELECT COUNT(*) FROM scope) AS patents,
       (SELECT COUNT(*) FROM family_kind) AS with_family_data, (SELECT COUNT(DISTINCT patent) FROM abroad) AS abroad,
       (SELECT string_agg(cc || ' ' || CAST(n AS VARCHAR), ', ' ORDER BY n DESC, cc) FROM scope_offices) AS countries,
       0 AS k
UNION ALL
SELECT * FROM (
    SELECT k.org, nm.name, k.patents, k.with_family_data, k.abroad,
           string_agg(o.cc || ' ' || CAST(o.n AS VARCHAR), ', ' ORDER BY o.n DESC, o.cc) AS countries,
           row_number() OVER (ORDER BY k.abroad DESC, k.patents DESC, k.org) AS k
    FROM kept k LEFT JOIN names nm ON nm.org = k.org LEFT JOIN org_offices o ON o.org = k.org
    GROUP BY k.org, nm.name, k.patents, k.with_family_data, k.abroad
)
ORDER BY k;
