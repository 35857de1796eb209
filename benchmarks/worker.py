"""One measurement per process, so peak RSS (``ru_maxrss``) belongs to that measurement alone.

Run by :mod:`benchmarks.__main__`; each task prints one JSON object as its last stdout line.

    python -m benchmarks.worker oxigraph_bulk_load '{"dump": "/tmp/x.nq", "dir": "/tmp/store"}'
"""

from __future__ import annotations

import json
import random
import re
import statistics
import sys
import time
from collections.abc import Callable
from importlib import resources
from pathlib import Path
from typing import Any

import pyoxigraph as ox

WARM_RUNS = 5
#: how many patent and applicant IRIs the ingest step samples for the API load.
SAMPLE = 2000


def peak_rss_bytes(pid: int | str = "self") -> int:
    """Peak resident memory (VmHWM) of process ``pid`` since its exec; this process by default.

    VmHWM, not ``ru_maxrss``: ru_maxrss survives exec, so a worker would report its parent's
    peak whenever that was the larger.
    """
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


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


# A query whose cold run takes longer than this is a scan that caching barely shortens (at 1M:
# warm 48-74 s against cold 53-80 s); its warm repeats are skipped to keep the 1M run in an hour.
WARM_SKIP_AFTER_S = 30.0


def time_queries(run: Callable[[str], int], queries: dict[str, str], warm_runs: int = WARM_RUNS) -> dict[str, Any]:
    """Cold (first run after opening) and warm (median of the next runs) seconds, and row counts.

    ``warm_s`` is None when the cold run took over ``WARM_SKIP_AFTER_S``.
    """
    out: dict[str, Any] = {}
    for name, text in queries.items():
        t0 = time.perf_counter()
        rows = run(text)
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(warm_runs if cold <= WARM_SKIP_AFTER_S else 0):
            t0 = time.perf_counter()
            run(text)
            warm.append(time.perf_counter() - t0)
        out[name] = {"cold_s": cold, "warm_s": statistics.median(warm) if warm else None, "rows": rows}
    return out


# ------------------------------------------------------------------ tasks


def ingest_export(export: str, url: str, dump: str, sample: str) -> dict[str, Any]:
    """The real ingest (``patentnav ingest``) of an export file into a fresh seeded store.

    Seeds the store first (ontology, pilot graph, reference graphs, as ``patentnav serve``
    does; not timed), then times :func:`ingest_file`: wall and CPU seconds, peak RSS. Then
    dumps the graph it wrote to N-Quads (``dump``, what bulk_load, rdflib and Virtuoso
    load) and writes ``sample``: patent and applicant IRIs for the API load and the
    applicant the neighbourhood query starts from.
    """
    from patentnav.graph.bootstrap import ensure_seeded
    from patentnav.graph.ingest.loader import ingest_file
    from patentnav.graph.ingest.normalize import AddressResolver
    from patentnav.graph.store import open_store

    store = open_store(url)
    ensure_seeded(store)
    AddressResolver()  # loads cpca's tables once, as a long-running ingest amortises it
    t0, cpu0 = time.perf_counter(), time.process_time()
    r = ingest_file(store, export)
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    peak = peak_rss_bytes()
    graph = ox.NamedNode(r.graph)
    t0 = time.perf_counter()
    with open(dump, "wb") as fh:
        ox.serialize(store.quads_for_pattern(None, None, None, graph), fh, ox.RdfFormat.N_QUADS)
    dump_seconds = time.perf_counter() - t0
    _write_sample(store, graph, Path(sample))
    result = {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "rows": r.rows_read,
        "rows_rejected": r.rows_rejected,
        "patents_added": r.patents_added,
        "quads": r.quads,
        "graph": r.graph,
        "store_quads": len(store),
        "peak_rss_bytes": peak,
        "dump_seconds": dump_seconds,
    }
    store.close()
    if url.startswith("oxigraph://"):
        result["disk_bytes"] = dir_bytes(url.removeprefix("oxigraph://"))
    return result


def _write_sample(store: Any, graph: ox.NamedNode, path: Path) -> None:
    from patentnav.graph.ingest.normalize import normalize_name
    from patentnav.graph.ingest.rdf import org_iri
    from patentnav.graph.ingest.synthetic import _applicant
    from patentnav.ontology import PNAV

    rdf_type = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
    rng = random.Random(7)

    def reservoir(cls: str) -> list[str]:
        kept: list[str] = []
        for i, q in enumerate(store.quads_for_pattern(None, rdf_type, ox.NamedNode(PNAV.term(cls)), graph)):
            if i < SAMPLE:
                kept.append(q.subject.value)
            elif (j := rng.randrange(i + 1)) < SAMPLE:
                kept[j] = q.subject.value
        return kept

    orgs = reservoir("Organization")
    # A mid-ranked applicant of the generator's Zipf law (rank 100), as the neighbourhood query's start.
    org = org_iri(normalize_name(_applicant(100).name_zh))
    if next(iter(store.quads_for_pattern(None, ox.NamedNode(PNAV.applicant), ox.NamedNode(org), graph)), None) is None:
        org = orgs[0]
    path.write_text(json.dumps({"patents": reservoir("Patent"), "orgs": orgs, "neighbour_org": org}), encoding="utf-8")


