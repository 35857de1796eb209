-- Patents per IPC field at a chosen level. A patent classified in several fields counts in each.
-- Parameters: the scope ($industry, $regions, $start, $end); $level = 'subclass' (e.g. B66C) or
-- 'main_group' (e.g. B66C23-00); $limit (NULL = every field).
-- The field of a class is the ipc_field macro's (graph/tables/macros.sql): IPC local ids as in the
-- graph shape ("/" written "-"), a class given only to the subclass keeps its own code; it is read from
-- ipc_code, which holds both levels per class (a class ipc_code lacks has the field '', as in the macro),
-- joined once instead of the macro's look-ups per row.
-- Columns: code, patents. Largest first, ties by code.
SELECT COALESCE(CASE WHEN $level = 'subclass' THEN k.subclass ELSE k.main_group END, '') AS code,
       COUNT(DISTINCT s.patent) AS patents
FROM scope_patents($industry, $regions, $start, $end) s
JOIN classified_in c ON c.patent = s.patent
LEFT JOIN ipc_code k ON k.ipc = c.ipc
GROUP BY 1
ORDER BY patents DESC, code
LIMIT $limit;
