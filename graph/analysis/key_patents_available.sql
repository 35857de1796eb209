-- Which key-patent fields the loaded data give for each patent: the part of key_patents_checks.sql that does not
-- depend on a scope, one row per patent (patent_set), so the engine computes it once per state of the analytic
-- tables (graph/tables/engine.py, "derived tables"). The fields are defined in key_patents_checks.sql.
-- Columns: patent; fields, one bit per field that the data give (a single integer column: a table of a million
--   rows loads several times faster than with one boolean column per field): 1 ipc, 2 filed, 4 citation_data,
--   8 stated_forward, 16 listed_forward, 32 attributed, 64 stated_self, 128 family, 256 claims,
--   512 independent_claims, 1024 patent_type, 2048 legal_status, 4096 lapse_date, 8192 events,
--   16384 vendor_scores, 32768 priority_numbers, 65536 known_status (active, inactive or pending),
--   131072 known_type (invention, utility or design); first_lapse (the earliest lapse date, for the remaining
--   term by a date).
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
       (CASE WHEN p.patent IN (SELECT patent FROM classified_in)
                  OR p.patent IN (SELECT patent FROM main_classification) THEN 1 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM application_date)
                    OR p.patent IN (SELECT patent FROM application_year) THEN 2 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM cite_data) THEN 4 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM cited_by_count) THEN 8 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT cited FROM cites) THEN 16 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT c.cited FROM cites c WHERE c.patent IN (SELECT patent FROM applicant))
               THEN 32 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM cited_by_self_count)
                    AND p.patent IN (SELECT patent FROM cited_by_other_count) THEN 64 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM family) THEN 128 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM claims_count) THEN 256 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM independent_claims_count) THEN 512 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM patent_type) THEN 1024 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM legal_status WHERE status <> 'unknown') THEN 2048 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM lapse_date) THEN 4096 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM legal_event) THEN 8192 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM vendor_score) THEN 16384 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM priority_number) THEN 32768 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM legal_status WHERE status IN ('active', 'inactive', 'pending'))
               THEN 65536 ELSE 0 END
        + CASE WHEN p.patent IN (SELECT patent FROM patent_type WHERE type IN ('invention', 'utility', 'design'))
               THEN 131072 ELSE 0 END)::UINTEGER AS fields,
       l.first_lapse
FROM patent_set p
LEFT JOIN (SELECT patent, MIN(date) AS first_lapse FROM lapse_date GROUP BY patent) l ON l.patent = p.patent
