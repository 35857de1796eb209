"""The workspace's scope changes over HTTP at scale: how long until every panel has its answer.

``GET /analysis`` (the workspace page) asks for six topics at once whenever the scope changes
(``/analysis/landscape|warnings|layout|targets|key-patents|operations``, as ``workspace.js`` does, targets by
industry only). This benchmark serves the API over a store in its own process (one uvicorn worker),
loads ``/analysis/options`` as the page does, then walks a fixed sequence of scope changes an analyst would
make (an industry, its province, a city, a period, other industries and cities, back to the first) and
times each: the first panel answered, every panel answered (the figure the goal "each scope change
answers in < 1 s at 1M patents" is about), and each topic. Each scope is new to the process except the
last, a return to the first.

On the 1M store of ``python -m benchmarks run --size 1m``::

    flock /tmp/pnav-heavy.lock nice -n 5 uv run python -m benchmarks.workspace_bench \\
        --store oxigraph:///tmp/b1m/store

Results are appended to ``benchmarks/results/workspace.json``.
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import time
from concurrent.futures import ThreadPoolExecutor
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import httpx

from benchmarks.served import served

ROOT = Path(__file__).resolve().parents[1]
TOPICS = ("landscape", "warnings", "layout", "targets", "key-patents", "operations")
#: The scope changes, in order (the workspace's query keys).
SCOPES: list[dict[str, str]] = [
    {"industry": "construction-machinery"},
    {"industry": "construction-machinery", "region": "430000"},
    {"industry": "construction-machinery", "region": "430100"},
    {"industry": "construction-machinery", "region": "430100", "from": "2015", "to": "2020"},
    {"industry": "rail-transit", "region": "430200"},
    {"industry": "new-materials", "region": "430000"},
    {"industry": "new-generation-it", "region": "420100"},
    {"industry": "construction-machinery", "region": "430100"},
]


def _topic_params(topic: str, scope: dict[str, str]) -> dict[str, str]:
    keys = ("industry", "plan") if topic == "targets" else ("industry", "region", "from", "to")
    return {k: v for k, v in scope.items() if k in keys}


def server_cpu_seconds() -> float:
    """CPU seconds (user + system) used so far by this process's children: the served API, on a loaded
    machine a steadier figure than wall seconds (it does not count the time other work held the cores)."""
    ticks = os.sysconf("SC_CLK_TCK")
    total = 0.0
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == os.getpid():  # fields after the name: state, ppid, …, utime (12), stime (13)
            total += (int(fields[11]) + int(fields[12])) / ticks
    return total


def look(client: httpx.Client, scope: dict[str, str]) -> dict[str, Any]:
    """One scope change: the six topics requested together; seconds to the first and the last answer, and the
    server's CPU seconds for it."""
    cpu = server_cpu_seconds()
    start = time.perf_counter()

    def fetch(topic: str) -> tuple[str, float, int]:
        response = client.get(f"/analysis/{topic}", params=_topic_params(topic, scope))
        return topic, time.perf_counter() - start, response.status_code

    with ThreadPoolExecutor(len(TOPICS)) as pool:
        answers = list(pool.map(fetch, TOPICS))
    return {
        "scope": scope,
        "first_s": round(min(s for _, s, _ in answers), 3),
        "all_s": round(max(s for _, s, _ in answers), 3),
        "server_cpu_s": round(server_cpu_seconds() - cpu, 3),
        "topics": {topic: {"s": round(s, 3), "status": status} for topic, s, status in answers},
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--store", required=True, help="store URL holding the patents (e.g. oxigraph:///tmp/b1m/store)")
    parser.add_argument("--note", help="kept with the results (what code ran, what else ran on the machine)")
    parser.add_argument("--out", type=Path, default=ROOT / "benchmarks" / "results" / "workspace.json")
    args = parser.parse_args()
    with served(args.store) as base, httpx.Client(base_url=base, timeout=300) as client:
        started = time.perf_counter()
        client.get("/analysis/options").raise_for_status()
        options_s = round(time.perf_counter() - started, 3)
        looks = []
        for scope in SCOPES:
            looks.append(look(client, scope))
            print(json.dumps(looks[-1], ensure_ascii=False), flush=True)
    changes = [x["all_s"] for x in looks[1:]]  # seven changes: six new scopes and a return to the first
    cpus = [x["server_cpu_s"] for x in looks[1:]]
    run = {
        "when": datetime.now(UTC).isoformat(timespec="seconds"),
        "store": args.store,
        "note": args.note,
        "options_s": options_s,
        "first_look_all_s": looks[0]["all_s"],
        "scope_changes_all_s": {"median": statistics.median(changes), "max": max(changes)},
        "scope_changes_server_cpu_s": {"median": statistics.median(cpus), "max": max(cpus)},
        "looks": looks,
    }
    print(json.dumps({k: v for k, v in run.items() if k != "looks"}, ensure_ascii=False))
    previous = json.loads(args.out.read_text()) if args.out.exists() else []
    args.out.write_text(json.dumps([*previous, run], indent=2, ensure_ascii=False) + "\n")


if __name__ == "__main__":
    main()
