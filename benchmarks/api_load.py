"""Loopback load test of the patentnav API: 32 clients, entity/related lookups and SPARQL aggregates.

Builds (once, cached) an on-disk store of N synthetic patents written directly as RDF
following ontology/patentnav.ttl (every patent is in one graph whose source is
``pnav:synthetic true``; patent and applicant data come from
``patentnav.graph.ingest.synthetic``, whose names say "合成样例"/"Synthetic"), starts the
API with uvicorn in a subprocess on a free 127.0.0.1 port, and runs two phases of
``--seconds`` each with ``--clients`` concurrent httpx clients:

1. baseline: a mix of GET /entities/{type}/{id}, GET /entities/…/related and POST
   /sparql aggregates;
2. the same mix while one more client keeps sending a pathological SPARQL query
   (a four-way cross product) that the server must stop at its timeout.

Bounded in time (phases) and count (``--max-requests`` per phase). Reports p50/p99 per
phase and kind, error counts, and the p99 ratio; writes JSON to benchmarks/results/.

Usage::

    uv run python -m benchmarks.api_load                # 100k patents, 32 clients, 60 s per phase
    uv run python -m benchmarks.api_load --patents 5000 --seconds 10 --clients 8   # a quick look
"""

from __future__ import annotations

import argparse
import asyncio
import hashlib
import json
import os
import random
import statistics
import subprocess
import sys
import time
from pathlib import Path

import httpx
import pyoxigraph as ox

from benchmarks.served import free_port
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.synthetic import IPC_GROUPS, patents
from patentnav.graph.store import open_store, select
from patentnav.ontology import PNAV, entity_iri, graph_iri

HERE = Path(__file__).parent
RDF = ox.NamedNode("http://www.w3.org/1999/02/22-rdf-syntax-ns#type")
LABEL = ox.NamedNode("http://www.w3.org/2000/01/rdf-schema#label")
XSD = "http://www.w3.org/2001/XMLSchema#"
INDUSTRIES = ["rail-transit", "construction-machinery", "new-materials", "cultural-creative", "new-generation-it"]
REGIONS = ["430000", "430100", "430200", "430300"]

# Dashboard aggregates, with the share of SPARQL requests each takes (the industry-wide one is heavy:
# about 1 s alone on 100k patents on a 2-core machine, so it is rare, as it would be on a dashboard).
AGGREGATES = [
    # One applicant's filings per year.
    (
        0.4,
        """SELECT ?year (COUNT(?p) AS ?n) WHERE {{ ?p pnav:applicant <{org}> ; pnav:applicationDate ?d
       BIND(YEAR(?d) AS ?year) }} GROUP BY ?year ORDER BY ?year""",
    ),
    # Which industries one IPC main group's patents fall in.
    (
        0.4,
        """SELECT ?industry (COUNT(?p) AS ?n) WHERE {{ ?p pnav:classifiedIn <{ipc}> ; pnav:inIndustry ?industry }}
       GROUP BY ?industry ORDER BY DESC(?n)""",
    ),
    # Does an industry have patents at all.
    (0.15, "ASK {{ ?p pnav:inIndustry <{industry}> }}"),
    # Top applicants of one industry.
    (
        0.05,
        """SELECT ?applicant (COUNT(?p) AS ?n) WHERE {{ ?p pnav:inIndustry <{industry}> ; pnav:applicant ?applicant }}
       GROUP BY ?applicant ORDER BY DESC(?n) LIMIT 10""",
    ),
]
PATHOLOGICAL = "SELECT (COUNT(*) AS ?n) WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i . ?j ?k ?l }"


def term(name: str) -> ox.NamedNode:
    """A pnav: term as a pyoxigraph node."""
    return ox.NamedNode(str(PNAV.term(name)))


