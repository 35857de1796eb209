"""Analytic tables: a columnar copy of the graph's facts, one Parquet set per named graph, counted with DuckDB.

The graph stays the system of record and what users query (SPARQL, entities, views); the
analyses count on these tables (:mod:`.engine`), which are derived from it (:mod:`.extract`)
and kept in step with it (:mod:`.catalog`).
"""
