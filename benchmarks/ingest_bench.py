"""Ingest throughput per format, against pyoxigraph's raw bulk load and rdflib's parser.

For each format and size: generate a synthetic export, ingest it into a fresh on-disk
store (rows/s), then load the very triples it produced (N-Quads dump) with
``pyoxigraph.Store.bulk_load`` and parse them with rdflib. Wall and CPU seconds are both
recorded: on a shared machine CPU seconds (all threads) give the steadier ratios. Each
ingest runs in a child process and its own peak memory (VmHWM) is read right after it,
before the graph is dumped, so sizes can be compared.

Formats are the original four (``graph/ingest/synthetic.py``: cnipa, google, lens, patentsview)
and the wide layouts of issue 15 (``tests/support/layouts.py``: incopat with all its columns,
cn-yearly, patsnap, patsnap-xlsx, cnipa-search, lens-full, derwent), written with the same quirks
the tests use. Results of the wide layouts go to ``benchmarks/results/ingest_layouts.json`` unless
``--out`` says otherwise; their table adds the ingest's peak RSS at the smallest and largest size
and the ratio of the two (the goal: memory flat as the file grows).

    flock /tmp/pnav-heavy.lock nice -n 5 uv run python benchmarks/ingest_bench.py --rows 10000
    flock /tmp/pnav-heavy.lock nice -n 5 uv run python benchmarks/ingest_bench.py \
        --rows 100000 --formats cnipa lens --append
    flock /tmp/pnav-heavy.lock nice -n 5 uv run python benchmarks/ingest_bench.py \
        --rows 10000 100000 --formats incopat cn-yearly

``--profile`` measures nothing against bulk_load: it ingests each file under py-spy (all threads),
splits the sampled time into reader, normalisation, writer, store and the loader's bookkeeping
(:data:`PHASE_RULES`), names the frames that took the most, and records the peak RSS of each ingest
step; the entry (``"kind": "profile"``) joins the others in ``--out``:

    flock /tmp/pnav-heavy.lock nice -n 5 uv run python benchmarks/ingest_bench.py --profile --rows 20000 \
        --formats incopat cn-yearly --py-spy "uvx --from py-spy==0.4.3 py-spy" --append
"""

from __future__ import annotations

import argparse
import json
import os
import platform
import re
import shlex
import shutil
import subprocess
import sys
import tempfile
import time
from datetime import UTC, datetime
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
if str(ROOT) not in sys.path:  # run as a script: benchmarks.* and tests.support.* live under the repository root
    sys.path.insert(0, str(ROOT))

#: The original formats (graph/ingest/synthetic.py) and the wide layouts of issue 15 (tests/support/layouts.py).
FORMATS = ("cnipa", "google", "lens", "patentsview")
#: Benchmark name -> layout of tests/support/layouts.py (``patsnap`` is its CSV form).
LAYOUTS = {
    "incopat": "incopat",
    "cn-yearly": "cn-yearly",
    "patsnap": "patsnap-csv",
    "patsnap-xlsx": "patsnap-xlsx",
    "cnipa-search": "cnipa-search",
    "lens-full": "lens-full",
    "derwent": "derwent",
}
LABELS = {
    "cnipa": "CNIPA", "google": "Google", "lens": "Lens", "patentsview": "PatentsView",
    "incopat": "incoPat, all 57 columns (XLSX)", "cn-yearly": "yearly CN dataset, 34 columns (CSV)",
    "patsnap": "PatSnap (CSV)", "patsnap-xlsx": "PatSnap (XLSX)", "cnipa-search": "CNIPA search (CSV)",
    "lens-full": "Lens, full header (CSV)", "derwent": "Derwent (CSV)",
}  # fmt: skip

CHILD = r"""
import json, sys, time, warnings
warnings.filterwarnings("ignore")
from patentnav.graph.ingest.normalize import AddressResolver
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
                  "peak_mib": peak, "patents_added": r.patents_added, "duplicates_merged": r.duplicates_merged,
                  "rows_rejected": r.rows_rejected, "layout": r.layout, "repeated_headers": r.repeated_headers}))
"""