def build_store(path: Path, count: int) -> None:
    """Write ``count`` synthetic patents as RDF into a fresh on-disk store (bulk load)."""
    store = open_store(f"oxigraph://{path}")
    ensure_seeded(store)
    graph = ox.NamedNode(graph_iri("synthetic-benchmark"))
    source = ox.NamedNode(entity_iri("source", "synthetic-benchmark"))
    quads = [
        ox.Quad(source, RDF, term("Source"), graph),
        ox.Quad(source, term("synthetic"), ox.Literal("true", datatype=ox.NamedNode(XSD + "boolean")), graph),
        ox.Quad(source, LABEL, ox.Literal("Synthetic benchmark patents (not real)", language="en"), graph),
    ]
    seen_orgs: set[str] = set()
    rng = random.Random(7)

    def generate():
        yield from quads
        for patent in patents(count, seed=7):
            iri = ox.NamedNode(entity_iri("patent", patent.pub_number))
            yield ox.Quad(iri, RDF, term("Patent"), graph)
            yield ox.Quad(iri, LABEL, ox.Literal(patent.title, language="zh"), graph)
            yield ox.Quad(
                iri,
                term("applicationDate"),
                ox.Literal(patent.application_date.isoformat(), datatype=ox.NamedNode(XSD + "date")),
                graph,
            )
            yield ox.Quad(iri, term("inIndustry"), ox.NamedNode(entity_iri("industry", rng.choice(INDUSTRIES))), graph)
            for code in patent.ipc[:2]:
                ipc = code.replace("/", "-")
                yield ox.Quad(iri, term("classifiedIn"), ox.NamedNode(entity_iri("ipc", ipc)), graph)
            for applicant in patent.applicants:
                org_id = "synthetic-" + hashlib.sha1(applicant.name_zh.encode()).hexdigest()[:12]
                org = ox.NamedNode(entity_iri("org", org_id))
                yield ox.Quad(iri, term("applicant"), org, graph)
                if org_id not in seen_orgs:
                    seen_orgs.add(org_id)
                    yield ox.Quad(org, RDF, term("Organization"), graph)
                    yield ox.Quad(org, LABEL, ox.Literal(applicant.name_zh, language="zh"), graph)
                    yield ox.Quad(
                        org, term("locatedIn"), ox.NamedNode(entity_iri("region", rng.choice(REGIONS))), graph
                    )

    store.bulk_add(generate())
    store.flush()


def start_server(store_path: Path, port: int, timeout: float, workers: int) -> subprocess.Popen:
    env = {
        **os.environ,
        "PATENTNAV_STORE": f"oxigraph://{store_path}",
        "PATENTNAV_QUERY_TIMEOUT": str(timeout),
        "PATENTNAV_QUERY_WORKERS": str(workers),
        # Each client names itself in X-Forwarded-For, as users behind a local proxy would.
        "PATENTNAV_TRUSTED_PROXIES": '["127.0.0.1"]',
    }
    code = (
        "import uvicorn; from patentnav.api.main import create_app; "
        f"uvicorn.run(create_app(), host='127.0.0.1', port={port}, log_level='warning', backlog=256, "
        "forwarded_allow_ips=['127.0.0.1'])"
    )
    server = subprocess.Popen([sys.executable, "-c", code], env=env)
    deadline = time.monotonic() + 120
    while time.monotonic() < deadline:
        try:
            if (
                httpx.get(f"http://127.0.0.1:{port}/sparql", headers={"accept": "text/turtle"}, timeout=2).status_code
                == 200
            ):
                return server
        except httpx.HTTPError:
            time.sleep(0.3)
    server.kill()
    raise RuntimeError("server did not start")


def requests_mix(patent_ids: list[str], org_ids: list[str], rng: random.Random):
    """Yield (kind, method, path, kwargs) forever."""
    while True:
        roll = rng.random()
        if roll < 0.4:
            yield (
                "entity",
                "GET",
                f"/entities/patent/{rng.choice(patent_ids)}",
                {"headers": {"accept": "application/json"}},
            )
        elif roll < 0.7:
            kind, ident = rng.choice([("patent", rng.choice(patent_ids)), ("org", rng.choice(org_ids))])
            yield "related", "GET", f"/entities/{kind}/{ident}/related", {"params": {"depth": 1, "limit": 50}}
        else:
            (template,) = rng.choices([t for _, t in AGGREGATES], weights=[w for w, _ in AGGREGATES])
            query = template.format(
                industry=entity_iri("industry", rng.choice(INDUSTRIES)),
                org=entity_iri("org", rng.choice(org_ids)),
                ipc=entity_iri("ipc", rng.choice(IPC_GROUPS).replace("/", "-")),
            )
            prefixes = f"PREFIX pnav: <{PNAV}>\n"
            yield (
                "sparql",
                "POST",
                "/sparql",
                {
                    "content": prefixes + query,
                    "headers": {
                        "content-type": "application/sparql-query",
                        "accept": "application/sparql-results+json",
                    },
                },
            )


