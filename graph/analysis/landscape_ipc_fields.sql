-- Each patent's IPC fields at both levels, one row per distinct (level, patent, field): what landscape_ipc.sql
-- counts. It does not depend on a scope, so the engine computes this table once per state of the analytic tables
-- (graph/tables/engine.py, "derived tables"), and a scope's fields are its rows, counted without a DISTINCT.
-- A field is cut as landscape_ipc.sql says (ipc_code's subclass or main group; '' for a class ipc_code lacks).
-- Columns: level ('subclass' | 'main_group'), patent, code. In level and patent order.
SELECT DISTINCT 'subclass' AS level, c.patent, COALESCE(k.subclass, '') AS code
FROM classified_in c LEFT JOIN ipc_code k ON k.ipc = c.ipc
UNION ALL
SELECT DISTINCT 'main_group' AS level, c.patent, COALESCE(k.main_group, '') AS code
FROM classified_in c LEFT JOIN ipc_code k ON k.ipc = c.ipc
ORDER BY level, patent
