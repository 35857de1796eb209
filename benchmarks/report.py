"""Render the results in ``benchmarks/results/*.json`` as one Markdown table (sizes side by side)."""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

_ORDER = ["1k", "10k", "100k", "1m"]
_START, _END = "<!-- results:start -->", "<!-- results:end -->"


def _gib(n: float | None) -> str:
    if not n:
        return "–"
    return f"{n / 2**30:.2f} GiB" if n >= 2**30 else f"{n / 2**20:.0f} MiB"


def _s(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x:.1f} s" if x >= 10 else f"{x:.2f} s"


def _ms(x: float | None) -> str:
    if x is None:
        return "–"
    return f"{x * 1000:.0f} ms" if x >= 0.1 else f"{x * 1000:.1f} ms"


def _get(r: dict[str, Any], *path: str) -> Any:
    for key in path:
        if not isinstance(r, dict) or key not in r:
            return None
        r = r[key]
    return r


def _cold_warm(r: dict[str, Any], key: str, name: str) -> str:
    timing = r[key]["queries"][name] if key == "rdflib" else r[key][name]
    return f"{_ms(timing['cold_s'])} / {_ms(timing['warm_s'])}"


def _analysis_cell(timing: dict[str, Any]) -> str:
    if "error" in timing:
        return f"failed after {_s(timing['failed_after_s'])} (error in the JSON)"
    return f"{_s(timing['cold_s'])} / {_s(timing['warm_s'])}"


def _rows(results: list[dict[str, Any]]) -> list[tuple[str, list[str]]]:
    rows: list[tuple[str, list[str]]] = []

    def row(label: str, fn) -> None:
        cells = []
        for r in results:
            try:
                cells.append(fn(r))
            except (KeyError, TypeError, ZeroDivisionError):
                cells.append("–")
        if any(c != "–" for c in cells):
            rows.append((label, cells))

    row("synthetic CNIPA export (CSV)", lambda r: _gib(r["export_bytes"]))
    row("quads the ingest wrote (its graph)", lambda r: f"{r['oxigraph_bulk_load']['triples']:,}")
    row("N-Quads dump of them", lambda r: _gib(r["dump_bytes"]))
    row(
        "pyoxigraph `bulk_load` of the dump (the limit), wall / CPU",
        lambda r: f"{_s(r['oxigraph_bulk_load']['seconds'])} / {_s(r['oxigraph_bulk_load']['cpu_seconds'])}",
    )
    row(
        "patentnav ingest of the export, embedded, wall / CPU (× bulk_load; goal ≤ 2×)",
        lambda r: (
            f"{_s(r['ingest']['seconds'])} / {_s(r['ingest']['cpu_seconds'])} "
            f"({r['ingest']['seconds'] / r['oxigraph_bulk_load']['seconds']:.2f}× / "
            f"{r['ingest']['cpu_seconds'] / r['oxigraph_bulk_load']['cpu_seconds']:.2f}×)"
        ),
    )
    row("ingest rate", lambda r: f"{r['ingest']['rows'] / r['ingest']['seconds']:,.0f} rows/s")
    row(
        "rdflib `parse` of the dump (× slower than ingest; goal ≥ 8×)",
        lambda r: (
            "skipped (too slow at this size)"
            if r.get("rdflib_skipped")
            else f"{_s(r['rdflib']['seconds'])} ({r['rdflib']['seconds'] / r['ingest']['seconds']:.1f}×)"
        ),
    )
    row("store on disk, embedded (with ontology, pilot, reference)", lambda r: _gib(r["ingest"]["disk_bytes"]))
    row("peak RSS: bulk_load", lambda r: _gib(r["oxigraph_bulk_load"]["peak_rss_bytes"]))
    row("peak RSS: ingest (goal at 1M < 6 GiB)", lambda r: _gib(r["ingest"]["peak_rss_bytes"]))
    row(
        "peak RSS: rdflib parse + queries",
        lambda r: "skipped" if r.get("rdflib_skipped") else _gib(r["rdflib"]["peak_rss_bytes"]),
    )
    row(
        "warm = median of N runs after the cold one (queries / analyses)",
        lambda r: f"{r['warm_runs']['queries']} / {r['warm_runs']['analyses']}",
    )
    names = []
    for r in results:
        for name in r.get("oxigraph_queries", {}):
            if name not in names:
                names.append(name)
    for name in names:
        for backend, key in (("embedded", "oxigraph_queries"), ("rdflib", "rdflib"), ("Virtuoso", "virtuoso_queries")):
            row(f"`{name}` cold / warm, {backend}", lambda r, n=name, k=key: _cold_warm(r, k, n))
    analyses: list[str] = []
    for r in results:
        for name in r.get("oxigraph_analyses", {}).get("analyses", {}):
            if name not in analyses:
                analyses.append(name)
    for name in analyses:
        for backend, key in (("embedded", "oxigraph_analyses"), ("Virtuoso", "virtuoso_analyses")):
            row(
                f"analysis `{name}` cold / warm, {backend}",
                lambda r, n=name, k=key: _analysis_cell(r[k]["analyses"][n]),
            )
    for backend, key in (("embedded", "oxigraph_api"), ("Virtuoso", "virtuoso_api")):
        for kind in ("entity_patent", "entity_applicant", "related_patent", "related_applicant"):
            row(
                f"API `{kind}` p50 / p99, {backend}",
                lambda r, k=key, kd=kind: (
                    f"{r[k][kd]['p50_ms']:.1f} / {r[k][kd]['p99_ms']:.1f} ms "
                    f"({r[k][kd]['requests_per_s']:.0f}/s, {r[k]['concurrency']} clients)"
                ),
            )
    row("Virtuoso: load of the dump via GSP (patentnav RemoteStore)", lambda r: _s(r["virtuoso_load"]["seconds"]))
    row(
        "Virtuoso: native bulk loader (`ld_dir`)",
        lambda r: "skipped" if r.get("virtuoso_native_load_skipped") else _s(r["virtuoso_native_load"]["seconds"]),
    )
    row(
        "query answers agree (row counts: embedded = Virtuoso)",
        lambda r: (
            "yes"
            if all(r["oxigraph_queries"][n]["rows"] == r["virtuoso_queries"][n]["rows"] for n in r["oxigraph_queries"])
            else "NO"
        ),
    )
    row("Virtuoso: database on disk", lambda r: _gib(r["virtuoso_load"]["disk_bytes"]))
    row("Virtuoso: server peak RSS", lambda r: _gib(r["virtuoso_server_peak_rss_bytes"]))
    row("whole run, wall", lambda r: _s(r["total_seconds"]))
    return rows


