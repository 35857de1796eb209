"""Run the scale benchmark: ``python -m benchmarks run --size 10k|100k|1m [--virtuoso] [--update-readme]``.

``python -m benchmarks virtuoso-analyses --size 1m`` adds the Virtuoso analyses to an earlier run.

One run measures, each step in its own process (niced) so peak memory is its own:

1. a synthetic CNIPA export of N patents (:mod:`patentnav.graph.ingest.synthetic`, labelled synthetic);
2. the real ingest of that file (:func:`patentnav.graph.ingest.loader.ingest_file`, as
   ``patentnav ingest``) into a fresh on-disk store seeded as ``patentnav serve`` seeds it;
   the quads it wrote are dumped to N-Quads;
3. pyoxigraph ``bulk_load`` of that dump into another on-disk store -- the limit;
4. rdflib parsing the same dump into its memory store, then the same queries (up to 100k by default);
5. the README's SPARQL and the aggregates in ``benchmarks/queries``, cold and warm, on the ingested store;
6. each analysis (landscape, warnings, layout, targets, networks), cold and warm, on the ingested store;
7. API entity and related lookups under concurrent load on loopback (p50/p99);
8. with ``--virtuoso``: the same dump loaded through the Graph Store Protocol, queries, API load and analyses
   on Virtuoso, and Virtuoso's own bulk loader (``ld_dir`` + ``rdf_loader_run``) as its limit.

Every step's wall time goes to ``step_seconds`` in ``benchmarks/results/<size>.json``;
``--update-readme`` rewrites the table in ``benchmarks/README.md``.
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

from benchmarks.worker import peak_rss_bytes

ROOT = Path(__file__).resolve().parent
RESULTS = ROOT / "results"
SIZES = {"1k": 1_000, "10k": 10_000, "100k": 100_000, "1m": 1_000_000}
SEED = 20161
# Warm repetitions (median) by size: at 1M one aggregate or analysis takes minutes on 2 cores,
# so the analyses get only their cold run and the queries one warm run there.
QUERY_WARM_RUNS = {1_000: 5, 10_000: 5, 100_000: 3, 1_000_000: 1}
ANALYSIS_WARM_RUNS = {1_000: 3, 10_000: 3, 100_000: 1, 1_000_000: 0}


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


def _queries(url: str, patents: int, sample: dict[str, Any]) -> dict[str, Any]:
    return worker("store_queries", url=url, neighbour_org=sample["neighbour_org"], warm_runs=QUERY_WARM_RUNS[patents])[
        "queries"
    ]


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
        t0 = time.perf_counter()
        try:
            self.out[key] = fn()
        except Exception as exc:  # a benchmark step failing is a result to report, not a crash
            _log(f"{label} failed: {exc}")
            self.out.setdefault("errors", {})[key] = str(exc)[-2000:]
        # Where the run's time went, step by step (includes process start and store opening).
        self.out.setdefault("step_seconds", {})[key] = round(time.perf_counter() - t0, 2)
        self.save()
        return self.out.get(key)


def _virtuoso_buffers(patents: int) -> int:
    """NumberOfBuffers (8 KiB pages) for a run: Virtuoso's guide suggests ~2/3 of the memory it may use."""
    return {1_000: 20_000, 10_000: 50_000, 100_000: 250_000}.get(patents, 680_000)


def _ld_dir(server: Any, dump: Path, graph: str) -> None:
    """Virtuoso's own bulk loader on the dump (N-Quads keep their graphs; ``graph`` is only a fallback)."""
    server.isql(f"ld_dir('{dump.parent}', '{dump.name}', '{graph}');\nrdf_loader_run();\ncheckpoint;\n")


