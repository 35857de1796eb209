-- Derived table entity_in_links: per entity and predicate, how many distinct entities link to it
-- (each table holds a fact once, so its rows for an object are the distinct subjects).
-- One line per node-valued fact table of graph/tables/facts.py; a predicate not listed here is
-- counted in SPARQL (graph/entities.py reads the list from this file).
-- Sorted by entity, so a lookup reads one row group (DuckDB's zone maps), not the whole table.
SELECT * FROM (
SELECT "class" AS entity, 'http://www.w3.org/1999/02/22-rdf-syntax-ns#type' AS predicate, COUNT(*) AS n FROM "type" GROUP BY 1
UNION ALL SELECT "parent" AS entity, 'http://www.w3.org/2004/02/skos/core#broader' AS predicate, COUNT(*) AS n FROM "broader" GROUP BY 1
UNION ALL SELECT "org" AS entity, 'https://w3id.org/patentnav/ontology#applicant' AS predicate, COUNT(*) AS n FROM "applicant" GROUP BY 1
UNION ALL SELECT "org" AS entity, 'https://w3id.org/patentnav/ontology#firstApplicant' AS predicate, COUNT(*) AS n FROM "first_applicant" GROUP BY 1
UNION ALL SELECT "org" AS entity, 'https://w3id.org/patentnav/ontology#currentHolder' AS predicate, COUNT(*) AS n FROM "current_holder" GROUP BY 1
UNION ALL SELECT "org" AS entity, 'https://w3id.org/patentnav/ontology#agency' AS predicate, COUNT(*) AS n FROM "agency" GROUP BY 1
UNION ALL SELECT "person" AS entity, 'https://w3id.org/patentnav/ontology#inventor' AS predicate, COUNT(*) AS n FROM "inventor" GROUP BY 1
UNION ALL SELECT "ipc" AS entity, 'https://w3id.org/patentnav/ontology#classifiedIn' AS predicate, COUNT(*) AS n FROM "classified_in" GROUP BY 1
UNION ALL SELECT "ipc" AS entity, 'https://w3id.org/patentnav/ontology#mainClassification' AS predicate, COUNT(*) AS n FROM "main_classification" GROUP BY 1
UNION ALL SELECT "industry" AS entity, 'https://w3id.org/patentnav/ontology#inIndustry' AS predicate, COUNT(*) AS n FROM "in_industry" GROUP BY 1
UNION ALL SELECT "cited" AS entity, 'https://w3id.org/patentnav/ontology#cites' AS predicate, COUNT(*) AS n FROM "cites" GROUP BY 1
UNION ALL SELECT "member" AS entity, 'https://w3id.org/patentnav/ontology#simpleFamilyMember' AS predicate, COUNT(*) AS n FROM "simple_family_member" GROUP BY 1
UNION ALL SELECT "member" AS entity, 'https://w3id.org/patentnav/ontology#extendedFamilyMember' AS predicate, COUNT(*) AS n FROM "extended_family_member" GROUP BY 1
UNION ALL SELECT "member" AS entity, 'https://w3id.org/patentnav/ontology#docdbFamilyMember' AS predicate, COUNT(*) AS n FROM "docdb_family_member" GROUP BY 1
UNION ALL SELECT "member" AS entity, 'https://w3id.org/patentnav/ontology#dwpiFamilyMember' AS predicate, COUNT(*) AS n FROM "dwpi_family_member" GROUP BY 1
UNION ALL SELECT "event" AS entity, 'https://w3id.org/patentnav/ontology#legalEvent' AS predicate, COUNT(*) AS n FROM "legal_event" GROUP BY 1
UNION ALL SELECT "org" AS entity, 'https://w3id.org/patentnav/ontology#fromParty' AS predicate, COUNT(*) AS n FROM "from_party" GROUP BY 1
UNION ALL SELECT "org" AS entity, 'https://w3id.org/patentnav/ontology#toParty' AS predicate, COUNT(*) AS n FROM "to_party" GROUP BY 1
UNION ALL SELECT "score" AS entity, 'https://w3id.org/patentnav/ontology#vendorScore' AS predicate, COUNT(*) AS n FROM "vendor_score" GROUP BY 1
UNION ALL SELECT "classification" AS entity, 'https://w3id.org/patentnav/ontology#vendorClassification' AS predicate, COUNT(*) AS n FROM "vendor_classification" GROUP BY 1
UNION ALL SELECT "region" AS entity, 'https://w3id.org/patentnav/ontology#locatedIn' AS predicate, COUNT(*) AS n FROM "located_in" GROUP BY 1
UNION ALL SELECT "parent" AS entity, 'https://w3id.org/patentnav/ontology#partOfRegion' AS predicate, COUNT(*) AS n FROM "part_of_region" GROUP BY 1
UNION ALL SELECT "member" AS entity, 'https://w3id.org/patentnav/ontology#includesRegion' AS predicate, COUNT(*) AS n FROM "includes_region" GROUP BY 1
UNION ALL SELECT "industry" AS entity, 'https://w3id.org/patentnav/ontology#servesIndustry' AS predicate, COUNT(*) AS n FROM "serves_industry" GROUP BY 1
UNION ALL SELECT "region" AS entity, 'https://w3id.org/patentnav/ontology#servesRegion' AS predicate, COUNT(*) AS n FROM "serves_region" GROUP BY 1
UNION ALL SELECT "target" AS entity, 'https://w3id.org/patentnav/ontology#hasTarget' AS predicate, COUNT(*) AS n FROM "has_target" GROUP BY 1
UNION ALL SELECT "indicator" AS entity, 'https://w3id.org/patentnav/ontology#measuredBy' AS predicate, COUNT(*) AS n FROM "measured_by" GROUP BY 1
UNION ALL SELECT "region" AS entity, 'https://w3id.org/patentnav/ontology#targetRegion' AS predicate, COUNT(*) AS n FROM "target_region" GROUP BY 1
UNION ALL SELECT "region" AS entity, 'https://w3id.org/patentnav/ontology#baselineRegion' AS predicate, COUNT(*) AS n FROM "baseline_region" GROUP BY 1
UNION ALL SELECT "indicator" AS entity, 'https://w3id.org/patentnav/ontology#observedIndicator' AS predicate, COUNT(*) AS n FROM "observed_indicator" GROUP BY 1
UNION ALL SELECT "region" AS entity, 'https://w3id.org/patentnav/ontology#observedRegion' AS predicate, COUNT(*) AS n FROM "observed_region" GROUP BY 1
) ORDER BY entity, predicate