# The ingest alone, as CHILD runs it but without the dump, for a sampling profiler (py-spy) to watch; a thread
# samples the resident memory every 50 ms and keeps each step's peak (steps: the loader's and the writer's
# functions below, wrapped here; the product code is not changed).
PROFILE_CHILD = r"""
import json, sys, threading, time, warnings
from pathlib import Path
warnings.filterwarnings("ignore")
from patentnav.graph.ingest.normalize import AddressResolver
AddressResolver()
from patentnav.graph.store import open_store
from patentnav.graph.ingest import loader
from patentnav.graph.ingest.rdf import GraphWriter
from patentnav.graph.tables.catalog import TableCatalog

def rss_mib():
    for line in Path("/proc/self/status").read_text().splitlines():
        if line.startswith("VmRSS:"):
            return int(line.split()[1]) / 1024
    return 0.0

steps, peaks, done = ["other (detect_export, digest, optimize, flush)"], {}, threading.Event()

def watch():
    while not done.is_set():
        rss, step = rss_mib(), steps[-1]
        peaks[step] = max(peaks.get(step, 0.0), rss)
        time.sleep(0.05)

def step(owner, name, label):
    inner = getattr(owner, name)
    def wrapped(*args, **kwargs):
        steps.append(label)
        try:
            return inner(*args, **kwargs)
        finally:
            steps.pop()
    setattr(owner, name, wrapped)

step(loader, "_write_records", "read, normalise, write the spool (parts load on the second thread meanwhile)")
step(GraphWriter, "finish", "writer finish")
step(GraphWriter, "merge_update", "writer merge_update")
step(loader, "ensure_reference", "ensure_reference")
step(loader, "_load_spool", "load the last parts, wait for the second thread")
step(TableCatalog, "build", "analytic tables build (graph/tables)")
store = open_store(sys.argv[1])
before = rss_mib()
threading.Thread(target=watch, daemon=True).start()
t, cpu = time.perf_counter(), time.process_time()
r = loader.ingest_file(store, sys.argv[2])
seconds, cpu = time.perf_counter() - t, time.process_time() - cpu
done.set()
print(json.dumps({"seconds": seconds, "cpu_seconds": cpu, "rows": r.rows_read, "quads": r.quads,
                  "rss_before_ingest_mib": round(before),
                  "peak_rss_by_step_mib": {k: round(v) for k, v in peaks.items()}}))
"""

#: The loader's functions that wait on or query the store (the part loader's thread among them).
_LOADER_STORE_STEPS = frozenset({
    "_load_spool", "known_region", "_stored_patents", "_stored_credit_codes", "prefetch", "stored_patent", "_run",
    "finish", "submit", "recover_interrupted", "_is_complete", "_has_patents", "_has_credit_codes",
})  # fmt: skip
#: Where a profiled sample's time goes: the first frame, from the innermost outwards, that one of these rules
#: claims -- (phase, a fragment of the frame's file path, the frame's function names or None for any). py-spy
#: shortens paths: "graph/ingest/rdf.py", "openpyxl/reader/...", "threading.py".
PHASE_RULES: tuple[tuple[str, str, frozenset[str] | None], ...] = (
    ("reader", "openpyxl/", None),
    ("reader", "xml/", None),
    ("reader", "zipfile", None),
    ("reader", "csv.py", None),
    ("reader", "codecs.py", None),
    ("reader", "graph/ingest/tabular.py", None),
    ("reader", "graph/ingest/xlsx_stream.py", None),  # the XLSX sheet's rows (from run 8 on; normalisation before)
    ("reader", "graph/ingest/formats.py", None),
    # The row framing in base.py: the loop over the table, and its repeated-header check.
    ("reader", "graph/ingest/base.py", frozenset({"mapped_rows"})),
    ("reader", "graph/ingest/loader.py", frozenset({"file_digest"})),
    ("writer", "graph/ingest/rdf.py", None),
    ("writer", "graph/ingest/loader.py", frozenset({"write", "_next", "part_written", "_source_lines"})),
    ("store", "graph/store.py", None),
    ("store", "graph/tables/", None),
    ("store", "graph/ingest/reference.py", None),
    ("store", "graph/scratch.py", None),
    ("store", "graph/ingest/loader.py", _LOADER_STORE_STEPS),
    ("loader bookkeeping (dedup keys, chunks, counters)", "graph/ingest/loader.py", None),
    ("normalisation", "graph/ingest/", None),
    ("normalisation", "graph/normalize.py", None),
    ("normalisation", "cpca/", None),
)
_FRAME = re.compile(r"^(?P<function>.*) \((?P<file>[^()]*?)(?::(?P<line>\d+))?\)$")


