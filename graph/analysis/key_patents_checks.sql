-- What the loaded data give for the key-patent indicators: scope patents with each field (one row).
-- Parameters: the scope ($industry, $regions, $start, $end); $as_of (DATE the remaining term is counted from).
-- Columns: patents (scope patents); ipc (with an IPC class), filed (with an application date or year),
--   citation_data (with a stated citation count or a listed citation either way), stated_forward (with a
--   stated forward-citation count), listed_forward (cited by a document the files list), attributed (cited
--   by a listed loaded patent with an applicant), stated_self (stating self and other forward counts),
--   family (with family members or a stated family size), claims, independent_claims, patent_type,
--   legal_status (other than 'unknown'), lapse_date, remaining_term (a known status and a patent type or lapse
--   date, or an unknown status and a lapse date by $as_of: what key_patents_ranking.sql needs), events (with a
--   legal event), vendor_scores,
--   priority_numbers (market patents, all regions, with a priority number), market (market patents).
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
market AS (SELECT patent FROM scope_patents($industry, NULL, $start, $end)),
cite_data AS (
    SELECT patent FROM cited_by_count UNION SELECT patent FROM cites_count
    UNION SELECT patent FROM cites UNION SELECT cited FROM cites
),
family AS (
    SELECT patent FROM simple_family_member UNION SELECT patent FROM docdb_family_member
    UNION SELECT patent FROM extended_family_member UNION SELECT patent FROM dwpi_family_member
    UNION SELECT patent FROM simple_family_size UNION SELECT patent FROM docdb_family_size
    UNION SELECT patent FROM extended_family_size UNION SELECT patent FROM dwpi_family_size
)
SELECT
    (SELECT COUNT(*) FROM scope) AS patents,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM classified_in)
                                   OR patent IN (SELECT patent FROM main_classification)) AS ipc,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM application_date)
                                   OR patent IN (SELECT patent FROM application_year)) AS filed,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM cite_data)) AS citation_data,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM cited_by_count)) AS stated_forward,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT cited FROM cites)) AS listed_forward,
    (SELECT COUNT(*) FROM scope WHERE patent IN (
        SELECT c.cited FROM cites c WHERE c.patent IN (SELECT patent FROM applicant))) AS attributed,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM cited_by_self_count)
                                  AND patent IN (SELECT patent FROM cited_by_other_count)) AS stated_self,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM family)) AS family,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM claims_count)) AS claims,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM independent_claims_count)) AS independent_claims,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM patent_type)) AS patent_type,
    (SELECT COUNT(*) FROM scope WHERE patent IN (
        SELECT patent FROM legal_status WHERE status <> 'unknown')) AS legal_status,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM lapse_date)) AS lapse_date,
    (SELECT COUNT(*) FROM scope
     WHERE (patent IN (SELECT patent FROM legal_status WHERE status IN ('active', 'inactive', 'pending'))
            AND (patent IN (SELECT patent FROM patent_type WHERE type IN ('invention', 'utility', 'design'))
                 OR patent IN (SELECT patent FROM lapse_date)))
        OR (patent NOT IN (SELECT patent FROM legal_status WHERE status IN ('active', 'inactive', 'pending'))
            AND patent IN (SELECT patent FROM lapse_date WHERE date <= $as_of))) AS remaining_term,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM legal_event)) AS events,
    (SELECT COUNT(*) FROM scope WHERE patent IN (SELECT patent FROM vendor_score)) AS vendor_scores,
    (SELECT COUNT(*) FROM market WHERE patent IN (SELECT patent FROM priority_number)) AS priority_numbers,
    (SELECT COUNT(*) FROM market) AS market;
