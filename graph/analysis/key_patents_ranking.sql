-- Key patents: the scope's patents with every indicator of graph/analysis/key_patents.py, scored and ranked
-- by the weighted composite (the definitions are in that module's docstring; this file computes them).
-- Parameters: the scope ($industry, $regions, $start, $end); $as_of (DATE the remaining term is counted from);
--   the terms of protection in years from the filing date: $invention_years, $utility_years, $design_years,
--   and $design_long_years for designs filed on or after $design_long_from (DATE);
--   the weights $w_forward_citations, $w_family_countries, $w_claims, $w_independent_claims,
--   $w_remaining_term, $w_in_force, $w_litigated, $w_invalidated, $w_licensed, $w_transferred, $w_pledged
--   (KeyPatentWeights: >= 0, not all 0); $limit (NULL = every patent).
-- Cohorts (same IPC subclass and application year) are formed over every loaded patent, not only the scope's
-- (key_patents_cohorts.sql, a derived table).
-- derived: key_patents_cohorts, key_patents_terms
-- Columns: rank, patent, application_number, publication_number, title, applicant, applicant_name,
--   application_date, year, patent_type, legal_status, cohort_subclass, cohort_size, forward_citations,
--   forward_citations_pct, family_kind, family_size, family_countries, member_countries, family_countries_pct,
--   claims, claims_pct,
--   independent_claims, independent_claims_pct, term_years, term_end, remaining_years, remaining_term_score,
--   in_force, litigated, invalidated, licensed, transferred, pledged, composite, weight_covered, vendor_score,
--   vendor_indicator, vendor, vendor_scores. Best first (composite, then weight_covered, then patent IRI).
-- An indicator the loaded data do not give for a patent is NULL, never 0; the composite is the weighted mean
-- of the indicators that are known for the patent (weight_covered says how much of the weight that is).
WITH scope AS (SELECT patent FROM scope_patents($industry, $regions, $start, $end)),
-- Term of protection and what is left of it at $as_of; the facts per patent are key_patents_terms
-- (key_patents_terms.sql, a derived table).
term AS (
    SELECT s.patent, f.filed, f.type, f.status, f.lapse,
           CASE f.type WHEN 'invention' THEN $invention_years WHEN 'utility' THEN $utility_years
                WHEN 'design' THEN
                    CASE WHEN f.filed >= $design_long_from THEN $design_long_years ELSE $design_years END
           END AS years,
           f.events, f.litigated, f.invalidated, f.licensed, f.transferred, f.pledged
    FROM scope s
    JOIN key_patents_terms f ON f.patent = s.patent
),
term_end AS (
    SELECT *, COALESCE(lapse, CAST(filed + to_years(CAST(years AS INTEGER)) AS DATE)) AS term_end FROM term
),
remaining AS (
    SELECT *,
           CASE WHEN status = 'active' THEN GREATEST(0, datediff('day', $as_of, term_end)) / 365.25
                WHEN status IN ('inactive', 'pending') THEN 0.0
                WHEN lapse IS NOT NULL AND lapse <= $as_of THEN 0.0
           END AS remaining_years,
           CASE status WHEN 'active' THEN 1 WHEN 'inactive' THEN 0 WHEN 'pending' THEN 0 END AS in_force
    FROM term_end
),
-- Event flags only when some scope patent has a typed legal event (else the sources carry none: NULL).
events_known AS (SELECT COALESCE(bool_or(events), false) AS known FROM remaining),
indicators AS (
    SELECT c.patent, c.sub, c.year, c.cohort_size, c.fwd, c.fwd_pct, c.family_kind, c.family_size,
           c.family_countries, c.member_countries, c.family_pct, c.claims, c.claims_pct, c.independent,
           c.independent_pct, r.filed, r.type, r.status, r.years, r.term_end, r.remaining_years,
           CASE WHEN r.remaining_years = 0 THEN 0.0
                WHEN r.remaining_years IS NOT NULL AND r.years IS NOT NULL THEN LEAST(1.0, r.remaining_years / r.years)
           END AS term_score,
           r.in_force,
           CASE WHEN k.known THEN COALESCE(r.litigated, 0) END AS litigated,
           CASE WHEN k.known THEN COALESCE(r.invalidated, 0) END AS invalidated,
           CASE WHEN k.known THEN COALESCE(r.licensed, 0) END AS licensed,
           CASE WHEN k.known THEN COALESCE(r.transferred, 0) END AS transferred,
           CASE WHEN k.known THEN COALESCE(r.pledged, 0) END AS pledged
    FROM scope s
    JOIN key_patents_cohorts c ON c.patent = s.patent  -- the cohort indicators (computed once per state)
    JOIN remaining r ON r.patent = s.patent
    CROSS JOIN events_known k
),
scored AS (
    SELECT i.*,
           COALESCE($w_forward_citations * fwd_pct, 0) + COALESCE($w_family_countries * family_pct, 0)
           + COALESCE($w_claims * claims_pct, 0) + COALESCE($w_independent_claims * independent_pct, 0)
           + COALESCE($w_remaining_term * term_score, 0) + COALESCE($w_in_force * in_force, 0)
           + COALESCE($w_litigated * litigated, 0) + COALESCE($w_invalidated * invalidated, 0)
           + COALESCE($w_licensed * licensed, 0) + COALESCE($w_transferred * transferred, 0)
           + COALESCE($w_pledged * pledged, 0) AS num,
           CASE WHEN fwd_pct IS NULL THEN 0 ELSE $w_forward_citations END
           + CASE WHEN family_pct IS NULL THEN 0 ELSE $w_family_countries END
           + CASE WHEN claims_pct IS NULL THEN 0 ELSE $w_claims END
           + CASE WHEN independent_pct IS NULL THEN 0 ELSE $w_independent_claims END
           + CASE WHEN term_score IS NULL THEN 0 ELSE $w_remaining_term END
           + CASE WHEN in_force IS NULL THEN 0 ELSE $w_in_force END
           + CASE WHEN litigated IS NULL THEN 0 ELSE $w_litigated END
           + CASE WHEN invalidated IS NULL THEN 0 ELSE $w_invalidated END
           + CASE WHEN licensed IS NULL THEN 0 ELSE $w_licensed END
           + CASE WHEN transferred IS NULL THEN 0 ELSE $w_transferred END
           + CASE WHEN pledged IS NULL THEN 0 ELSE $w_pledged END AS den
    FROM indicators i
),
ranked AS (
    SELECT s.*, CASE WHEN den > 0 THEN num / den END AS composite,
           den / ($w_forward_citations + $w_family_countries + $w_claims + $w_independent_claims + $w_remaining_term
                  + $w_in_force + $w_litigated + $w_invalidated + $w_licensed + $w_transferred + $w_pledged)
               AS weight_covered
    FROM scored s
),
kept AS (  -- the best $limit first (a top-n, not a sort of the whole scope), then numbered in the same order
    SELECT row_number() OVER (ORDER BY composite DESC NULLS LAST, weight_covered DESC, patent) AS rank, *
    FROM (SELECT * FROM ranked ORDER BY composite DESC NULLS LAST, weight_covered DESC, patent LIMIT $limit)
    ORDER BY rank
),
-- Names and vendor figures, looked up only for the patents kept.
app_numbers AS (
    SELECT k.patent, MIN(a.number) AS number FROM kept k JOIN application_number a ON a.patent = k.patent
    GROUP BY k.patent
),
pub_numbers AS (
    SELECT k.patent, MIN(p.number) AS number FROM kept k JOIN publication_number p ON p.patent = k.patent
    GROUP BY k.patent
),
titles AS (
    SELECT k.patent, COALESCE(MIN(l.label) FILTER (WHERE l.lang = 'zh'), MIN(l.label)) AS title
    FROM kept k JOIN label l ON l.entity = k.patent GROUP BY k.patent
),
first_org AS (
    SELECT k.patent, COALESCE(MIN(f.org), MIN(a.org)) AS org
    FROM kept k
    LEFT JOIN first_applicant f ON f.patent = k.patent
    LEFT JOIN applicant a ON a.patent = k.patent
    GROUP BY k.patent
),
org_names AS (
    SELECT o.org, COALESCE(MIN(n.name), MIN(l.label)) AS name
    FROM (SELECT DISTINCT org FROM first_org WHERE org IS NOT NULL) o
    LEFT JOIN normalized_name n ON n.org = o.org
    LEFT JOIN label l ON l.entity = o.org
    GROUP BY o.org
),
vendor_rows AS (
    SELECT DISTINCT v.patent, i.indicator, sv.value, COALESCE(sb.vendor, '') AS vendor
    FROM kept k
    JOIN vendor_score v ON v.patent = k.patent
    JOIN score_indicator i ON i.score = v.score
    JOIN score_value sv ON sv.score = v.score
    LEFT JOIN stated_by sb ON sb.entity = v.score
),
vendor AS (
    SELECT *, row_number() OVER (PARTITION BY patent ORDER BY indicator, vendor, value) AS k FROM vendor_rows
),
vendor_one AS (
    SELECT patent,
           MIN(value) FILTER (WHERE k = 1) AS vendor_score,
           MIN(indicator) FILTER (WHERE k = 1) AS vendor_indicator,
           MIN(vendor) FILTER (WHERE k = 1) AS vendor,
           string_agg(indicator || ' ' || CAST(value AS VARCHAR) || ' (' || vendor || ')', '; '
                      ORDER BY indicator, vendor, value) AS vendor_scores
    FROM vendor GROUP BY patent
)
SELECT k.rank, k.patent, an.number AS application_number, pn.number AS publication_number, t.title,
       fo.org AS applicant, o.name AS applicant_name,
       k.filed AS application_date, k.year, k.type AS patent_type, k.status AS legal_status,
       k.sub AS cohort_subclass, k.cohort_size,
       k.fwd AS forward_citations, k.fwd_pct AS forward_citations_pct,
       k.family_kind, k.family_size, k.family_countries, k.member_countries, k.family_pct AS family_countries_pct,
       k.claims, k.claims_pct, k.independent AS independent_claims, k.independent_pct AS independent_claims_pct,
       k.years AS term_years, k.term_end, k.remaining_years, k.term_score AS remaining_term_score,
       k.in_force, k.litigated, k.invalidated, k.licensed, k.transferred, k.pledged,
       k.composite, k.weight_covered,
       v.vendor_score, v.vendor_indicator, v.vendor, v.vendor_scores
FROM kept k
LEFT JOIN app_numbers an ON an.patent = k.patent
LEFT JOIN pub_numbers pn ON pn.patent = k.patent
LEFT JOIN titles t ON t.patent = k.patent
LEFT JOIN first_org fo ON fo.patent = k.patent
LEFT JOIN org_names o ON o.org = fo.org
LEFT JOIN vendor_one v ON v.patent = k.patent
ORDER BY k.rank;
