"""``GET /analysis/landscape`` warm against its limit: DuckDB answering the same tables straight from the export CSV.

Issue 16's goal at 100k patents: the served landscape, warm, within 2x of the limit measured in the same run.
Run it on a synthetic CNIPA export and a store that ingested it (the whole store is the scope: no industry,
region or period, so both sides answer the same question)::

    uv run python -c "from patentnav.graph.ingest.synthetic import write_export as w; \\
        w('cnipa', '/tmp/b100k/x.csv', rows=100000)"
    uv run patentnav ingest /tmp/b100k/x.csv --store oxigraph:///tmp/b100k/store
    flock /tmp/pnav-heavy.lock nice -n 5 uv run python benchmarks/landscape_limit_bench.py \\
        --csv /tmp/b100k/x.csv --store oxigraph:///tmp/b100k/store

The limit reads the CSV into DuckDB and computes the yearly filings, the top 20 applicants and inventors (names
split on ``;``), CR4/CR8/HHI over every applicant, the IPC subclasses and main groups, the legal status mix and
the prefecture of each applicant's address (cut from the address text; patentnav resolves it with cpca), one
process, one CSV read per run. The served side is the API in-process (FastAPI's test client, no network)
over the store; its landscape also computes the life cycle, the trend with its reporting lag and, with a
region, the applicant origin. Each side runs once cold and five times warm (the median is kept); the top
applicant's count of both and the served concentration are recorded as a check that both answer the same
question. Results are appended to ``benchmarks/results/landscape_limit.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]

#: The limit's tables, from the CNIPA export's columns (graph/ingest/synthetic.py writes them).
LIMIT_SQL = {
    "patents": """
        CREATE OR REPLACE TEMP TABLE p AS
        SELECT DISTINCT "公开(公告)号" AS pn,
               year(COALESCE(try_strptime("申请日", '%Y-%m-%d'), try_strptime("申请日", '%Y.%m.%d'),
                             try_strptime("申请日", '%Y%m%d'))) AS y,
               "法律状态" AS status, "申请(专利权)人" AS apps, "发明(设计)人" AS invs, "IPC分类号" AS ipcs,
               "申请人地址" AS addr
        FROM read_csv($csv, header = true, all_varchar = true)""",
    "trend": "SELECT y, count(*) AS filings FROM p GROUP BY y ORDER BY y",
    "applicants": """
        CREATE OR REPLACE TEMP TABLE a AS
        SELECT trim(name) AS org, count(DISTINCT pn) AS n FROM p, unnest(string_split(apps, ';')) AS t(name)
        WHERE trim(name) <> '' GROUP BY org""",
    "top_applicants": "SELECT org, n FROM a ORDER BY n DESC, org LIMIT 20",
    "concentration": """
        WITH r AS (SELECT n, row_number() OVER (ORDER BY n DESC) AS k, sum(n) OVER () AS total FROM a)
        SELECT sum(n) FILTER (WHERE k <= 4) / any_value(total) AS cr4,
               sum(n) FILTER (WHERE k <= 8) / any_value(total) AS cr8,
               sum((n * 100.0 / total) ^ 2) AS hhi FROM r""",
    "top_inventors": """
        SELECT trim(name) AS inventor, count(DISTINCT pn) AS n FROM p, unnest(string_split(invs, ';')) AS t(name)
        WHERE trim(name) <> '' GROUP BY inventor ORDER BY n DESC, inventor LIMIT 20""",
    "ipc": """
        SELECT substr(trim(code), 1, 4) AS subclass, count(DISTINCT pn) AS n
        FROM p, unnest(string_split(ipcs, ';')) AS t(code) WHERE trim(code) <> ''
        GROUP BY subclass ORDER BY n DESC, subclass""",
    "ipc_main_group": """
        SELECT split_part(trim(code), '/', 1) || '/00' AS main_group, count(DISTINCT pn) AS n
        FROM p, unnest(string_split(ipcs, ';')) AS t(code) WHERE trim(code) <> ''
        GROUP BY main_group ORDER BY n DESC, main_group LIMIT 20""",
    "legal_status": "SELECT status, count(*) AS n FROM p GROUP BY status ORDER BY n DESC",
    "regions": """
        SELECT regexp_extract(addr, '^(.+?(省|自治区))?(.+?(市|自治州|地区|盟))', 0) AS prefecture,
               count(DISTINCT pn) AS n FROM p WHERE addr <> '' GROUP BY prefecture ORDER BY n DESC""",
}


def run_limit(csv: str) -> tuple[float, dict[str, object]]:
    """One answer of the limit: seconds, and the patents and the top applicant's count."""
    import duckdb

    con = duckdb.connect()
    con.execute("SET enable_progress_bar = false")
    t0 = time.perf_counter()
    answers = {
        name: con.execute(sql, {"csv": csv} if "$csv" in sql else None).fetchall() for name, sql in LIMIT_SQL.items()
    }
    seconds = time.perf_counter() - t0
    patents = con.execute("SELECT count(*) FROM p").fetchone()
    con.close()
    top = answers["top_applicants"][0] if answers["top_applicants"] else (None, 0)
    cr4, cr8, hhi = answers["concentration"][0]
    return seconds, {
        "patents": patents[0] if patents else 0,
        "top_applicant_patents": top[1],
        "CR4": cr4,
        "CR8": cr8,
        "HHI": hhi,
    }


