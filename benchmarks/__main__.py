"""Run the scale benchmark: ``python -m benchmarks run --size 10k|100k|1m [--virtuoso] [--update-readme]``.

One run measures, each step in its own process (niced) so peak memory is its own:

1. synthetic patents as N-Triples (:mod:`benchmarks.synthetic`, labelled synthetic);
2. pyoxigraph ``bulk_load`` of that file into an on-disk store -- the limit;
3. patentnav's load path (parse -> quads -> ``PatentStore.bulk_add``) into another on-disk store;
4. rdflib parsing the same file into its memory store, then the same queries (up to 100k by default);
5. the README's SPARQL and the aggregates in ``benchmarks/queries``, cold and warm, on the store;
6. API entity and related lookups under concurrent load on loopback (p50/p99);
7. with ``--virtuoso``: the same load (Graph Store Protocol), queries and API load on Virtuoso,
   and Virtuoso's own bulk loader (``ld_dir`` + ``rdf_loader_run``) as its limit.

Results go to ``benchmarks/results/<size>.json``; ``--update-readme`` rewrites the table in
``benchmarks/README.md``.
"""

from __future__ import annotations

import argparse
import contextlib
import json
import os
import platform
import shutil
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable
from datetime import UTC, datetime
from pathlib import Path
from typing import Any

import pyoxigraph as ox

from benchmarks.synthetic import applicant_count, graph_for, write_ntriples

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}


def worker(task: str, **args: Any) -> dict[str, Any]:
    """Run one measurement in a fresh, niced process and return its JSON."""
    cmd = ["nice", "-n", "10", sys.executable, "-m", "benchmarks.worker", task, json.dumps(args)]
    done = subprocess.run(cmd, capture_output=True, text=True, check=False, cwd=ROOT.parent)
    if done.returncode != 0:
        raise RuntimeError(f"{task} failed: {done.stderr[-3000:]}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def machine() -> dict[str, Any]:
    """What the run ran on."""
    import pyoxigraph
    import rdflib

    cpu = platform.processor()
    try:
        for line in Path("/proc/cpuinfo").read_text().splitlines():
            if line.startswith("model name"):
                cpu = line.split(":", 1)[1].strip()
                break
    except OSError:
        pass
    mem = 0
    with contextlib.suppress(OSError, ValueError, IndexError):
        mem = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_bytes": mem,
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "rdflib": rdflib.__version__,
        # Other jobs share the machine: timings are only comparable within one run.
        "load_average_at_start": os.getloadavg()[0],
    }


def _log(message: str) -> None:
    print(f"[{datetime.now().strftime('%H:%M:%S')}] {message}", file=sys.stderr, flush=True)


def _vm_hwm(pid: int) -> int:
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            return int(line.split()[1]) * 1024
    return 0


def _queries(url: str, patents: int) -> dict[str, Any]:
    # Past 100k an aggregate takes minutes on this class of machine: time the cold run only.
    return worker("store_queries", url=url, warm_runs=5 if patents <= 100_000 else 0)["queries"]


