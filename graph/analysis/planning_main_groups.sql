-- Every classified patent's IPC fields at both levels of specialisation: the patent x field pairs that
-- planning_rta_fields.sql and planning_field_holders.sql count over a market. They do not depend on a scope,
-- so the engine computes this table once per state of the analytic tables (graph/tables/engine.py, "derived
-- tables"). A class's field is cut as the ipc_field macro cuts it (graph/tables/macros.sql), read from
-- ipc_code; '' for a class that is no IPC class.
-- Columns: patent, level ('subclass' | 'main_group'), code; one row per distinct triple.
SELECT DISTINCT c.patent, 'subclass' AS level, COALESCE(k.subclass, '') AS code
FROM classified_in c LEFT JOIN ipc_code k ON k.ipc = c.ipc
UNION ALL
SELECT DISTINCT c.patent, 'main_group' AS level, COALESCE(k.main_group, '') AS code
FROM classified_in c LEFT JOIN ipc_code k ON k.ipc = c.ipc
