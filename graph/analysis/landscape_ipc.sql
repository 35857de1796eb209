-- Patents per IPC field at a chosen level. A patent classified in several fields counts in each.
-- Parameters: the scope ($industry, $regions, $start, $end); $level = 'subclass' (e.g. B66C) or
-- 'main_group' (e.g. B66C23-00; any other value reads as it); $limit (NULL = every field).
-- The field of a class is the ipc_field macro's (graph/tables/macros.sql): IPC local ids as in the
-- graph shape ("/" written "-"), a class given only to the subclass keeps its own code; it is read from
-- ipc_code, which holds both levels per class (a class ipc_code lacks has the field '', as in the macro).
-- Each patent's distinct fields at both levels are landscape_ipc_fields (landscape_ipc_fields.sql, a derived
-- table), so the scope's rows of it are counted as they are.
-- derived: landscape_ipc_fields
-- Columns: code, patents. Largest first, ties by code.
SELECT f.code, COUNT(*) AS patents
FROM scope_patents($industry, $regions, $start, $end) s
JOIN landscape_ipc_fields f ON f.patent = s.patent
WHERE f.level = CASE WHEN $level = 'subclass' THEN 'subclass' ELSE 'main_group' END
GROUP BY 1
ORDER BY patents DESC, code
LIMIT $limit;
