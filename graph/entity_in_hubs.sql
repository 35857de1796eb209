-- The entities that many entities link to (at least $least, over the predicates the analytic tables
-- hold), with how many distinct entities link to each by each of those predicates.
-- Parameters: $least (integer).
-- derived: entity_in_links
SELECT entity, predicate, n FROM entity_in_links
WHERE entity IN (SELECT entity FROM entity_in_links GROUP BY entity HAVING SUM(n) >= $least)