def _phase(frames: list[tuple[str, str]]) -> tuple[str, str]:
    """The phase of one sampled stack (outermost frame first) and the frame that decided it (``file:function``)."""
    if frames and frames[-1][1].rsplit("/", 1)[-1] in ("threading.py", "queue.py"):
        return "waiting (queue, lock)", f"{frames[-1][1].rsplit('/', 1)[-1]}:{frames[-1][0]}"
    for function, file in reversed(frames):
        # py-spy names "Class.method" and "outer.<locals>.<listcomp>": the rules name the method or the outer function.
        name = function.split(".<locals>.", 1)[0].rsplit(".", 1)[-1]
        for phase, fragment, functions in PHASE_RULES:
            if fragment in file and (functions is None or name in functions):
                return phase, f"{file.rsplit('site-packages/', 1)[-1].rsplit('/work/main/', 1)[-1]}:{function}"
    return "other", f"{frames[-1][1]}:{frames[-1][0]}" if frames else "?"


def classify_samples(raw: str, rate: int) -> dict:
    """py-spy's raw (collapsed) stacks as seconds per thread and phase, and the frames that took the most.

    Only samples inside ``ingest_file`` (the reading thread) or the part loader's thread count: imports and
    the child's own start are left out. Seconds are samples / rate: active (non-idle) time of that thread.
    """
    threads: dict[str, dict[str, float]] = {}
    frames_by_phase: dict[str, dict[str, float]] = {}
    steps: dict[str, float] = {}
    for line in raw.splitlines():
        stack, _, count = line.rpartition(" ")
        if not stack or not count.isdigit():
            continue
        parsed = [m.group("function", "file") for part in stack.split(";") if (m := _FRAME.match(part))]
        # The profile child's own step wrappers (file "<string>") are no step of the ingest.
        parsed = [(f, file) for f, file in parsed if file != "<string>" or f == "<module>"]
        names = {f.split(".<locals>.", 1)[0].rsplit(".", 1)[-1] for f, _ in parsed}
        if "ingest_file" in names:
            thread = "reading thread"
        elif "_run" in names and any("graph/ingest/loader.py" in file for _, file in parsed):
            thread = "part loader thread (bulk_load of spool parts)"
        else:
            continue
        phase, frame = _phase([(f, file) for f, file in parsed if file])
        seconds = int(count) / rate
        # The step of ingest_file the sample is in: the frame _load_file (or ingest_file) called.
        short = [f.split(".<locals>.", 1)[0].rsplit(".", 1)[-1] for f, _ in parsed]
        outer = max((i for i, f in enumerate(short) if f in ("ingest_file", "_load_file")), default=None)
        step = parsed[outer + 1][0] if outer is not None and outer + 1 < len(parsed) else short[-1]
        steps.setdefault(f"{thread}: {step}", 0.0)
        steps[f"{thread}: {step}"] += seconds
        threads.setdefault(thread, {}).setdefault(phase, 0.0)
        threads[thread][phase] += seconds
        frames_by_phase.setdefault(phase, {}).setdefault(frame, 0.0)
        frames_by_phase[phase][frame] += seconds
    top = {
        phase: dict(sorted(((k, round(v, 2)) for k, v in frames.items()), key=lambda kv: -kv[1])[:12])
        for phase, frames in frames_by_phase.items()
    }
    return {
        "seconds_by_thread_and_phase": {t: {k: round(v, 2) for k, v in sorted(p.items())} for t, p in threads.items()},
        "seconds_by_step": {k: round(v, 2) for k, v in sorted(steps.items(), key=lambda kv: -kv[1]) if v >= 0.05},
        "top_frames_by_phase": top,
    }


