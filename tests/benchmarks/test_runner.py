"""The scale runner's steps on a tiny export: real ingest, its dump, the sample, the table (not timed)."""

from __future__ import annotations

import json
import time
from pathlib import Path

import pyoxigraph as ox

from benchmarks.api_latency import _entity_path
from benchmarks.report import render_table
from benchmarks.worker import ingest_export, oxigraph_bulk_load
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import open_store, select
from patentnav.ontology import PNAV

SYNTHETIC_SOURCE = "SELECT ?s WHERE { GRAPH ?g { ?s a pnav:Source ; pnav:synthetic true } }"


def _ingest(tmp_path: Path) -> tuple[dict, Path, dict, str]:
    export = write_export("cnipa", tmp_path / "synthetic_cnipa_tiny.csv", rows=40, seed=5)
    url = f"oxigraph://{tmp_path / 'store'}"
    dump, sample = tmp_path / "dump.nq", tmp_path / "sample.json"
    result = ingest_export(str(export), url, str(dump), str(sample))
    return result, dump, json.loads(sample.read_text(encoding="utf-8")), url


def test_ingest_step_dumps_exactly_the_graph_it_wrote_and_labels_it_synthetic(tmp_path: Path) -> None:
    """The ingest step's dump holds exactly its graph's quads, beside the seeded ones, marked synthetic."""
    result, dump, _, url = _ingest(tmp_path)
    assert result["rows"] == 40 and result["rows_rejected"] == 0
    quads = list(ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS))
    assert {q.graph_name.value for q in quads} == {result["graph"]}
    store = open_store(url, read_only=True)
    in_graph = set(store.quads_for_pattern(None, None, None, ox.NamedNode(result["graph"])))
    assert set(quads) == in_graph
    assert len(store) > len(in_graph)  # the store was seeded (ontology, pilot graph) beside the ingest
    assert select(store, SYNTHETIC_SOURCE, g=ox.NamedNode(result["graph"]))


def test_bulk_load_of_the_dump_holds_the_same_quads(tmp_path: Path) -> None:
    """The bulk load holds every quad of the dump, and reports the time and CPU it took as measured around it."""
    _, dump, _, _ = _ingest(tmp_path)
    wall0, cpu0 = time.perf_counter(), time.process_time()
    loaded = oxigraph_bulk_load(str(dump), str(tmp_path / "bulk"))
    wall, cpu = time.perf_counter() - wall0, time.process_time() - cpu0
    assert loaded["triples"] == sum(1 for _ in ox.parse(path=str(dump), format=ox.RdfFormat.N_QUADS))
    # Opening a store and loading into it burns CPU; what the step reports lies within what this process spent
    # over the call (the same clocks, over a longer interval), whatever the machine's speed.
    assert 0 < loaded["cpu_seconds"] <= cpu
    assert 0 < loaded["seconds"] <= wall
    assert loaded["disk_bytes"] > 0


def test_sample_holds_stored_patents_and_applicants_that_map_to_api_paths(tmp_path: Path) -> None:
    """The sample names stored patents and an applicant with patents, and they map to entity paths."""
    _, _, sample, url = _ingest(tmp_path)
    assert len(sample["patents"]) == 40 and sample["orgs"]
    store = open_store(url, read_only=True)
    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    for iri in sample["patents"]:
        assert list(store.quads_for_pattern(ox.NamedNode(iri), rdf_type, ox.NamedNode(PNAV.Patent), None))
    org = ox.NamedNode(sample["neighbour_org"])
    assert list(store.quads_for_pattern(None, ox.NamedNode(PNAV.applicant), org, None))  # it has patents
    assert _entity_path(sample["patents"][0]).startswith("/entities/patent/")
    assert _entity_path("https://w3id.org/patentnav/id/org/o a/b") == "/entities/org/o%20a%2Fb"


def test_table_says_what_was_skipped_and_how_many_warm_runs(tmp_path: Path) -> None:
    """The README table says which steps were skipped or failed and how many warm runs each median took."""
    result = {
        "size": "1m",
        "patents": 1_000_000,
        "started": "2026-01-01T00:00:00+00:00",
        "machine": {"cpu": "x", "cores": 2, "memory_bytes": 2**30, "os": "linux", "python": "3.11"}
        | {"pyoxigraph": "0.5", "rdflib": "7"},
        "warm_runs": {"queries": 0, "analyses": 0},
        "ingest": {"seconds": 100.0, "cpu_seconds": 90.0, "rows": 1_000_000, "peak_rss_bytes": 2**30},
        "oxigraph_bulk_load": {"seconds": 50.0, "cpu_seconds": 60.0, "triples": 10, "peak_rss_bytes": 2**30},
        "rdflib_skipped": True,
        "oxigraph_analyses": {"analyses": {"layout": {"cold_s": 12.0, "warm_s": None}}},
        "virtuoso_analyses": {"analyses": {"layout": {"error": "SR319", "failed_after_s": 1.5}}},
        "virtuoso_native_load_skipped": True,
        "virtuoso_load": {"seconds": 3.0},
    }
    (tmp_path / "1m.json").write_text(json.dumps(result), encoding="utf-8")
    table = render_table(tmp_path)
    assert "| rdflib `parse` of the dump (× slower than ingest; goal ≥ 8×) | skipped (too slow at this size) |" in table
    assert "(2.00× / 1.50×)" in table
    assert "| warm = median of N runs after the cold one (queries / analyses) | 0 / 0 |" in table
    assert "| analysis `layout` cold / warm, embedded | 12.0 s / – |" in table
    assert "| analysis `layout` cold / warm, Virtuoso | failed after 1.50 s (error in the JSON) |" in table
    assert "| Virtuoso: native bulk loader (`ld_dir`) | skipped |" in table