async def run_phase(base: str, seconds: float, clients: int, max_requests: int, ids, pathological: bool) -> dict:
    latencies: dict[str, list[float]] = {"entity": [], "related": [], "sparql": []}
    errors: dict[str, int] = {}
    stop_at = time.monotonic() + seconds
    sent = 0
    path_outcomes: list[int] = []

    async def client(n: int) -> None:
        nonlocal sent
        rng = random.Random(n)
        mix = requests_mix(ids[0], ids[1], rng)
        who = {"x-forwarded-for": f"192.0.2.{n + 1}"}  # documentation addresses (RFC 5737)
        async with httpx.AsyncClient(base_url=base, timeout=120, headers=who) as http:
            while time.monotonic() < stop_at and sent < max_requests:
                sent += 1
                kind, method, path, kwargs = next(mix)
                start = time.perf_counter()
                try:
                    response = await http.request(method, path, **kwargs)
                    status = response.status_code
                except httpx.HTTPError as exc:
                    status = type(exc).__name__
                elapsed = time.perf_counter() - start
                if status == 200:
                    latencies[kind].append(elapsed)
                else:
                    errors[f"{kind}:{status}"] = errors.get(f"{kind}:{status}", 0) + 1

    async def troublemaker() -> None:
        who = {"x-forwarded-for": "198.51.100.1"}
        async with httpx.AsyncClient(base_url=base, timeout=120, headers=who) as http:
            while time.monotonic() < stop_at:
                r = await http.get("/sparql", params={"query": PATHOLOGICAL})
                path_outcomes.append(r.status_code)

    load_average = [round(x, 2) for x in os.getloadavg()]
    tasks = [client(n) for n in range(clients)]
    if pathological:
        tasks.append(troublemaker())
    started = time.monotonic()
    await asyncio.gather(*tasks)
    wall = time.monotonic() - started
    everything = sorted(x for v in latencies.values() for x in v)

    def pct(values: list[float], q: float) -> float | None:
        return round(statistics.quantiles(values, n=100)[q - 1] * 1000, 1) if len(values) > 2 else None

    return {
        "load_average_at_start": load_average,
        "seconds": round(wall, 1),
        "requests_ok": len(everything),
        "throughput_rps": round(len(everything) / wall, 1),
        "errors": errors,
        "p50_ms": pct(everything, 50),
        "p99_ms": pct(everything, 99),
        "by_kind": {
            k: {"n": len(v), "p50_ms": pct(sorted(v), 50), "p99_ms": pct(sorted(v), 99)} for k, v in latencies.items()
        },
        "pathological_statuses": {str(s): path_outcomes.count(s) for s in set(path_outcomes)} if pathological else None,
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--patents", type=int, default=100_000)
    parser.add_argument("--clients", type=int, default=32)
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--max-requests", type=int, default=200_000)
    parser.add_argument("--timeout", type=float, default=10, help="server query timeout for the pathological query")
    parser.add_argument("--workers", type=int, default=2)
    parser.add_argument("--tag", default="", help="suffix of the results file name (api_load_<N><tag>.json)")
    parser.add_argument("--store", type=Path, default=None, help="store directory (default: benchmarks/.cache/…)")
    args = parser.parse_args()

    store_path = args.store or HERE / ".cache" / f"api-load-{args.patents}"
    if not (store_path / "CURRENT").exists():
        print(f"building a store of {args.patents} synthetic patents in {store_path} …", flush=True)
        start = time.monotonic()
        build_store(store_path, args.patents)
        print(f"  built in {time.monotonic() - start:.1f} s", flush=True)
    store = open_store(f"oxigraph://{store_path}", read_only=True)
    triples = len(store)
    patent_ids = [r["p"].rsplit("/", 1)[1] for r in select(store, "SELECT ?p WHERE { ?p a pnav:Patent } LIMIT 2000")]
    org_ids = [r["o"].rsplit("/", 1)[1] for r in select(store, "SELECT ?o WHERE { ?o a pnav:Organization } LIMIT 2000")]
    del store

    port = free_port()
    server = start_server(store_path, port, args.timeout, args.workers)
    base = f"http://127.0.0.1:{port}"
    try:
        print(f"phase 1: {args.clients} clients, {args.seconds:g} s …", flush=True)
        baseline = asyncio.run(
            run_phase(base, args.seconds, args.clients, args.max_requests, (patent_ids, org_ids), False)
        )
        print(json.dumps(baseline, indent=1), flush=True)
        print(f"phase 2: the same plus one pathological query client, {args.seconds:g} s …", flush=True)
        stressed = asyncio.run(
            run_phase(base, args.seconds, args.clients, args.max_requests, (patent_ids, org_ids), True)
        )
        print(json.dumps(stressed, indent=1), flush=True)
    finally:
        server.terminate()
        server.wait(timeout=30)

    result = {
        "patents": args.patents,
        "triples": triples,
        "clients": args.clients,
        "server_query_timeout_s": args.timeout,
        "query_workers": args.workers,
        "cpus": os.cpu_count(),
        "clients_identified_by": "X-Forwarded-For from a trusted loopback proxy (fair queueing per client)",
        "baseline": baseline,
        "with_pathological_query": stressed,
        "p99_ratio": round(stressed["p99_ms"] / baseline["p99_ms"], 2) if baseline["p99_ms"] else None,
    }
    out = HERE / "results" / f"api_load_{args.patents}{args.tag}.json"
    out.parent.mkdir(exist_ok=True)
    out.write_text(json.dumps(result, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    print(f"p99 ratio (with / without pathological query): {result['p99_ratio']}; written to {out}")


if __name__ == "__main__":
    main()
