-- How many distinct entities link to one entity, per predicate the analytic tables hold.
-- Parameters: $entity (IRI).
-- derived: entity_in_links
SELECT predicate, n FROM entity_in_links WHERE entity = $entity