class Recorder:
    """Results of one run, written to JSON after every step; a failed step is recorded, not fatal."""

    def __init__(self, size: str, out: dict[str, Any]) -> None:
        self.path = RESULTS / f"{size}.json"
        self.out = out

    def save(self) -> None:
        RESULTS.mkdir(exist_ok=True)
        self.path.write_text(json.dumps(self.out, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")

    def step(self, key: str, label: str, fn: Callable[[], Any]) -> Any:
        _log(label)
        try:
            self.out[key] = fn()
        except Exception as exc:  # a benchmark step failing is a result to report, not a crash
            _log(f"{label} failed: {exc}")
            self.out.setdefault("errors", {})[key] = str(exc)[-2000:]
        self.save()
        return self.out.get(key)


def run_virtuoso(nt: Path, patents: int, rec: Recorder, api_requests: int) -> None:
    """Load, query and serve the same data on Virtuoso; then its native bulk loader on a fresh server."""
    from benchmarks.api_latency import run_api_load
    from tests.support.virtuoso import VirtuosoServer

    # NumberOfBuffers (8 KiB pages): Virtuoso's guide suggests ~2/3 of the memory it may use.
    buffers = {1_000: 20_000, 10_000: 50_000, 100_000: 250_000}.get(patents, 680_000)
    with VirtuosoServer(buffers=buffers, extra_dirs=[nt.parent]) as server:
        url = server.store_url + "&batch=50000"

        def load() -> dict[str, Any]:
            result = worker("patentnav_load", nt=str(nt), url=url)
            server.isql("checkpoint;")
            result["server_peak_rss_bytes"] = _vm_hwm(server.process.pid)
            result["disk_bytes"] = server.disk_bytes()
            return result

        rec.out["virtuoso_version"] = server.version()
        rec.step("virtuoso_load", "virtuoso: patentnav load through the Graph Store Protocol", load)
        rec.step("virtuoso_queries", "virtuoso: queries", lambda: _queries(url, patents))
        rec.step(
            "virtuoso_api",
            "virtuoso: API load",
            lambda: run_api_load(url, patents=patents, applicants=applicant_count(patents), requests=api_requests),
        )
        rec.out["virtuoso_server_peak_rss_bytes"] = _vm_hwm(server.process.pid)
    with VirtuosoServer(buffers=buffers, extra_dirs=[nt.parent]) as server:

        def native() -> dict[str, Any]:
            from patentnav.graph.store import open_store, select

            t0 = time.perf_counter()
            server.isql(
                f"ld_dir('{nt.parent}', '{nt.name}', '{graph_for('synthetic-benchmark')}');\n"
                "rdf_loader_run();\ncheckpoint;\n"
            )
            seconds = time.perf_counter() - t0
            loaded = select(
                open_store(server.store_url),
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                g=ox.NamedNode(graph_for("synthetic-benchmark")),
            )[0]["n"]
            return {
                "seconds": seconds,
                "triples": loaded,
                "server_peak_rss_bytes": _vm_hwm(server.process.pid),
                "disk_bytes": server.disk_bytes(),
            }

        rec.step("virtuoso_native_load", "virtuoso: native bulk loader", native)


def run(size: str, *, workdir: Path, virtuoso: bool, rdflib: bool | None, api_requests: int) -> dict[str, Any]:
    """Run every measurement for one size; return the results (also written to JSON)."""
    from benchmarks.api_latency import run_api_load

    patents = SIZES[size]
    workdir.mkdir(parents=True, exist_ok=True)
    nt = workdir / f"synthetic-{size}.nt"
    rec = Recorder(
        size,
        {
            "size": size,
            "patents": patents,
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "data": "synthetic (benchmarks/synthetic.py, seed 20161), labelled pnav:synthetic true",
        },
    )
    out = rec.out
    if not nt.exists():
        _log(f"generating {patents} synthetic patents")
        t0 = time.perf_counter()
        partial = nt.with_suffix(".partial")
        with partial.open("w", encoding="utf-8") as f:
            out["triples_generated"] = write_ntriples(f, patents=patents)
        partial.rename(nt)
        out["generate_seconds"] = time.perf_counter() - t0
    out["ntriples_bytes"] = nt.stat().st_size

    bulk_dir, store_dir = workdir / "bulk", workdir / "store"
    for d in (bulk_dir, store_dir):
        shutil.rmtree(d, ignore_errors=True)
    rec.step(
        "oxigraph_bulk_load",
        "pyoxigraph bulk_load",
        lambda: worker("oxigraph_bulk_load", nt=str(nt), dir=str(bulk_dir)),
    )
    shutil.rmtree(bulk_dir, ignore_errors=True)
    url = f"oxigraph://{store_dir}"
    rec.step("patentnav_load", "patentnav load (embedded)", lambda: worker("patentnav_load", nt=str(nt), url=url))
    if rdflib if rdflib is not None else patents <= 100_000:
        # rdflib's queries take minutes per aggregate past 10k patents: time them there only.
        rec.step(
            "rdflib",
            "rdflib parse (and queries up to 10k)",
            lambda: worker("rdflib_parse", nt=str(nt), queries=patents <= 10_000),
        )
    rec.step("oxigraph_queries", "queries (embedded)", lambda: _queries(url, patents))
    rec.step(
        "oxigraph_api",
        "API load (embedded)",
        lambda: run_api_load(url, patents=patents, applicants=applicant_count(patents), requests=api_requests),
    )
    if virtuoso:
        run_virtuoso(nt, patents, rec, api_requests)
    shutil.rmtree(store_dir, ignore_errors=True)
    out["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    rec.save()
    return out


def main(argv: list[str] | None = None) -> None:
    parser = argparse.ArgumentParser(prog="python -m benchmarks", description=__doc__.split("\n")[0])
    sub = parser.add_subparsers(dest="command", required=True)
    r = sub.add_parser("run", help="run the benchmark at one size")
    r.add_argument("--size", choices=list(SIZES), default="10k")
    r.add_argument(
        "--workdir", type=Path, default=None, help="data and stores (default /tmp/patentnav-scale-bench/SIZE)"
    )
    r.add_argument("--virtuoso", action="store_true", help="also measure Virtuoso (started on loopback)")
    r.add_argument("--rdflib", action=argparse.BooleanOptionalAction, default=None, help="default: up to 100k")
    r.add_argument("--api-requests", type=int, default=400, help="requests per kind of API lookup")
    r.add_argument("--update-readme", action="store_true", help="rewrite the table in benchmarks/README.md")
    t = sub.add_parser("table", help="print (and optionally write) the results table from benchmarks/results")
    t.add_argument("--update-readme", action="store_true")
    args = parser.parse_args(argv)

    from benchmarks.report import render_table, update_readme

    if args.command == "run":
        workdir = args.workdir or Path(tempfile.gettempdir()) / "patentnav-scale-bench" / args.size
        run(args.size, workdir=workdir, virtuoso=args.virtuoso, rdflib=args.rdflib, api_requests=args.api_requests)
    table = render_table(RESULTS)
    print(table)
    if args.update_readme:
        update_readme(ROOT / "README.md", table)


if __name__ == "__main__":
    main()
