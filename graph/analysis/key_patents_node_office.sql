-- Each node's office for key patents' families: the two letters its publication numbers begin with (CN, US,
-- EP, WO ...; the smallest when several), for every node with such a number, loaded patent or family member.
-- It does not depend on a scope, so the engine computes this table once per state of the analytic tables
-- (graph/tables/engine.py, "derived tables"); key_patents_outbound.sql reads it.
-- Columns: node, cc.
SELECT patent AS node, MIN(substr(number, 1, 2)) AS cc FROM publication_number
WHERE regexp_matches(number, '^[A-Z]{2}') GROUP BY patent
