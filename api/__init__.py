"""The HTTP API (FastAPI): SPARQL protocol, entities, search, paths, analyses, workspace, views, ingest."""
