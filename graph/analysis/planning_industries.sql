-- Every industry of the store (pnav:Industry).
-- Parameters: none.
-- Columns: industry (IRI). Order: IRI.
SELECT DISTINCT entity AS industry
FROM "type"
WHERE class = iri_id('https://w3id.org/patentnav/ontology#Industry')
ORDER BY industry