def run_virtuoso(
    dump: Path, graph: str, patents: int, sample: dict[str, Any], rec: Recorder, api_requests: int, native: bool
) -> None:
    """Load, query and serve the ingest's dump on Virtuoso; then its native bulk loader on a fresh server."""
    from benchmarks.api_latency import run_api_load
    from tests.support.virtuoso import VirtuosoServer

    buffers = _virtuoso_buffers(patents)
    with VirtuosoServer(buffers=buffers, extra_dirs=[dump.parent]) as server:
        url = server.store_url + "&batch=50000"

        def load() -> dict[str, Any]:
            result = worker("patentnav_load", dump=str(dump), url=url)
            server.isql("checkpoint;")
            result["server_peak_rss_bytes"] = peak_rss_bytes(server.process.pid)
            result["disk_bytes"] = server.disk_bytes()
            return result

        rec.out["virtuoso_version"] = server.version()
        rec.step("virtuoso_load", "virtuoso: load the ingest's quads through the Graph Store Protocol", load)
        rec.step("virtuoso_queries", "virtuoso: queries", lambda: _queries(url, patents, sample))
        rec.step(
            "virtuoso_api",
            "virtuoso: API load",
            lambda: run_api_load(url, patents=sample["patents"], orgs=sample["orgs"], requests=api_requests),
        )
        rec.step(
            "virtuoso_analyses",
            "virtuoso: analyses (pilot graph loaded first, not timed)",
            lambda: worker("analyses", url=url, warm_runs=ANALYSIS_WARM_RUNS[patents], seed=True),
        )
        rec.out["virtuoso_server_peak_rss_bytes"] = peak_rss_bytes(server.process.pid)
    if not native:
        rec.out["virtuoso_native_load_skipped"] = True
        return
    with VirtuosoServer(buffers=buffers, extra_dirs=[dump.parent]) as server:

        def native_load() -> dict[str, Any]:
            from patentnav.graph.store import open_store, select

            t0 = time.perf_counter()
            _ld_dir(server, dump, graph)
            seconds = time.perf_counter() - t0
            loaded = select(
                open_store(server.store_url),
                "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }",
                g=ox.NamedNode(graph),
            )[0]["n"]
            return {
                "seconds": seconds,
                "triples": loaded,
                "server_peak_rss_bytes": peak_rss_bytes(server.process.pid),
                "disk_bytes": server.disk_bytes(),
            }

        rec.step("virtuoso_native_load", "virtuoso: native bulk loader", native_load)


def virtuoso_analyses(size: str, workdir: Path) -> dict[str, Any]:
    """Add the Virtuoso analyses to an earlier run of ``size`` (whose dump is still in ``workdir``).

    For runs made before the runner timed them: Virtuoso's own bulk loader loads the dump
    (faster than GSP; not timed here), then the analyses run as in :func:`run_virtuoso`.
    """
    from tests.support.virtuoso import VirtuosoServer

    patents = SIZES[size]
    rec = Recorder(size, json.loads((RESULTS / f"{size}.json").read_text(encoding="utf-8")))
    dump = workdir / f"ingested-{size}.nq"
    buffers = _virtuoso_buffers(patents)
    with VirtuosoServer(buffers=buffers, extra_dirs=[dump.parent]) as server:
        _log("virtuoso: native bulk load of the dump (not timed)")
        graph = rec.out["ingest"]["graph"]
        _ld_dir(server, dump, graph)
        rec.out["virtuoso_analyses_added"] = {
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "load_average_at_start": os.getloadavg()[0],
            "loaded_with": "ld_dir",
        }
        rec.step(
            "virtuoso_analyses",
            "virtuoso: analyses (pilot graph loaded first, not timed)",
            lambda: worker("analyses", url=server.store_url, warm_runs=ANALYSIS_WARM_RUNS[patents], seed=True),
        )
    return rec.out


def _export(workdir: Path, size: str, patents: int, out: dict[str, Any]) -> Path:
    """The synthetic CNIPA export of ``patents`` rows (generated once per workdir, then reused)."""
    from patentnav.graph.ingest.synthetic import write_export

    # "synthetic" in the name makes ingest label the source pnav:synthetic true.
    export = workdir / f"synthetic_cnipa_{size}.csv"
    if not export.exists():
        _log(f"generating a synthetic CNIPA export of {patents} patents")
        t0 = time.perf_counter()
        partial = write_export("cnipa", workdir / f"synthetic_cnipa_{size}.partial.csv", rows=patents, seed=SEED)
        partial.rename(export)
        out["generate_seconds"] = time.perf_counter() - t0
    out["export_bytes"] = export.stat().st_size
    return export