def run_served(client) -> tuple[float, dict[str, object]]:
    """One ``GET /analysis/landscape``: seconds, and the patents and the top applicant's count it reports."""
    t0 = time.perf_counter()
    response = client.get("/analysis/landscape")
    seconds = time.perf_counter() - t0
    response.raise_for_status()
    tables = response.json()["tables"]
    applicants = tables.get("applicants", {}).get("rows", [])
    top = max((row.get("patents", 0) for row in applicants), default=0)
    key = tables.get("concentration", {}).get("rows", [{}])
    return seconds, {"top_applicant_patents": top, "concentration": key[0] if key else {}}


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--csv", required=True, help="the CNIPA export the store ingested")
    parser.add_argument("--store", required=True, help="store URL holding that export")
    parser.add_argument("--runs", type=int, default=5, help="warm runs per side (the median is kept)")
    parser.add_argument("--note", help="kept with the results (what code ran, what else ran on the machine)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "landscape_limit.json")
    args = parser.parse_args()

    from fastapi.testclient import TestClient

    from patentnav.api.main import create_app
    from patentnav.graph.store import open_store
    from patentnav.settings import Settings

    started = datetime.now(UTC).isoformat(timespec="seconds")
    load = round(os.getloadavg()[0], 2)
    limit_cold, limit_check = run_limit(args.csv)
    limit_warm = statistics.median(run_limit(args.csv)[0] for _ in range(args.runs))
    store = open_store(args.store)
    with TestClient(create_app(Settings(store=args.store), store=store)) as client:
        served_cold, served_check = run_served(client)
        served_warm = statistics.median(run_served(client)[0] for _ in range(args.runs))
    store.close()
    entry = {
        "started": started,
        "csv": args.csv,
        "store": args.store,
        "load_average_at_start": load,
        "note": args.note,
        "limit_seconds": {"cold": limit_cold, "warm": limit_warm},
        "served_seconds": {"cold": served_cold, "warm": served_warm},
        "served_warm_over_limit_warm": served_warm / limit_warm,
        "check": {"limit": limit_check, "served": served_check},
    }
    runs = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else []
    args.out.write_text(json.dumps([*runs, entry], indent=1, ensure_ascii=False), encoding="utf-8")
    print(json.dumps(entry, indent=1, ensure_ascii=False))


if __name__ == "__main__":
    if str(ROOT) not in sys.path:
        sys.path.insert(0, str(ROOT))
    main()