def render_table(folder: Path) -> str:
    """The Markdown table of every result file in ``folder``, smallest size first."""
    # Only this runner's files (<size>.json); other benchmarks keep their own results beside them.
    files = sorted((p for p in folder.glob("*.json") if p.stem in _ORDER), key=lambda p: _ORDER.index(p.stem))
    results = [json.loads(p.read_text(encoding="utf-8")) for p in files]
    if not results:
        return "(no results yet: python -m benchmarks run --size 10k)"
    head = "| | " + " | ".join(f"{r['patents']:,} patents" for r in results) + " |"
    lines = [head, "|---" * (len(results) + 1) + "|"]
    lines += [f"| {label} | " + " | ".join(cells) + " |" for label, cells in _rows(results)]
    machines = []
    for r in results:
        m = r["machine"]
        machines.append(
            f"* {r['size']}: run {r['started']}, {m['cpu']}, {m['cores']} cores, {_gib(m['memory_bytes'])} RAM, "
            f"{m['os']}, Python {m['python']}, pyoxigraph {m['pyoxigraph']}, rdflib {m['rdflib']}"
            + (f", Virtuoso {r['virtuoso_version']}" if r.get("virtuoso_version") else "")
            + (f", load average {m['load_average_at_start']:.1f} at start" if "load_average_at_start" in m else "")
        )
    return "\n".join(lines) + "\n\nMachines:\n\n" + "\n".join(machines) + "\n"


def update_readme(readme: Path, table: str) -> None:
    """Replace the text between the results markers in ``readme`` with ``table``."""
    text = readme.read_text(encoding="utf-8")
    start, end = text.index(_START) + len(_START), text.index(_END)
    readme.write_text(text[:start] + "\n" + table + text[end:], encoding="utf-8")