def profile(fmt: str, rows: int, work: Path, *, py_spy: list[str], rate: int = 100) -> dict:
    """Ingest a ``rows``-row ``fmt`` export under py-spy (all threads, ``rate`` samples/s) and split its time."""
    path = write_file(fmt, rows, work)
    raw = work / f"{fmt}-{rows}.spy.txt"
    load_average = os.getloadavg()[0]
    started = datetime.now(UTC).isoformat(timespec="seconds")
    store_url = f"oxigraph://{work / f'store-{fmt}{rows}'}"
    cmd = [*py_spy, "record", "--format", "raw", "--threads", "--rate", str(rate), "--output", str(raw), "--"]
    done = subprocess.run(
        [*cmd, sys.executable, "-c", PROFILE_CHILD, store_url, str(path)], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"profiled ingest of {path.name} failed: {done.stderr[-3000:]}")
    result = json.loads(next(line for line in reversed(done.stdout.splitlines()) if line.startswith("{")))
    result.update(
        kind="profile", format=fmt, patents=rows, store="disk", profiler=f"py-spy, {rate} samples/s, all threads",
        started=started, load_average=load_average, **classify_samples(raw.read_text(), rate),
    )  # fmt: skip
    shutil.rmtree(work / fmt)
    for folder in work.glob(f"store-{fmt}{rows}*"):
        shutil.rmtree(folder)
    return result


#: ``--files DIR``: generated exports are kept there and used again (the same generator and seed give the same
#: file, and an A/B sitting then spends its time measuring, not writing 100k-row workbooks twice).
FILES: Path | None = None


def write_file(fmt: str, rows: int, work: Path) -> Path:
    """The synthetic export of ``rows`` patents in ``fmt`` (seed 1), in a folder of its own under ``work``."""
    if FILES is not None:
        kept = FILES / f"{fmt}-{rows}"
        if not (kept / ".complete").exists():
            shutil.rmtree(kept, ignore_errors=True)
            made = _generate(fmt, rows, kept.parent / f"{fmt}-{rows}.tmp")
            shutil.rmtree(kept, ignore_errors=True)
            made.parent.rename(kept)
            (kept / ".complete").touch()
        source = next(p for p in kept.iterdir() if p.name != ".complete")
        (work / fmt).mkdir(parents=True, exist_ok=True)
        return Path(shutil.copy(source, work / fmt / source.name))
    return _generate(fmt, rows, work / fmt)


def _generate(fmt: str, rows: int, folder: Path) -> Path:
    shutil.rmtree(folder, ignore_errors=True)
    if fmt in LAYOUTS:
        from tests.support.layouts import LAYOUT_FILES, write_layout

        layout = LAYOUTS[fmt]
        return write_layout(layout, folder / LAYOUT_FILES[layout], rows=rows, seed=1)
    from patentnav.graph.ingest.synthetic import FORMAT_FILES, write_export

    return write_export(fmt, folder / FORMAT_FILES[fmt], rows=rows, seed=1)


def dump_digest(path: Path) -> str:
    """An order-free digest of an N-Quads dump: the sum of its lines' BLAKE2b-64 hashes (mod 2**64), in hex.

    The ingest writes no blank nodes, so two ingests that wrote the same graph give the same digest, whatever
    order the store serialised the quads in. The source's ``ingestedAt`` (the clock) is left out.
    """
    import hashlib

    total = 0
    with path.open("rb") as fh:
        for line in fh:
            if b"#ingestedAt> " in line:
                continue
            total += int.from_bytes(hashlib.blake2b(line.rstrip(b"\r\n"), digest_size=8).digest(), "little")
    return f"{total % (1 << 64):016x}"


def machine() -> dict:
    """What the run ran on (the load average is per measurement, in each result)."""
    import pyoxigraph

    cpu = platform.processor()
    for line in Path("/proc/cpuinfo").read_text().splitlines():
        if line.startswith("model name"):
            cpu = line.split(":", 1)[1].strip()
            break
    mem = int(Path("/proc/meminfo").read_text().split()[1]) * 1024
    git = ["git", "-C", str(ROOT)]
    commit = subprocess.run([*git, "rev-parse", "--short", "HEAD"], capture_output=True, text=True).stdout
    # Product code changed but not committed (the work tree may be shared): the commit alone would not say what ran.
    changed = subprocess.run(
        [*git, "status", "--porcelain", "--", "graph", "patentnav", "api", "data", "ontology"],
        capture_output=True,
        text=True,
    ).stdout
    return {
        "cpu": cpu,
        "cores": os.cpu_count(),
        "memory_gib": round(mem / 2**30, 2),
        "os": platform.platform(),
        "python": platform.python_version(),
        "pyoxigraph": pyoxigraph.__version__,
        "commit": commit.strip() or None,
        "uncommitted_product_changes": len(changed.splitlines()),
    }


