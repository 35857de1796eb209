"""One measurement per process, so peak RSS (``ru_maxrss``) belongs to that measurement alone.

Run by :mod:`benchmarks.__main__`; each task prints one JSON object as its last stdout line.

    python -m benchmarks.worker oxigraph_bulk_load '{"nt": "/tmp/x.nt", "dir": "/tmp/store"}'
"""

from __future__ import annotations

import json
import re
import resource
import statistics
import sys
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from benchmarks.synthetic import graph_for

GRAPH = graph_for("synthetic-benchmark")
WARM_RUNS = 5
NEIGHBOUR_ORG = "https://w3id.org/patentnav/id/org/synthetic-000100"


def peak_rss_bytes() -> int:
    """Peak resident memory of this process (Linux reports KiB)."""
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss * 1024


def dir_bytes(path: str | Path) -> int:
    """Bytes of all files under ``path``."""
    return sum(p.stat().st_size for p in Path(path).rglob("*") if p.is_file())


def benchmark_queries() -> dict[str, str]:
    """The benchmark's SPARQL: the README's examples and the aggregates in benchmarks/queries."""
    queries: dict[str, str] = {}
    readme = Path(__file__).resolve().parents[1] / "README.md"
    if readme.exists():
        found = re.findall(r"```sparql\n(.*?)```", readme.read_text(encoding="utf-8"), re.DOTALL)
        queries.update({f"readme_{i + 1}": q for i, q in enumerate(found)})
    folder = resources.files("benchmarks").joinpath("queries")
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".rq"):
            queries[entry.name.removesuffix(".rq")] = entry.read_text(encoding="utf-8")
    return queries


def time_queries(run: Callable[[str], int], queries: dict[str, str], warm_runs: int = WARM_RUNS) -> dict[str, Any]:
    """Cold (first run after opening) and warm (median of the next runs) seconds, and row counts."""
    out: dict[str, Any] = {}
    for name, text in queries.items():
        t0 = time.perf_counter()
        rows = run(text)
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(warm_runs):
            t0 = time.perf_counter()
            run(text)
            warm.append(time.perf_counter() - t0)
        out[name] = {"cold_s": cold, "warm_s": statistics.median(warm) if warm else None, "rows": rows}
    return out


# ------------------------------------------------------------------ tasks


def oxigraph_bulk_load(nt: str, dir: str) -> dict[str, Any]:
    """The limit: pyoxigraph's own bulk loader reading the N-Triples file into an on-disk store."""
    t0 = time.perf_counter()
    store = ox.Store(dir)
    store.bulk_load(path=nt, format=ox.RdfFormat.N_TRIPLES, to_graph=ox.NamedNode(GRAPH))
    store.flush()
    seconds = time.perf_counter() - t0
    triples = len(store)
    del store
    return {"seconds": seconds, "triples": triples, "disk_bytes": dir_bytes(dir), "peak_rss_bytes": peak_rss_bytes()}


def patentnav_load(nt: str, url: str) -> dict[str, Any]:
    """patentnav's load path: parse into quads and hand them to ``PatentStore.bulk_add`` (any backend)."""
    from patentnav.graph.bootstrap import ensure_seeded
    from patentnav.graph.store import open_store

    store = open_store(url)
    ensure_seeded(store)
    target = ox.NamedNode(GRAPH)
    t0 = time.perf_counter()
    store.bulk_add(
        ox.Quad(t.subject, t.predicate, t.object, target) for t in ox.parse(path=nt, format=ox.RdfFormat.N_TRIPLES)
    )
    store.flush()
    seconds = time.perf_counter() - t0
    triples = len(store)
    store.close()
    result = {"seconds": seconds, "triples": triples, "peak_rss_bytes": peak_rss_bytes()}
    if url.startswith("oxigraph://"):
        result["disk_bytes"] = dir_bytes(url.removeprefix("oxigraph://"))
    return result


def rdflib_parse(nt: str, queries: bool = True) -> dict[str, Any]:
    """What a user would do without patentnav: rdflib parses into its memory store, then queries it."""
    import rdflib

    from patentnav.ontology import sparql_prefixes

    t0 = time.perf_counter()
    graph = rdflib.Graph()
    graph.parse(nt, format="nt")
    seconds = time.perf_counter() - t0
    result: dict[str, Any] = {"seconds": seconds, "triples": len(graph)}
    if queries:
        # The same data the stores hold: the ontology and the pilot graph beside the patents.
        from patentnav.data import pilot_graph_path
        from patentnav.ontology import ontology_path

        graph.parse(str(ontology_path()), format="turtle")
        graph.parse(str(pilot_graph_path()), format="turtle")
        prefixes = sparql_prefixes()
        org = rdflib.URIRef(NEIGHBOUR_ORG)

        def run(text: str) -> int:
            return len(list(graph.query(prefixes + text, initBindings={"org": org} if "?org" in text else None)))

        result["queries"] = time_queries(run, benchmark_queries(), warm_runs=1)
    result["peak_rss_bytes"] = peak_rss_bytes()
    return result


def store_queries(url: str, warm_runs: int = WARM_RUNS) -> dict[str, Any]:
    """Cold and warm latency of the benchmark queries through ``PatentStore.query`` (any backend)."""
    from patentnav.graph.store import open_store

    store = open_store(url, read_only=url.startswith("oxigraph://"))
    org = ox.NamedNode(NEIGHBOUR_ORG)

    def run(text: str) -> int:
        result = store.query(text, prefixes=True, substitutions={"org": org} if "?org" in text else None)
        return len(list(result))

    timings = time_queries(run, benchmark_queries(), warm_runs=warm_runs)
    store.close()
    return {"queries": timings, "peak_rss_bytes": peak_rss_bytes()}


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    "oxigraph_bulk_load": oxigraph_bulk_load,
    "patentnav_load": patentnav_load,
    "rdflib_parse": rdflib_parse,
    "store_queries": store_queries,
}


def main(argv: list[str]) -> None:
    task, args = argv[0], json.loads(argv[1]) if len(argv) > 1 else {}
    print(json.dumps(TASKS[task](**args)))


if __name__ == "__main__":
    main(sys.argv[1:])
