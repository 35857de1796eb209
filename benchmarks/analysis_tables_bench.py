"""The analyses on the analytic tables at scale: each topic cold and warm, against DuckDB's own limit.

Run it on a store that already holds the patents (the 1M store of ``python -m benchmarks run --size 1m``,
or any store ``patentnav ingest`` filled)::

    flock /tmp/pnav-heavy.lock nice -n 5 uv run python benchmarks/analysis_tables_bench.py \\
        --store oxigraph:///tmp/b1m/store --industry construction-machinery --region 430100

Targets run for the industry alone (every region's targets). Each topic runs in a fresh process
(``cold``: the first answer after opening the store, with the numbered database already built), then
twice more in that process with the kept query answers forgotten first (``warm``: the best of the two;
the counting itself), then once more as it is (``revisit``: a scope looked at again, answered from the
kept answers). Wall and CPU seconds (all threads) and the process's peak RSS are recorded.

The limit: in one more fresh process, DuckDB reads the same facts straight from the tables' Parquet
files (IRIs as text, no numbering, no caches) and computes the scope's patents, the yearly trend, the
top 20 applicants, the IPC subclasses and the legal status, the core of the landscape; its warm time
is the ``limit``, and each topic's warm time is also given as a multiple of it. The goal of issue 16:
every scope change under a second at 1M patents.

Results go to ``benchmarks/results/analysis_tables.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import resource
import subprocess
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ("landscape", "warnings", "layout", "targets", "key-patents", "operations")


def _clock() -> tuple[float, float]:
    return time.perf_counter(), time.process_time()


def _since(start: tuple[float, float]) -> dict[str, float]:
    wall, cpu = _clock()
    return {"wall_s": round(wall - start[0], 3), "cpu_s": round(cpu - start[1], 3)}


def _peak_mib() -> int:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024


def run_topic_child(store_url: str, topic: str, industry: str | None, region: str | None) -> dict:
    """One topic, cold then warm twice, in this (fresh) process."""
    from patentnav.graph.analysis.service import run_topic
    from patentnav.graph.store import open_store
    from patentnav.graph.tables.engine import analytic_tables

    store = open_store(store_url)
    analytic_tables(store).frame("SELECT 1 AS ready")  # the numbered database attached: not part of a look
    # Targets are assessed for every region of the plans (a region narrows them to its own targets).
    params = {"industry": industry, "region": None if topic == "targets" else region}
    start = _clock()
    tables = run_topic(store, topic, **params)
    cold = _since(start)
    warm = []
    for _ in range(2):
        analytic_tables(store).forget_answers()  # time the counting, not the answers kept from the call before
        start = _clock()
        run_topic(store, topic, **params)
        warm.append(_since(start))
    best = min(warm, key=lambda w: w["wall_s"])
    start = _clock()
    run_topic(store, topic, **params)  # a revisit: the kept answers
    revisit = _since(start)
    rows = {name: len(df) for name, df in tables.items()}
    return {"topic": topic, "cold": cold, "warm": best, "revisit": revisit, "rows": rows, "peak_rss_mib": _peak_mib()}


_LIMIT_SQL = {
    "patents": "SELECT COUNT(*) AS n FROM scope",
    "trend": "SELECT year(d.date) AS year, COUNT(*) AS n FROM scope s JOIN application_date d USING (patent) "
    "GROUP BY 1 ORDER BY 1",
    "applicants": "SELECT a.org, COUNT(DISTINCT a.patent) AS n FROM scope s JOIN applicant a USING (patent) "
    "GROUP BY 1 ORDER BY n DESC, a.org LIMIT 20",
    "ipc": "SELECT substr(c.ipc, 35, 4) AS subclass, COUNT(DISTINCT c.patent) AS n FROM scope s "
    "JOIN classified_in c USING (patent) GROUP BY 1 ORDER BY n DESC, 1 LIMIT 20",
    "legal_status": "SELECT l.status, COUNT(*) AS n FROM scope s JOIN legal_status l USING (patent) GROUP BY 1",
}


def limit_child(store_url: str, industry: str | None, region: str | None) -> dict:
    """DuckDB over the same Parquet facts, by hand: the core of the landscape for the same scope."""
    import duckdb

    from patentnav.graph.analysis.scope import resolve_scope
    from patentnav.graph.store import open_store
    from patentnav.graph.tables.catalog import tables_of

    store = open_store(store_url)
    scope = resolve_scope(store, industry=industry, region=region)
    folder = tables_of(store).folder
    con = duckdb.connect(config={"threads": 2})
    con.execute("SET enable_progress_bar = false")
    for name in ("in_industry", "applicant", "located_in", "application_date", "classified_in", "legal_status"):
        files = sorted(str(p) for p in folder.glob(f"*/{name}.parquet"))
        con.execute(f"CREATE VIEW {name} AS SELECT DISTINCT * FROM read_parquet({files!r})")
    regions = sorted(scope.region_set) if scope.region_set else None

    def once() -> dict[str, int]:
        con.execute(
            "CREATE OR REPLACE TEMP TABLE scope AS SELECT DISTINCT i.patent FROM in_industry i "
            "WHERE ($industry IS NULL OR i.industry = $industry) AND ($regions IS NULL OR i.patent IN ("
            "SELECT a.patent FROM applicant a JOIN located_in l ON l.entity = a.org "
            "WHERE list_contains($regions, l.region)))",
            {"industry": scope.industry, "regions": regions},
        )
        return {name: len(con.execute(sql).fetchall()) for name, sql in _LIMIT_SQL.items()}

    start = _clock()
    rows = once()
    cold = _since(start)
    warm = []
    for _ in range(2):
        start = _clock()
        once()
        warm.append(_since(start))
    return {"topic": "limit", "cold": cold, "warm": min(warm, key=lambda w: w["wall_s"]), "rows": rows,
            "peak_rss_mib": _peak_mib()}  # fmt: skip


def _child(args: list[str]) -> dict:
    done = subprocess.run(
        [sys.executable, __file__, "--child", *args], capture_output=True, text=True, check=False, cwd=ROOT
    )
    if done.returncode:
        return {"error": (done.stderr.strip().splitlines() or ["failed"])[-1]}
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", help="store URL holding the patents (e.g. oxigraph:///tmp/b1m/store)")
    parser.add_argument("--industry", default="construction-machinery")
    parser.add_argument("--region", default="430100")
    parser.add_argument("--topics", nargs="+", default=list(TOPICS), choices=TOPICS)
    parser.add_argument("--note", help="kept with the results (what code ran, what else ran on the machine)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "analysis_tables.json")
    parser.add_argument("--child", nargs="+", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.child:
        kind, store, industry, region = args.child
        if kind == "limit":
            print(json.dumps(limit_child(store, industry or None, region or None)))
        else:
            print(json.dumps(run_topic_child(store, kind, industry or None, region or None)))
        return
    if not args.store:
        parser.error("--store is required: the store URL holding the patents")
    run = {
        "started": datetime.now(UTC).isoformat(timespec="seconds"),
        "store": args.store,
        "scope": {"industry": args.industry, "region": args.region},
        "load_average_at_start": round(os.getloadavg()[0], 2),
        "cpus": os.cpu_count(),
        "note": args.note,
        "results": [],
    }
    limit = _child(["limit", args.store, args.industry, args.region])
    run["results"].append(limit)
    print(f"{'limit (DuckDB by hand)':24} {json.dumps(limit)}", flush=True)
    for topic in args.topics:
        result = _child([topic, args.store, args.industry, args.region])
        if "warm" in result and "warm" in limit:
            result["warm_x_limit"] = round(result["warm"]["wall_s"] / max(limit["warm"]["wall_s"], 1e-6), 1)
        run["results"].append(result)
        print(f"{topic:24} {json.dumps(result)}", flush=True)
    run["load_average_at_end"] = round(os.getloadavg()[0], 2)
    previous = json.loads(args.out.read_text()) if args.out.exists() else []
    args.out.write_text(json.dumps([*previous, run], indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