def bench(fmt: str, rows: int, work: Path, *, rdflib_too: bool = True, in_memory: bool = False) -> dict:
    t = time.perf_counter()
    path = write_file(fmt, rows, work)
    generated_s = time.perf_counter() - t
    load_average = os.getloadavg()[0]  # at the start of the measurement
    started = datetime.now(UTC).isoformat(timespec="seconds")
    file_bytes = path.stat().st_size
    dump = work / f"{fmt}-{rows}.nq"
    store_url = "memory://" if in_memory else f"oxigraph://{work / f'store-{fmt}{rows}'}"
    done = subprocess.run(
        [sys.executable, "-c", CHILD, store_url, str(path), str(dump)], cwd=ROOT, capture_output=True, text=True
    )
    if done.returncode != 0:
        raise RuntimeError(f"ingest of {path.name} failed: {done.stderr[-3000:]}")
    result = json.loads(done.stdout.strip().splitlines()[-1])
    # The export and the ingested store are done with: at 100k rows the disk holds the dump and one store at a time.
    shutil.rmtree(work / fmt)
    for folder in work.glob(f"store-{fmt}{rows}*"):  # the store and its .tables / .work siblings
        shutil.rmtree(folder)
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
        started=started,
        patents=rows,
        file_bytes=file_bytes,
        generated_s=generated_s,
        dump_bytes=dump.stat().st_size,
        dump_digest=dump_digest(dump),
        rows_per_s=result["rows"] / result["seconds"],
        ratio_to_bulk_load=result["seconds"] / result["oxigraph_bulk_load_s"],
        cpu_ratio_to_bulk_load=result["cpu_seconds"] / result["oxigraph_bulk_load_cpu_s"],
    )
    if not rdflib_too:
        dump.unlink()
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
    dump.unlink()
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


def _size(rows: int) -> str:
    return f"{rows // 1000}k" if rows % 1000 == 0 else f"{rows:,}"


