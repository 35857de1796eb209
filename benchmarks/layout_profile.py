"""Where layout planning spends its time: seconds per table and per SQL file (synthetic graph).

Usage: uv run python benchmarks/layout_profile.py --sizes 20000 100000 [--label after]
       [--out benchmarks/results/layout_profile.json]

Builds the synthetic graph of ``analysis_bench.py`` (clearly synthetic), then times each
layout table for construction machinery with Changsha as the home region, the whole
``layout()`` call, and the total time spent in each ``layout_*.sql`` query (DuckDB over the
analytic tables). The results
are appended under ``--label`` to the JSON file (before/after comparisons live there).
For a call graph, run it under ``python -m cProfile -s cumulative``.
"""

from __future__ import annotations

import argparse
import collections
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).parent))

from analysis_bench import quads

from patentnav.graph.analysis import planning as lay
from patentnav.graph.analysis import scope as scope_mod
from patentnav.graph.analysis.scope import resolve_scope
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import open_store


def profile(n: int) -> dict:
    store = open_store("memory://")
    ensure_seeded(store)
    store.bulk_add(quads(n))
    scope = resolve_scope(store, industry="construction-machinery", region="430100")
    per_query: dict[str, float] = collections.defaultdict(float)
    run_sql = scope_mod.run_sql

    def timed(store, sql, *args, **kwargs):
        t = time.perf_counter()
        try:
            return run_sql(store, sql, *args, **kwargs)
        finally:
            per_query[sql] += time.perf_counter() - t

    lay.run_sql = scope_mod.run_sql = timed
    steps = {
        "specialisation": lambda: lay.specialisation(store, scope),
        "industry_specialisation": lambda: lay.specialisation(store, scope, level="industry"),
        "white_space": lambda: lay.white_space(store, scope),
        "partners": lambda: lay.partner_candidates(store, scope),
        "center_coverage": lambda: lay.center_coverage(store, scope),
        "talent": lambda: lay.talent_teams(store, scope),
    }
    tables = {}
    for name, fn in steps.items():
        t = time.perf_counter()
        fn()
        tables[name] = round(time.perf_counter() - t, 2)
    per_query.clear()  # keep the per-query split of the layout() call only
    t = time.perf_counter()
    lay.layout(store, scope)
    total = round(time.perf_counter() - t, 2)
    lay.run_sql = scope_mod.run_sql = run_sql
    queries = {k: round(v, 2) for k, v in sorted(per_query.items(), key=lambda kv: -kv[1])}
    return {"patents": n, "layout_s": total, "tables_s": tables, "layout_queries_s": queries}


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    ap.add_argument("--sizes", type=int, nargs="+", default=[20_000])
    ap.add_argument("--label", default="current")
    ap.add_argument("--out", type=Path, default=Path("benchmarks/results/layout_profile.json"))
    args = ap.parse_args()
    data = json.loads(args.out.read_text(encoding="utf-8")) if args.out.exists() else {}
    data[args.label] = [profile(n) for n in args.sizes]
    args.out.parent.mkdir(parents=True, exist_ok=True)
    args.out.write_text(json.dumps(data, indent=2, ensure_ascii=False) + "\n", encoding="utf-8")
    print(json.dumps(data[args.label], indent=2))


if __name__ == "__main__":
    main()