def run(
    size: str,
    *,
    workdir: Path,
    virtuoso: bool,
    rdflib: bool | None,
    api_requests: int,
    native_virtuoso: bool = True,
) -> dict[str, Any]:
    """Run every measurement for one size; return the results (also written to JSON)."""
    from benchmarks.api_latency import run_api_load

    patents = SIZES[size]
    workdir.mkdir(parents=True, exist_ok=True)
    t_run = time.perf_counter()
    rec = Recorder(
        size,
        {
            "size": size,
            "patents": patents,
            "started": datetime.now(UTC).isoformat(timespec="seconds"),
            "machine": machine(),
            "data": (
                f"synthetic CNIPA export (patentnav.graph.ingest.synthetic, seed {SEED}), ingested with "
                "patentnav's ingest; source labelled pnav:synthetic true"
            ),
            "warm_runs": {"queries": QUERY_WARM_RUNS[patents], "analyses": ANALYSIS_WARM_RUNS[patents]},
        },
    )
    out = rec.out
    export = rec.step("export", "synthetic export", lambda: str(_export(workdir, size, patents, out)))
    dump, sample_file = workdir / f"ingested-{size}.nq", workdir / f"sample-{size}.json"
    bulk_dir, store_dir = workdir / "bulk", workdir / "store"
    for d in (bulk_dir, store_dir):
        shutil.rmtree(d, ignore_errors=True)
    url = f"oxigraph://{store_dir}"
    ingest = rec.step(
        "ingest",
        "patentnav ingest of the export (embedded, seeded store)",
        lambda: worker("ingest_export", export=export, url=url, dump=str(dump), sample=str(sample_file)),
    )
    if ingest is None:  # nothing else can run without the ingested store
        out["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
        rec.save()
        return out
    out["dump_bytes"] = dump.stat().st_size
    sample = json.loads(sample_file.read_text(encoding="utf-8"))
    rec.step(
        "oxigraph_bulk_load",
        "pyoxigraph bulk_load of the ingest's quads",
        lambda: worker("oxigraph_bulk_load", dump=str(dump), dir=str(bulk_dir)),
    )
    shutil.rmtree(bulk_dir, ignore_errors=True)
    if rdflib if rdflib is not None else patents <= 100_000:
        # rdflib's queries take minutes per aggregate past 10k patents: time them there only.
        rec.step(
            "rdflib",
            "rdflib parse (and queries up to 10k)",
            lambda: worker(
                "rdflib_parse", dump=str(dump), neighbour_org=sample["neighbour_org"], queries=patents <= 10_000
            ),
        )
    else:
        out["rdflib_skipped"] = True
    rec.step("oxigraph_queries", "queries (embedded)", lambda: _queries(url, patents, sample))
    rec.step(
        "oxigraph_analyses",
        "analyses (embedded)",
        lambda: worker("analyses", url=url, warm_runs=ANALYSIS_WARM_RUNS[patents]),
    )
    rec.step(
        "oxigraph_api",
        "API load (embedded)",
        lambda: run_api_load(url, patents=sample["patents"], orgs=sample["orgs"], requests=api_requests),
    )
    if virtuoso:
        run_virtuoso(dump, ingest["graph"], patents, sample, rec, api_requests, native_virtuoso)
    shutil.rmtree(store_dir, ignore_errors=True)
    out["finished"] = datetime.now(UTC).isoformat(timespec="seconds")
    out["total_seconds"] = round(time.perf_counter() - t_run, 1)
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
    r.add_argument(
        "--skip-native-virtuoso", action="store_true", help="with --virtuoso, skip Virtuoso's own bulk loader"
    )
    r.add_argument("--rdflib", action=argparse.BooleanOptionalAction, default=None, help="default: up to 100k")
    r.add_argument("--api-requests", type=int, default=400, help="requests per kind of API lookup")
    r.add_argument("--update-readme", action="store_true", help="rewrite the table in benchmarks/README.md")
    v = sub.add_parser("virtuoso-analyses", help="add the Virtuoso analyses to an earlier run of one size")
    v.add_argument("--size", choices=list(SIZES), default="1m")
    v.add_argument("--workdir", type=Path, default=None, help="where that run's dump is")
    v.add_argument("--update-readme", action="store_true")
    t = sub.add_parser("table", help="print (and optionally write) the results table from benchmarks/results")
    t.add_argument("--update-readme", action="store_true")
    args = parser.parse_args(argv)

    from benchmarks.report import render_table, update_readme

    if args.command in ("run", "virtuoso-analyses"):
        workdir = args.workdir or Path(tempfile.gettempdir()) / "patentnav-scale-bench" / args.size
    if args.command == "virtuoso-analyses":
        virtuoso_analyses(args.size, workdir)
    if args.command == "run":
        run(
            args.size,
            workdir=workdir,
            virtuoso=args.virtuoso,
            rdflib=args.rdflib,
            api_requests=args.api_requests,
            native_virtuoso=not args.skip_native_virtuoso,
        )
    table = render_table(RESULTS)
    print(table)
    if args.update_readme:
        update_readme(ROOT / "README.md", table)


if __name__ == "__main__":
    main()
