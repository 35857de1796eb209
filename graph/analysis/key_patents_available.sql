-- Which key-patent fields the loaded data give for each patent: the part of key_patents_checks.sql that does not
-- depend on a scope, one row per patent (patent_set), so the engine computes it once per state of the analytic
-- tables (graph/tables/engine.py, "derived tables"). The fields are defined in key_patents_checks.sql.
-- Columns: patent, then one BOOLEAN per field (ipc, filed, citation_data, stated_forward, listed_forward,
--   attributed, stated_self, family, claims, independent_claims, patent_type, legal_status, lapse_date, events,
--   vendor_scores, priority_numbers), known_status (active, inactive or pending), known_type (invention, utility
--   or design), and first_lapse (the earliest lapse date, for the remaining term by a date).
WITH cite_data AS (
    SELECT patent FROM cited_by_count UNION SELECT patent FROM cites_count
    UNION SELECT patent FROM cites UNION SELECT cited FROM cites
),
family AS (
    SELECT patent FROM simple_family_member UNION SELECT patent FROM docdb_family_member
    UNION SELECT patent FROM extended_family_member UNION SELECT patent FROM dwpi_family_member
    UNION SELECT patent FROM simple_family_size UNION SELECT patent FROM docdb_family_size
    UNION SELECT patent FROM extended_family_size UNION SELECT patent FROM dwpi_family_size
)
SELECT p.patent,
       p.patent IN (SELECT patent FROM classified_in) OR p.patent IN (SELECT patent FROM main_classification) AS ipc,
       p.patent IN (SELECT patent FROM application_date) OR p.patent IN (SELECT patent FROM application_year)
           AS filed,
       p.patent IN (SELECT patent FROM cite_data) AS citation_data,
       p.patent IN (SELECT patent FROM cited_by_count) AS stated_forward,
       p.patent IN (SELECT cited FROM cites) AS listed_forward,
       p.patent IN (SELECT c.cited FROM cites c WHERE c.patent IN (SELECT patent FROM applicant)) AS attributed,
       p.patent IN (SELECT patent FROM cited_by_self_count) AND p.patent IN (SELECT patent FROM cited_by_other_count)
           AS stated_self,
       p.patent IN (SELECT patent FROM family) AS family,
       p.patent IN (SELECT patent FROM claims_count) AS claims,
       p.patent IN (SELECT patent FROM independent_claims_count) AS independent_claims,
       p.patent IN (SELECT patent FROM patent_type) AS patent_type,
       p.patent IN (SELECT patent FROM legal_status WHERE status <> 'unknown') AS legal_status,
       p.patent IN (SELECT patent FROM lapse_date) AS lapse_date,
       p.patent IN (SELECT patent FROM legal_event) AS events,
       p.patent IN (SELECT patent FROM vendor_score) AS vendor_scores,
       p.patent IN (SELECT patent FROM priority_number) AS priority_numbers,
       p.patent IN (SELECT patent FROM legal_status WHERE status IN ('active', 'inactive', 'pending')) AS known_status,
       p.patent IN (SELECT patent FROM patent_type WHERE type IN ('invention', 'utility', 'design')) AS known_type,
       l.first_lapse
FROM patent_set p
LEFT JOIN (SELECT patent, MIN(date) AS first_lapse FROM lapse_date GROUP BY patent) l ON l.patent = p.patent
