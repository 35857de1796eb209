-- Macros every analysis query may use; created on each DuckDB connection of graph/tables/engine.py.

-- The patents of a scope (graph/analysis/scope.py, Scope): NULL parameters do not restrict.
--   p_industry  an industry IRI: patents linked to it by pnav:inIndustry
--   p_regions   a list of region IRIs (the region and every region below it): patents with an
--               applicant located in one of them (pnav:applicant / pnav:locatedIn)
--   p_start, p_end  inclusive bounds on an application date (pnav:applicationDate)
CREATE OR REPLACE MACRO scope_patents(p_industry, p_regions, p_start, p_end) AS TABLE
SELECT DISTINCT t.entity AS patent
FROM "type" t
WHERE t.class = 'https://w3id.org/patentnav/ontology#Patent'
  AND (p_industry IS NULL OR t.entity IN (SELECT i.patent FROM in_industry i WHERE i.industry = p_industry))
  AND (p_regions IS NULL OR t.entity IN (
        SELECT a.patent FROM applicant a JOIN located_in l ON l.entity = a.org
        WHERE list_contains(p_regions, l.region)))
  AND ((p_start IS NULL AND p_end IS NULL) OR t.entity IN (
        SELECT d.patent FROM application_date d
        WHERE (p_start IS NULL OR d.date >= p_start) AND (p_end IS NULL OR d.date <= p_end)));
