-- Whether each patent counts in a specialisation's denominators: with an IPC class (pnav:classifiedIn), linked
-- to an industry (pnav:inIndustry). It does not depend on a scope, so the engine computes this table once per
-- state of the analytic tables (graph/tables/engine.py, "derived tables"); planning_rta_totals.sql reads it.
-- Columns: patent (every patent of patent_set), ipc, industry (BOOLEAN).
SELECT p.patent, p.patent IN (SELECT patent FROM classified_in) AS ipc,
       p.patent IN (SELECT patent FROM in_industry) AS industry
FROM patent_set p
