"""The analytic tables follow the graph: written at ingest, equal to a rebuild from the store, kept in step by writes."""

from __future__ import annotations

from pathlib import Path

import pyarrow.parquet as pq
import pytest

from patentnav.graph.ingest.loader import ingest_file, remove_source
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import select
from patentnav.graph.tables.catalog import tables_of
from patentnav.graph.tables.engine import analytic_tables
from patentnav.graph.tables.extract import extract_graph
from patentnav.graph.tables.facts import FACTS


def _rows(table) -> set[tuple]:
    return {tuple(row.values()) for row in table.to_pylist()}


@pytest.fixture(scope="module")
def export(tmp_path_factory) -> Path:
    return write_export("cnipa", tmp_path_factory.mktemp("tables") / "synthetic_tables.csv", rows=400, seed=21)


def test_tables_written_at_ingest_equal_a_rebuild_from_the_store(store, export) -> None:
    """On the embedded store and on Virtuoso: what ingest wrote is what the store holds, table by table."""
    result = ingest_file(store, export)
    catalog = tables_of(store)
    entry = catalog.graphs()[result.graph]
    assert (entry["how"], entry["stale"]) == ("ingest", False)
    written = {p.stem: pq.read_table(p) for p in (catalog.folder / entry["key"]).glob("*.parquet")}
    rebuilt = extract_graph(store, result.graph)
    assert sorted(written) == sorted(rebuilt)
    assert {"applicant", "application_date", "classified_in", "in_industry", "located_in"} <= set(written)
    for name in written:
        assert _rows(written[name]) == _rows(rebuilt[name]), name


def test_a_table_holds_exactly_the_triples_of_its_predicate(store, export) -> None:
    """Checked against the graph by SPARQL, independently of the extraction code."""
    result = ingest_file(store, export)
    tables = analytic_tables(store)
    got = set(map(tuple, tables.frame("SELECT patent, org FROM applicant").itertuples(index=False)))
    want = {
        (r["p"], r["o"])
        for r in select(store, f"SELECT ?p ?o WHERE {{ GRAPH <{result.graph}> {{ ?p pnav:applicant ?o }} }}")
    }
    assert got == want and len(want) > 400
    dates = tables.frame("SELECT COUNT(*) AS n FROM application_date").n[0]
    assert dates == select(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?p pnav:applicationDate ?d } }")[0]["n"]


def test_writes_through_the_store_are_seen_by_the_next_query(store, export) -> None:
    """A SPARQL Update marks the graph it writes stale; the next query rebuilds it and says so; remove drops it."""
    result = ingest_file(store, export)
    tables = analytic_tables(store)
    before = int(tables.frame("SELECT COUNT(DISTINCT patent) AS n FROM applicant").n[0])
    store.update(
        f"INSERT DATA {{ GRAPH <{result.graph}> {{ <urn:test:p> <{FACTS['applicant'].predicate}> <urn:test:o> }} }}"
    )
    assert tables_of(store).graphs()[result.graph]["stale"]
    after = int(tables.frame("SELECT COUNT(DISTINCT patent) AS n FROM applicant").n[0])
    assert after == before + 1 and result.graph in tables.last_sync.rebuilt
    remove_source(store, result.file)
    assert result.graph not in tables_of(store).graphs()
    assert int(tables.frame("SELECT COUNT(DISTINCT patent) AS n FROM applicant").n[0]) == 0


def test_a_fact_stated_in_two_graphs_is_one_fact(empty_store) -> None:
    """Union semantics: the tables are the union of the graphs, one row per distinct fact, as the union graph is."""
    triple = f"<urn:p> <{FACTS['applicant'].predicate}> <urn:o> ."
    empty_store.load_graph("urn:a", triple)
    empty_store.load_graph("urn:b", triple)
    frame = analytic_tables(empty_store).frame("SELECT COUNT(*) AS n, COUNT(DISTINCT patent) AS d FROM applicant")
    assert (int(frame.n[0]), int(frame.d[0])) == (1, 1)
