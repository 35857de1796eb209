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
-- Each patent's fields are read from key_patents_available (key_patents_available.sql, computed once per state
-- of the tables; one bit per field, as that file lists them); only the scope and $as_of are the call's.
-- derived: key_patents_available
WITH scoped AS (
    SELECT a.* FROM scope_patents($industry, $regions, $start, $end) s JOIN key_patents_available a ON a.patent = s.patent
),
market AS (
    SELECT a.fields FROM scope_patents($industry, NULL, $start, $end) m
    JOIN key_patents_available a ON a.patent = m.patent
)
SELECT
    (SELECT COUNT(*) FROM scoped) AS patents,
    (SELECT COUNT(*) FILTER (WHERE (fields & 1) <> 0) FROM scoped) AS ipc,
    (SELECT COUNT(*) FILTER (WHERE (fields & 2) <> 0) FROM scoped) AS filed,
    (SELECT COUNT(*) FILTER (WHERE (fields & 4) <> 0) FROM scoped) AS citation_data,
    (SELECT COUNT(*) FILTER (WHERE (fields & 8) <> 0) FROM scoped) AS stated_forward,
    (SELECT COUNT(*) FILTER (WHERE (fields & 16) <> 0) FROM scoped) AS listed_forward,
    (SELECT COUNT(*) FILTER (WHERE (fields & 32) <> 0) FROM scoped) AS attributed,
    (SELECT COUNT(*) FILTER (WHERE (fields & 64) <> 0) FROM scoped) AS stated_self,
    (SELECT COUNT(*) FILTER (WHERE (fields & 128) <> 0) FROM scoped) AS family,
    (SELECT COUNT(*) FILTER (WHERE (fields & 256) <> 0) FROM scoped) AS claims,
    (SELECT COUNT(*) FILTER (WHERE (fields & 512) <> 0) FROM scoped) AS independent_claims,
    (SELECT COUNT(*) FILTER (WHERE (fields & 1024) <> 0) FROM scoped) AS patent_type,
    (SELECT COUNT(*) FILTER (WHERE (fields & 2048) <> 0) FROM scoped) AS legal_status,
    (SELECT COUNT(*) FILTER (WHERE (fields & 4096) <> 0) FROM scoped) AS lapse_date,
    -- known status (65536) and a known type (131072) or a lapse date (4096); or an unknown status and a lapse by $as_of
    (SELECT COUNT(*) FILTER (WHERE ((fields & 65536) <> 0 AND (fields & (131072 | 4096)) <> 0)
                                OR ((fields & 65536) = 0 AND first_lapse <= $as_of)) FROM scoped) AS remaining_term,
    (SELECT COUNT(*) FILTER (WHERE (fields & 8192) <> 0) FROM scoped) AS events,
    (SELECT COUNT(*) FILTER (WHERE (fields & 16384) <> 0) FROM scoped) AS vendor_scores,
    (SELECT COUNT(*) FILTER (WHERE (fields & 32768) <> 0) FROM market) AS priority_numbers,
    (SELECT COUNT(*) FROM market) AS market;
