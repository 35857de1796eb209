"""Time and memory of each analysis on synthetic graphs (clearly synthetic; never real data).

Usage: uv run python benchmarks/analysis_bench.py --sizes 100000 1000000 [--out benchmarks/results/analysis.json]

Generates N patents in the agreed graph shape (random applicants in Hunan and elsewhere,
IPC main groups, five industries, 2005-2022), bulk-loads them into an in-memory
pyoxigraph store, then times each analysis once for the construction-machinery industry
with Changsha as the home region. Peak memory is the process's max RSS after each step.
"""

from __future__ import annotations

import argparse
import json
import random
import sys
import time
from collections.abc import Callable
from pathlib import Path

import pyoxigraph as ox

from patentnav.graph.analysis.cooccurrence import co_applicant_network, ipc_network
from patentnav.graph.analysis.landscape import landscape
from patentnav.graph.analysis.planning import layout
from patentnav.graph.analysis.scope import resolve_scope
from patentnav.graph.analysis.targets import target_progress
from patentnav.graph.analysis.warnings import early_warnings
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import PatentStore, open_store
from patentnav.ontology import PNAV, entity_iri, graph_iri

RDF_TYPE = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
XSD_DATE = ox.NamedNode("http://www.w3.org/2001/XMLSchema#date")
INDUSTRIES = ["rail-transit", "construction-machinery", "new-materials", "cultural-creative", "new-generation-it"]
REGIONS = ["430100", "430200", "430300", "430000"]


def quads(n: int, seed: int = 1):
    rng = random.Random(seed)
    g = ox.NamedNode(graph_iri("source/synthetic-benchmark"))
    src = ox.NamedNode(entity_iri("source", "synthetic-benchmark"))
    yield ox.Quad(src, RDF_TYPE, ox.NamedNode(PNAV.Source), g)
    yield ox.Quad(
        src,
        ox.NamedNode(PNAV.synthetic),
        ox.Literal("true", datatype=ox.NamedNode("http://www.w3.org/2001/XMLSchema#boolean")),
        g,
    )
    n_orgs = max(50, n // 20)
    p = {
        k: ox.NamedNode(PNAV.term(k))
        for k in (
            "applicant",
            "firstApplicant",
            "inventor",
            "classifiedIn",
            "inIndustry",
            "applicationDate",
            "grantDate",
            "patentType",
            "legalStatus",
            "locatedIn",
            "country",
            "normalizedName",
        )
    }
    for i in range(n_orgs):
        o = ox.NamedNode(entity_iri("org", f"syn{i}"))
        yield ox.Quad(o, RDF_TYPE, ox.NamedNode(PNAV.Organization), g)
        yield ox.Quad(o, p["normalizedName"], ox.Literal(f"合成机构{i}"), g)
        if i % 10 == 0:
            yield ox.Quad(o, p["country"], ox.Literal("US"), g)
        else:
            yield ox.Quad(o, p["country"], ox.Literal("CN"), g)
            if i % 3:
                yield ox.Quad(o, p["locatedIn"], ox.NamedNode(entity_iri("region", rng.choice(REGIONS))), g)
    groups = [f"{s}{c:02d}{sub}{m}-00" for s in "BCEG" for c in (1, 6, 4) for sub in "ABCDF" for m in (1, 3, 9, 23)]
    for i in range(n):
        s = ox.NamedNode(entity_iri("patent", f"CNSYN{i:09d}"))
        year = rng.randint(2005, 2022)
        yield ox.Quad(s, RDF_TYPE, ox.NamedNode(PNAV.Patent), g)
        yield ox.Quad(s, p["applicationDate"], ox.Literal(f"{year}-{rng.randint(1, 12):02d}-15", datatype=XSD_DATE), g)
        yield ox.Quad(s, p["patentType"], ox.Literal(rng.choice(["invention", "invention", "utility", "design"])), g)
        granted = rng.random() < 0.6
        yield ox.Quad(s, p["legalStatus"], ox.Literal("active" if granted else rng.choice(["pending", "inactive"])), g)
        if granted:
            yield ox.Quad(s, p["grantDate"], ox.Literal(f"{year + 2}-06-01", datatype=XSD_DATE), g)
        orgs = {int(rng.paretovariate(1.2)) % n_orgs for _ in range(rng.choice([1, 1, 1, 2]))}
        for k, o in enumerate(sorted(orgs)):
            yield ox.Quad(s, p["applicant"], ox.NamedNode(entity_iri("org", f"syn{o}")), g)
            if k == 0:
                yield ox.Quad(s, p["firstApplicant"], ox.NamedNode(entity_iri("org", f"syn{o}")), g)
        for _ in range(rng.randint(1, 3)):
            yield ox.Quad(s, p["inventor"], ox.NamedNode(entity_iri("person", f"syn{rng.randint(0, n // 3)}")), g)
        for grp in {rng.choice(groups) for _ in range(rng.randint(1, 3))}:
            yield ox.Quad(s, p["classifiedIn"], ox.NamedNode(entity_iri("ipc", grp)), g)
        yield ox.Quad(s, p["inIndustry"], ox.NamedNode(entity_iri("industry", INDUSTRIES[i % 5])), g)


def analysis_steps(store: PatentStore) -> dict[str, Callable[[], object]]:
    """Each analysis as a call: construction machinery, Changsha as the home region.

    Shared with the scale runner (``python -m benchmarks run``), which times them cold and warm.

    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> sorted(analysis_steps(s))[:3]
    ['co_applicant_network_300', 'ipc_network_louvain_300', 'landscape']
    """
    scope = resolve_scope(store, industry="construction-machinery", region="430100")
    return {
        "landscape": lambda: landscape(store, scope),
        "warnings": lambda: early_warnings(store, scope),
        "layout": lambda: layout(store, scope),
        "targets": lambda: target_progress(store),
        "co_applicant_network_300": lambda: co_applicant_network(store, scope.without_region(), max_nodes=300),
        "ipc_network_louvain_300": lambda: ipc_network(store, scope.without_region(), level="main_group"),
    }


def peak_mib() -> float:
    from benchmarks.worker import peak_rss_bytes

    return peak_rss_bytes() / 2**20


def bench(n: int) -> dict:
    store = open_store("memory://")
    ensure_seeded(store)
    t0 = time.perf_counter()
    store.bulk_add(quads(n))
    result = {"patents": n, "triples": len(store), "load_s": round(time.perf_counter() - t0, 2), "steps": {}}
    for name, fn in analysis_steps(store).items():
        t0 = time.perf_counter()
        fn()
        result["steps"][name] = {"seconds": round(time.perf_counter() - t0, 2), "peak_rss_mib": round(peak_mib())}
        print(n, name, result["steps"][name], file=sys.stderr, flush=True)
    return result


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[100_000])
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/analysis.json"))
    args = ap.parse_args()
    results = [bench(n) for n in args.sizes]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2), encoding="utf-8")
    print(json.dumps(results, indent=2))


if __name__ == "__main__":
    main()
