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

-- The local id of an IPC class IRI (https://w3id.org/patentnav/id/ipc/B66C23-64 -> B66C23-64); '' for
-- another IRI (SPARQL's STRAFTER(STR(?ipc), "https://w3id.org/patentnav/id/ipc/")).
CREATE OR REPLACE MACRO ipc_symbol(p_ipc) AS
CASE WHEN starts_with(p_ipc, 'https://w3id.org/patentnav/id/ipc/') THEN substr(p_ipc, 35) ELSE '' END;

-- The IPC field of an IPC class IRI at a level: 'subclass' -> B66C; 'main_group' -> B66C23-00 (the
-- part before the first "-" and "-00"; a symbol without "-" stays as it is), as the .rq files cut it.
-- Derive it once per distinct class (SELECT DISTINCT ipc FROM classified_in), then join on ipc.
CREATE OR REPLACE MACRO ipc_field(p_ipc, p_level) AS
CASE WHEN p_level = 'subclass' THEN substr(ipc_symbol(p_ipc), 1, 4)
     WHEN contains(ipc_symbol(p_ipc), '-') THEN split_part(ipc_symbol(p_ipc), '-', 1) || '-00'
     ELSE ipc_symbol(p_ipc) END;