def oxigraph_bulk_load(dump: str, dir: str) -> dict[str, Any]:
    """The limit: pyoxigraph's own bulk loader reading the ingest's N-Quads into an on-disk store."""
    t0, cpu0 = time.perf_counter(), time.process_time()
    store = ox.Store(dir)
    store.bulk_load(path=dump, format=ox.RdfFormat.N_QUADS)
    store.flush()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    triples = len(store)
    del store
    return {
        "seconds": seconds,
        "cpu_seconds": cpu,
        "triples": triples,
        "disk_bytes": dir_bytes(dir),
        "peak_rss_bytes": peak_rss_bytes(),
    }


def patentnav_load(dump: str, url: str) -> dict[str, Any]:
    """Seed a store and ``PatentStore.bulk_add`` the ingest's N-Quads (any backend; Virtuoso: GSP)."""
    from patentnav.graph.bootstrap import ensure_seeded
    from patentnav.graph.store import open_store

    store = open_store(url)
    ensure_seeded(store)
    t0, cpu0 = time.perf_counter(), time.process_time()
    store.bulk_add(ox.parse(path=dump, format=ox.RdfFormat.N_QUADS))
    store.flush()
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    triples = len(store)
    store.close()
    result = {"seconds": seconds, "cpu_seconds": cpu, "triples": triples, "peak_rss_bytes": peak_rss_bytes()}
    if url.startswith("oxigraph://"):
        result["disk_bytes"] = dir_bytes(url.removeprefix("oxigraph://"))
    return result


def rdflib_parse(dump: str, neighbour_org: str, queries: bool = True) -> dict[str, Any]:
    """What a user would do without patentnav: rdflib parses into its memory store, then queries it."""
    import rdflib

    from patentnav.ontology import sparql_prefixes

    t0, cpu0 = time.perf_counter(), time.process_time()
    graph = rdflib.Dataset(default_union=True)
    graph.parse(dump, format="nquads")
    seconds, cpu = time.perf_counter() - t0, time.process_time() - cpu0
    result: dict[str, Any] = {"seconds": seconds, "cpu_seconds": cpu, "triples": len(graph)}
    if queries:
        # The same data the stores hold: the ontology and the pilot graph beside the patents.
        from patentnav.data import pilot_plan_path
        from patentnav.graph.policy import plan_ntriples
        from patentnav.ontology import ontology_path

        graph.parse(str(ontology_path()), format="turtle")
        graph.parse(data=plan_ntriples(pilot_plan_path()), format="nt")
        prefixes = sparql_prefixes()
        org = rdflib.URIRef(neighbour_org)

        def run(text: str) -> int:
            return len(list(graph.query(prefixes + text, initBindings={"org": org} if "?org" in text else None)))

        result["queries"] = time_queries(run, benchmark_queries(), warm_runs=1)
    result["peak_rss_bytes"] = peak_rss_bytes()
    return result


def store_queries(url: str, neighbour_org: str, warm_runs: int = WARM_RUNS) -> dict[str, Any]:
    """Cold and warm latency of the benchmark queries through ``PatentStore.query`` (any backend)."""
    from patentnav.graph.store import open_store

    store = open_store(url, read_only=url.startswith("oxigraph://"))
    org = ox.NamedNode(neighbour_org)

    def run(text: str) -> int:
        result = store.query(text, prefixes=True, substitutions={"org": org} if "?org" in text else None)
        return len(list(result))

    timings = time_queries(run, benchmark_queries(), warm_runs=warm_runs)
    store.close()
    return {"queries": timings, "warm_runs": warm_runs, "peak_rss_bytes": peak_rss_bytes()}


def analyses(url: str, warm_runs: int = WARM_RUNS, seed: bool = False) -> dict[str, Any]:
    """Cold and warm seconds of each analysis (:func:`benchmarks.analysis_bench.analysis_steps`).

    An analysis that fails gets its error and the seconds until it failed instead; the others still run.

    ``seed`` first loads the ontology, pilot and reference graphs (not timed) into a store
    that holds only the ingested patents, as the Virtuoso load of the dump does.
    """
    from benchmarks.analysis_bench import analysis_steps
    from patentnav.graph import bootstrap
    from patentnav.graph.store import open_store

    store = open_store(url, read_only=url.startswith("oxigraph://"))
    if seed and not store.has_graph(bootstrap.PILOT_GRAPH):
        bootstrap.seed(store)
    out: dict[str, Any] = {}
    for name, fn in analysis_steps(store).items():
        t0 = time.perf_counter()
        try:
            fn()
        except Exception as exc:  # an engine refusing one analysis must not lose the others' timings
            out[name] = {"error": str(exc)[-1000:], "failed_after_s": time.perf_counter() - t0}
            continue
        cold = time.perf_counter() - t0
        warm = []
        for _ in range(warm_runs):
            t0 = time.perf_counter()
            fn()
            warm.append(time.perf_counter() - t0)
        out[name] = {"cold_s": cold, "warm_s": statistics.median(warm) if warm else None}
    store.close()
    return {"analyses": out, "warm_runs": warm_runs, "peak_rss_bytes": peak_rss_bytes()}


TASKS: dict[str, Callable[..., dict[str, Any]]] = {
    "ingest_export": ingest_export,
    "analyses": analyses,
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
