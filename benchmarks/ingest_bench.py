"""Ingest throughput per format, against pyoxigraph's raw bulk load and rdflib's parser.

For each format and size: generate a synthetic export, ingest it into a fresh on-disk
store (rows/s), then load the very triples it produced (N-Quads dump) with
``pyoxigraph.Store.bulk_load`` and parse them with rdflib. Wall and CPU seconds are both
recorded: on a shared machine CPU seconds (all threads) give the steadier ratios. Each
ingest runs in a child process and its own peak memory (VmHWM) is read right after it,
before the graph is dumped, so sizes can be compared.

    flock /tmp/pnav-heavy.lock nice -n 5 uv run python benchmarks/ingest_bench.py --rows 10000
    flock /tmp/pnav-heavy.lock nice -n 5 uv run python benchmarks/ingest_bench.py \
        --rows 100000 --formats cnipa lens --append
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import subprocess
import sys
import tempfile
import time
from pathlib import Path

CHILD = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
from patentnav.graph.normalize import AddressResolver
AddressResolver()  # import cpca before timing
from patentnav.graph.store import open_store
from patentnav.graph.ingest.loader import ingest_file
import pyoxigraph as ox
store = open_store(sys.argv[1])
t, cpu = time.perf_counter(), time.process_time()
r = ingest_file(store, sys.argv[2])
seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
# VmHWM, not ru_maxrss (which would include the parent's peak); read before the dump, which has its own peak.
from benchmarks.worker import peak_rss_bytes
peak = peak_rss_bytes() / 2**20
with open(sys.argv[3], "wb") as fh:
    ox.serialize(store.inner.quads_for_pattern(None, None, None, ox.NamedNode(r.graph)), fh, ox.RdfFormat.N_QUADS)
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rows": r.rows_read, "quads": r.quads,
                  "peak_mib": peak}))
"""


def bench(fmt: str, rows: int, work: Path, *, rdflib_too: bool = True, in_memory: bool = False) -> dict:
    from patentnav.graph.ingest.synthetic import FORMAT_FILES, write_export

    path = write_export(fmt, work / fmt / FORMAT_FILES[fmt], rows=rows, seed=1)
    load_average = os.getloadavg()[0]  # at the start of the measurement
    dump = work / f"{fmt}-{rows}.nq"
    store_url = "memory://" if in_memory else f"oxigraph://{work / ('store-' + fmt + str(rows))}"
    out = subprocess.run(
        [sys.executable, "-c", CHILD, store_url, str(path), str(dump)],
        check=True,
        capture_output=True,
        text=True,
    ).stdout
    result = json.loads(out.strip().splitlines()[-1])
    import pyoxigraph as ox

    with tempfile.TemporaryDirectory() as tmp:
        store = ox.Store() if in_memory else ox.Store(tmp)
        t, cpu = time.perf_counter(), time.process_time()
        store.bulk_load(path=str(dump), format=ox.RdfFormat.N_QUADS)
        result["oxigraph_bulk_load_s"] = time.perf_counter() - t
        result["oxigraph_bulk_load_cpu_s"] = time.process_time() - cpu
        del store
    result.update(
        format=fmt,
        store="memory" if in_memory else "disk",
        machine=f"{platform.machine()} {os.cpu_count()} cpus, python {platform.python_version()}",
        load_average=load_average,
        rows_per_s=result["rows"] / result["seconds"],
        ratio_to_bulk_load=result["seconds"] / result["oxigraph_bulk_load_s"],
        cpu_ratio_to_bulk_load=result["cpu_seconds"] / result["oxigraph_bulk_load_cpu_s"],
    )
    if not rdflib_too:
        return result
    import rdflib

    t, cpu = time.perf_counter(), time.process_time()
    rdflib.Dataset().parse(str(dump), format="nquads")
    result["rdflib_parse_s"] = time.perf_counter() - t
    result["rdflib_parse_cpu_s"] = time.process_time() - cpu
    result.update(
        rdflib_over_ingest=result["rdflib_parse_s"] / result["seconds"],
        rdflib_cpu_over_ingest=result["rdflib_parse_cpu_s"] / result["cpu_seconds"],
        # The bound on "ingest is N times faster than rdflib": raw bulk_load of the same triples.
        rdflib_over_bulk_load=result["rdflib_parse_s"] / result["oxigraph_bulk_load_s"],
        rdflib_cpu_over_bulk_load=result["rdflib_parse_cpu_s"] / result["oxigraph_bulk_load_cpu_s"],
    )
    return result


