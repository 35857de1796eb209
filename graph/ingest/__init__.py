"""Ingest: patent export files read, normalised and written as RDF, one named graph per file."""
