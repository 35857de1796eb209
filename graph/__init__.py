"""The knowledge graph: stores, ingest, entities, paths, analyses, analytic tables, views and policy plans."""
