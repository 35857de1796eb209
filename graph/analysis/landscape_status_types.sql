-- Each patent's type and legal status, as landscape_legal_status.sql counts them ('unknown' where the patent has
-- none; a patent with two of either has a row per combination). It does not depend on a scope, so the engine
-- computes this table once per state of the analytic tables (graph/tables/engine.py, "derived tables"), and a
-- scope joins one table instead of two.
-- Columns: patent (every patent of patent_set), patentType, legalStatus. In patent order.
SELECT p.patent, COALESCE(t.type, 'unknown') AS patentType, COALESCE(l.status, 'unknown') AS legalStatus
FROM patent_set p
LEFT JOIN legal_status l ON l.patent = p.patent
LEFT JOIN patent_type t ON t.patent = p.patent
ORDER BY p.patent
