-- Every classified patent's IPC main groups (the default level of specialisation): the patent x field pairs that
-- planning_rta_fields.sql and planning_field_holders.sql count over a market at that level. They do not depend
-- on a scope, so the engine computes this table once per state of the analytic tables (graph/tables/engine.py,
-- "derived tables"); the subclass level, asked for less, is cut per call. A class's field is cut as the
-- ipc_field macro cuts it (graph/tables/macros.sql), read from ipc_code; '' for a class that is no IPC class.
-- Columns: patent, code; one row per distinct pair.
SELECT DISTINCT c.patent, COALESCE(k.main_group, '') AS code
FROM classified_in c LEFT JOIN ipc_code k ON k.ipc = c.ipc