def table(results: list[dict]) -> str:
    """The results as a Markdown table, one row per format and size."""
    lines = [
        "| format | store | rows | rows/s | ingest s | x bulk_load (wall / cpu) | rdflib parse / ingest "
        "| rdflib parse / bulk_load | peak MiB | load avg |",
        "|---|---|--:|--:|--:|--:|--:|--:|--:|--:|",
    ]
    for r in results:
        rdf = f"{r['rdflib_over_ingest']:.1f}x" if "rdflib_over_ingest" in r else "-"
        bound = f"{r['rdflib_over_bulk_load']:.1f}x" if "rdflib_over_bulk_load" in r else "-"
        lines.append(
            f"| {r['format']} | {r.get('store', 'disk')} | {r['rows']:,} | {r['rows_per_s']:,.0f} | "
            f"{r['seconds']:.1f} | "
            f"{r['ratio_to_bulk_load']:.2f} / {r['cpu_ratio_to_bulk_load']:.2f} | {rdf} | {bound} | "
            f"{r['peak_mib']:.0f} | {r['load_average']:.1f} |"
        )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument("--formats", nargs="+", default=["cnipa", "google", "lens", "patentsview"])
    parser.add_argument(
        "--rdflib-max-rows", type=int, default=20_000, help="parse with rdflib only up to this size (it is slow)"
    )
    parser.add_argument(
        "--in-memory",
        action="store_true",
        help="ingest into memory:// and bulk_load into an in-memory pyoxigraph store, like rdflib's memory store",
    )
    parser.add_argument("--append", action="store_true", help="add to the results already in --out")
    parser.add_argument("--out", type=Path, default=Path("benchmarks/results/ingest.json"))
    args = parser.parse_args()
    results = json.loads(args.out.read_text()) if args.append and args.out.exists() else []
    with tempfile.TemporaryDirectory(prefix="patentnav-bench-") as tmp:
        for rows in args.rows:
            for fmt in args.formats:
                r = bench(fmt, rows, Path(tmp), rdflib_too=rows <= args.rdflib_max_rows, in_memory=args.in_memory)
                results.append(r)
                rdf = (
                    f"rdflib {r['rdflib_parse_s']:.1f}s / {r['rdflib_parse_cpu_s']:.1f} cpu-s "
                    f"(ingest x{r['rdflib_over_ingest']:.1f} wall, x{r['rdflib_cpu_over_ingest']:.1f} cpu as fast)"
                    if "rdflib_parse_s" in r
                    else "rdflib skipped"
                )
                print(
                    f"{fmt:12} {rows:>8} rows  {r['rows_per_s']:>6.0f} rows/s  {r['quads']:>9} quads  "
                    f"ingest {r['seconds']:.1f}s / {r['cpu_seconds']:.1f} cpu-s  bulk_load "
                    f"{r['oxigraph_bulk_load_s']:.1f}s / {r['oxigraph_bulk_load_cpu_s']:.1f} cpu-s "
                    f"(x{r['ratio_to_bulk_load']:.1f} wall, x{r['cpu_ratio_to_bulk_load']:.1f} cpu)  {rdf}  "
                    f"peak {r['peak_mib']:.0f} MiB",
                    flush=True,
                )
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(results, indent=2))
    print(table(results))


if __name__ == "__main__":
    main()
