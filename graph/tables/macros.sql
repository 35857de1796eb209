-- Macros every analysis query may use; created on each DuckDB connection of graph/tables/engine.py.

-- The patents of a scope (graph/analysis/scope.py, Scope): NULL parameters do not restrict.
--   p_industry  an industry IRI: patents linked to it by pnav:inIndustry
--   p_regions   a list of region IRIs (the region and every region below it): patents with an
--               applicant located in one of them (pnav:applicant / pnav:locatedIn)
--   p_start, p_end  inclusive bounds on an application date (pnav:applicationDate)
-- The engine computes each scope once per state of the tables, into scope_cache (graph/tables/scopes.py,
-- restricted only by the parts given), and queries read it back through scope_patents.
-- (The key casts its parts, so a parameter typed differently by its other uses in a query keys the same scope.)
CREATE OR REPLACE MACRO scope_key(p_industry, p_regions, p_start, p_end) AS
hash(p_industry::UBIGINT, p_regions::UBIGINT[], p_start::DATE, p_end::DATE);

CREATE OR REPLACE MACRO scope_patents(p_industry, p_regions, p_start, p_end) AS TABLE
SELECT scope_m_.patent FROM scope_cache scope_m_ WHERE scope_m_.k = scope_key(p_industry, p_regions, p_start, p_end);

-- The legal events (pnav:LegalEvent: transfer, licence, pledge, litigation …) of a scope, of the kinds in p_kinds
-- (a list of event type IRIs): events on the market's patents (industry and period, any region) that the
-- regions concern, either because the patent is in the scope or because a party (from or to) is located in
-- one of the regions (NULL regions: every event of the market). Columns: event, patent, kind.
-- The engine computes both scopes it reads before the query runs (graph/tables/scopes.py, _SCOPE_READERS).
CREATE OR REPLACE MACRO scope_events(p_industry, p_regions, p_start, p_end, p_kinds) AS TABLE
SELECT DISTINCT ev_m_.event, ev_m_.patent, ty_m_.type AS kind
FROM legal_event ev_m_
JOIN event_type ty_m_ ON ty_m_.event = ev_m_.event AND list_contains(p_kinds, ty_m_.type)
JOIN scope_patents(p_industry, NULL, p_start, p_end) mk_m_ ON mk_m_.patent = ev_m_.patent
WHERE p_regions IS NULL
   OR ev_m_.patent IN (SELECT sc_m_.patent FROM scope_patents(p_industry, p_regions, p_start, p_end) sc_m_)
   OR ev_m_.event IN (
        SELECT pa_m_.event
        FROM (SELECT event, org FROM from_party UNION SELECT event, org FROM to_party) pa_m_
        JOIN located_in lo_m_ ON lo_m_.entity = pa_m_.org
        WHERE list_contains(p_regions::UBIGINT[], lo_m_.region));

-- IRIs are held as numbers (graph/tables/engine.py): the number of an IRI constant, the IRI of a number.
CREATE OR REPLACE MACRO iri_id(p_iri) AS (SELECT iri_m_.id FROM iri_dict iri_m_ WHERE iri_m_.iri = p_iri);

CREATE OR REPLACE MACRO iri_text(p_id) AS (SELECT iri_m_.iri FROM iri_dict iri_m_ WHERE iri_m_.id = p_id);

-- The local id of an IPC class (https://w3id.org/patentnav/id/ipc/B66C23-64 -> B66C23-64); '' for
-- another IRI (SPARQL's STRAFTER(STR(?ipc), "https://w3id.org/patentnav/id/ipc/")). ipc_code is made by the engine.
-- (Aliases inside macros are unusual on purpose: an argument like c.ipc must not be captured by them.)
CREATE OR REPLACE MACRO ipc_symbol(p_ipc) AS COALESCE((SELECT ipc_m_.symbol FROM ipc_code ipc_m_ WHERE ipc_m_.ipc = p_ipc), '');

-- The IPC field of an IPC class IRI at a level: 'subclass' -> B66C; 'main_group' -> B66C23-00 (the
-- part before the first "-" and "-00"; a symbol without "-" stays as it is), as the .rq files cut it.
-- Derive it once per distinct class (SELECT DISTINCT ipc FROM classified_in), then join on ipc.
CREATE OR REPLACE MACRO ipc_field(p_ipc, p_level) AS
CASE WHEN p_level = 'subclass' THEN substr(ipc_symbol(p_ipc), 1, 4)
     WHEN contains(ipc_symbol(p_ipc), '-') THEN split_part(ipc_symbol(p_ipc), '-', 1) || '-00'
     ELSE ipc_symbol(p_ipc) END;