def layouts_table(results: list[dict]) -> str:
    """The README's table: the existing ingest table's columns, and the peak RSS at the smallest and largest size.

    The peak RSS ratio is largest / smallest size's peak of the same format and store (the goal: memory flat as the
    file grows, i.e. a ratio near 1 for ten times the rows).
    """
    lines = [
        "| export, rows | quads | ingest rows/s (per CPU-second) | vs bulk_load (wall / CPU) "
        "| rdflib parse vs ingest (wall / CPU) | rdflib parse vs bulk_load (wall) | peak RSS "
        "| peak RSS, smallest → largest size (ratio) | load avg |",
        "| --- | --- | --- | --- | --- | --- | --- | --- | --- |",
    ]
    by_format: dict[tuple[str, str], list[dict]] = {}
    for r in results:
        by_format.setdefault((r["format"], r.get("store", "disk")), []).append(r)
    for (fmt, store), runs in by_format.items():
        runs = sorted(runs, key=lambda r: r.get("patents", r["rows"]))
        small, large = runs[0], runs[-1]
        growth = (
            f"{small['peak_mib']:.0f} MiB ({_size(small['patents'])}) → {large['peak_mib']:.0f} MiB "
            f"({_size(large['patents'])}): {large['peak_mib'] / small['peak_mib']:.2f}×"
            if len(runs) > 1
            else "–"
        )
        for r in runs:
            label = LABELS.get(fmt, fmt) + ("" if store == "disk" else f", {store}")
            rows = f"{_size(r['patents'])}" + (f" ({r['rows']:,} rows)" if r["rows"] != r["patents"] else "")
            rdf = "not run (slow)"
            if "rdflib_over_ingest" in r:
                slower = r["rdflib_over_ingest"] >= 1 and r["rdflib_cpu_over_ingest"] >= 1
                rdf = f"{r['rdflib_over_ingest']:.1f}× / {r['rdflib_cpu_over_ingest']:.1f}× " + (
                    "slower" if slower else "(rdflib faster)"
                )
            bound = f"{r['rdflib_over_bulk_load']:.1f}×" if "rdflib_over_bulk_load" in r else "–"
            lines.append(
                f"| {label} {rows} | {r['quads']:,} | {r['rows_per_s']:,.0f} ({r['rows'] / r['cpu_seconds']:,.0f}) | "
                f"{r['ratio_to_bulk_load']:.2f}× / {r['cpu_ratio_to_bulk_load']:.2f}× | {rdf} | {bound} | "
                f"{r['peak_mib']:.0f} MiB | {growth if r is large else ''} | {r['load_average']:.1f} |"
            )
    return "\n".join(lines)


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--rows", type=int, nargs="+", default=[10_000, 100_000])
    parser.add_argument(
        "--formats", nargs="+", default=list(FORMATS), choices=[*FORMATS, *LAYOUTS], metavar="FORMAT",
        help=f"export formats: {', '.join(FORMATS)} (graph/ingest/synthetic.py); the wide layouts "
        f"{', '.join(LAYOUTS)} (tests/support/layouts.py)",
    )  # fmt: skip
    parser.add_argument(
        "--rdflib-max-rows", type=int, default=20_000, help="parse with rdflib only up to this size (it is slow)"
    )
    parser.add_argument(
        "--in-memory",
        action="store_true",
        help="ingest into memory:// and bulk_load into an in-memory pyoxigraph store, like rdflib's memory store",
    )
    parser.add_argument("--append", action="store_true", help="add to the results already in --out")
    parser.add_argument(
        "--files", type=Path, default=None,
        help="keep the generated exports in this folder and use them again in later runs (same generator, seed 1)",
    )  # fmt: skip
    parser.add_argument("--note", help="a note kept with each result (e.g. what code ran, if not this checkout)")
    parser.add_argument(
        "--profile", action="store_true",
        help="instead of measuring, ingest each file under py-spy and split its time into reader, normalisation, "
        "writer and store (a profile entry in --out; no bulk_load, no rdflib)",
    )  # fmt: skip
    parser.add_argument("--py-spy", default="py-spy", help='how to run py-spy (e.g. "uvx --from py-spy==0.4.3 py-spy")')
    parser.add_argument(
        "--out", type=Path, default=None,
        help="results file (default: benchmarks/results/ingest_layouts.json when every format is a wide layout, "
        "benchmarks/results/ingest.json otherwise)",
    )  # fmt: skip
    args = parser.parse_args()
    global FILES
    FILES = args.files.resolve() if args.files else None
    wide = all(fmt in LAYOUTS for fmt in args.formats)
    out = args.out or ROOT / "benchmarks" / "results" / ("ingest_layouts.json" if wide else "ingest.json")
    results = json.loads(out.read_text()) if args.append and out.exists() else []
    host = machine() | ({"note": args.note} if args.note else {})
    out.parent.mkdir(parents=True, exist_ok=True)
    with tempfile.TemporaryDirectory(prefix="patentnav-bench-") as tmp:
        for rows in args.rows:
            for fmt in args.formats:
                if args.profile:
                    r = profile(fmt, rows, Path(tmp), py_spy=shlex.split(args.py_spy))
                    r["host"] = host
                    results.append(r)
                    print(json.dumps(r, indent=2, ensure_ascii=False), flush=True)
                    out.write_text(json.dumps(results, indent=2, ensure_ascii=False))
                    continue
                r = bench(fmt, rows, Path(tmp), rdflib_too=rows <= args.rdflib_max_rows, in_memory=args.in_memory)
                r["host"] = host
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
                    f"peak {r['peak_mib']:.0f} MiB  load avg {r['load_average']:.1f}  "
                    f"dump {r['dump_bytes']} B {r['dump_digest']}",
                    flush=True,
                )
                out.write_text(json.dumps(results, indent=2, ensure_ascii=False))  # a long run keeps what it measured
    measured = [r for r in results if r.get("kind") != "profile"]
    if measured:
        print(table(measured))
    if any(r["format"] in LAYOUTS for r in measured):
        print()
        print(layouts_table([r for r in measured if r["format"] in LAYOUTS]))


if __name__ == "__main__":
    main()
