"""API entity and related lookups under concurrent load on loopback: p50 and p99 latency.

The server runs in its own process (uvicorn, one worker) over a store URL; the client
sends requests from ``concurrency`` threads, each request for a random patent or applicant of
the sample the ingest step drew from the store, and reports latency percentiles per kind of request.

On a store that already holds patents (the 1M store of ``python -m benchmarks run --size 1m``)::

    flock /tmp/pnav-heavy.lock nice -n 5 uv run python benchmarks/api_latency.py \\
        --store oxigraph:///tmp/b1m/store --requests 800

samples 500 patents and 500 applicants from the store's analytic tables; applicants are drawn per
applicant × patent row and then kept once each, so a large applicant (the hard case) is more likely to be in the
sample than a small one: at 1M, 15–17% of the 500 file more than 1,000 patents. Results are appended to
``benchmarks/results/api_latency.json``; ``--links`` and ``--limit`` ask for other page sizes than the API's.
"""

from __future__ import annotations

import os
import random
import statistics
import sys
import time
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any
from urllib.parse import quote

import httpx

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
_WARMUP = 8  # requests of each kind, one at a time, before the measured ones


def _percentile(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, round(q * (len(ordered) - 1)))]


def _entity_path(iri: str) -> str:
    """``/entities/TYPE/ID`` of an entity IRI (``…/id/TYPE/ID``)."""
    kind, _, ident = iri.split("/id/", 1)[1].partition("/")
    return f"/entities/{kind}/{quote(ident, safe='')}"


def run_api_load(
    store_url: str,
    *,
    patents: list[str],
    orgs: list[str],
    requests: int = 400,
    concurrency: int = 8,
    seed: int = 7,
    links: int | None = None,
    limit: int | None = None,
) -> dict[str, Any]:
    """Start the API over ``store_url`` and measure; return per-kind p50/p99 (ms) and throughput.

    ``patents`` and ``orgs`` are entity IRIs in the store; each request picks one at random. ``links`` and
    ``limit``, when given, are sent as the entity page's ``links`` and the related lookup's ``limit`` (else the
    API's first-page sizes apply).
    """
    entity_query = f"?links={int(links)}" if links else ""
    related_query = "?depth=1" + (f"&limit={int(limit)}" if limit else "")
    from benchmarks.served import served

    with served(store_url) as base:
        rng = random.Random(seed)
        kinds = {
            "entity_patent": lambda: _entity_path(rng.choice(patents)) + entity_query,
            "entity_applicant": lambda: _entity_path(rng.choice(orgs)) + entity_query,
            "related_patent": lambda: _entity_path(rng.choice(patents)) + "/related" + related_query,
            "related_applicant": lambda: _entity_path(rng.choice(orgs)) + "/related" + related_query,
        }
        results: dict[str, Any] = {}
        with httpx.Client(base_url=base, timeout=120, limits=httpx.Limits(max_connections=concurrency)) as client:
            # The first requests of each kind open the store's caches (the first large organisation's: the counts
            # kept from the analytic tables); they are timed apart, as warmup_ms, not mixed into the percentiles.
            warmup_ms: dict[str, list[float]] = {}
            for kind, make in kinds.items():
                for _ in range(_WARMUP):
                    t0 = time.perf_counter()
                    client.get(make(), headers={"Accept": "application/json"})
                    warmup_ms.setdefault(kind, []).append(round(1000 * (time.perf_counter() - t0), 1))
            for kind, make in kinds.items():
                paths = [make() for _ in range(requests)]

                def fetch(path: str) -> tuple[float, int]:
                    t0 = time.perf_counter()
                    r = client.get(path, headers={"Accept": "application/json"})
                    return time.perf_counter() - t0, r.status_code

                t0 = time.perf_counter()
                with ThreadPoolExecutor(concurrency) as pool:
                    done = list(pool.map(fetch, paths))
                wall = time.perf_counter() - t0
                latencies = [d for d, _ in done]
                results[kind] = {
                    "p50_ms": 1000 * statistics.median(latencies),
                    "p99_ms": 1000 * _percentile(latencies, 0.99),
                    "requests_per_s": len(paths) / wall,
                    "ok": sum(1 for _, s in done if s == 200),
                    "not_found": sum(1 for _, s in done if s == 404),
                    "errors": sum(1 for _, s in done if s >= 500),
                    "warmup_ms": warmup_ms[kind],
                }
        results["concurrency"] = concurrency
        results["links"], results["limit"] = links, limit
        return results


def _sample(store_url: str, size: int) -> tuple[list[str], list[str]]:
    """``size`` patents and ``size`` applicants of the store, from its analytic tables (see the module docstring)."""
    from patentnav.graph.store import open_store
    from patentnav.graph.tables.engine import analytic_tables

    store = open_store(store_url, read_only=store_url.startswith("oxigraph://"))
    try:
        tables = analytic_tables(store)
        patents = tables.frame(f"SELECT patent FROM patent_set USING SAMPLE {int(size)} ROWS").patent.tolist()
        rows = tables.frame(f"SELECT org FROM applicant USING SAMPLE {4 * int(size)} ROWS").org.tolist()
    finally:
        store.close()
    return patents, list(dict.fromkeys(rows))[:size]


def main() -> None:
    import argparse
    import json
    from datetime import UTC, datetime

    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="store URL holding the patents")
    parser.add_argument("--requests", type=int, default=800, help="requests per kind")
    parser.add_argument("--concurrency", type=int, default=8)
    parser.add_argument("--links", type=int, help="links per property an entity page lists (default: the API's)")
    parser.add_argument("--limit", type=int, help="entities a related lookup returns (default: the API's)")
    parser.add_argument("--note", help="kept with the results (what code ran, what else ran on the machine)")
    parser.add_argument("--out", default=os.path.join(ROOT, "benchmarks", "results", "api_latency.json"))
    args = parser.parse_args()
    patents, orgs = _sample(args.store, 500)
    started = datetime.now(UTC).isoformat(timespec="seconds")
    load = round(os.getloadavg()[0], 2)
    result = run_api_load(
        args.store,
        patents=patents,
        orgs=orgs,
        requests=args.requests,
        concurrency=args.concurrency,
        links=args.links,
        limit=args.limit,
    )
    entry = {"started": started, "store": args.store, "load_average_at_start": load, "note": args.note, **result}
    out = Path(args.out)
    runs = json.loads(out.read_text(encoding="utf-8")) if out.exists() else []
    out.write_text(json.dumps([*runs, entry], indent=1), encoding="utf-8")
    for kind, figures in result.items():
        if isinstance(figures, dict):
            print(
                f"{kind:18} p50 {figures['p50_ms']:7.1f} ms  p99 {figures['p99_ms']:7.1f} ms  "
                f"{figures['requests_per_s']:6.1f} req/s  ok {figures['ok']}"
            )


if __name__ == "__main__":
    if ROOT not in sys.path:  # run as a script: benchmarks.* lives under the repository root
        sys.path.insert(0, ROOT)
    main()
