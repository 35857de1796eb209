"""Benchmark: how long a large view takes to build in Python and to become interactive in Chromium.

Generates a SYNTHETIC co-applicant graph (fictional applicants ``synthetic-org-N``, random
patents, a source marked ``pnav:synthetic true``), loads it into an in-memory store, builds
the co-applicant view through the same code as ``patentnav view coapplicants``, opens it
from disk in headless Chromium (``/usr/bin/chromium``) and measures:

* ``build_s`` -- SPARQL + Louvain + layout + HTML, in Python;
* ``ready_ms`` -- navigation start to the first drawn frame (``window.pnavReady``);
* ``interactive_ms`` -- wall time from ``goto`` until a search has focused a node and a
  click has opened its details (what a user would wait for);
* ``from_nx_s`` -- for comparison, pyvis ``Network.from_nx`` on the same graph at
  1,000 nodes (it is quadratic; at 5,000 it takes far longer).

Run: ``uv run python benchmarks/views_bench.py [--nodes 5000]``; results go to
``benchmarks/results/views.json``.
"""

from __future__ import annotations

import argparse
import json
import random
import time
from pathlib import Path

import networkx as nx
import pyoxigraph as ox
from playwright.sync_api import sync_playwright
from pyvis.network import Network

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import open_store
from patentnav.graph.viz.sources import coapplicant_graph
from patentnav.graph.viz.views import coapplicants_view
from patentnav.ontology import PNAV, entity_iri, graph_iri

ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update", "--disable-sync"]  # fmt: skip
OUT = Path(__file__).parent / "results"


def synthetic_ntriples(orgs: int, seed: int = 1) -> str:
    """Patents with one to three fictional applicants each, clustered so communities exist."""
    rng = random.Random(seed)
    src = entity_iri("source", "synthetic-views-bench")
    lines = [
        f"<{src}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PNAV.Source}> .",
        f'<{src}> <{PNAV.synthetic}> "true"^^<http://www.w3.org/2001/XMLSchema#boolean> .',
    ]
    label = "http://www.w3.org/2000/01/rdf-schema#label"
    for i in range(orgs):
        o = entity_iri("org", f"synthetic-org-{i}")
        lines.append(f"<{o}> <http://www.w3.org/1999/02/22-rdf-syntax-ns#type> <{PNAV.Organization}> .")
        lines.append(f'<{o}> <{label}> "合成申请人 {i}"@zh .')
        lines.append(f'<{o}> <{label}> "Synthetic applicant {i}"@en .')
    for p in range(int(orgs * 1.6)):
        pat = entity_iri("patent", f"SYN{p}")
        cluster = rng.randrange(max(orgs // 60, 1))
        members = {cluster * 60 + rng.randrange(60) for _ in range(rng.choice((1, 2, 2, 3)))}
        if rng.random() < 0.1:
            members.add(rng.randrange(orgs))
        lines.append(f"<{pat}> <http://www.w3.org/ns/prov#wasDerivedFrom> <{src}> .")
        for m in members:
            lines.append(f"<{pat}> <{PNAV.applicant}> <{entity_iri('org', f'synthetic-org-{min(m, orgs - 1)}')}> .")
    return "\n".join(lines) + "\n"


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--nodes", type=int, default=5000, help="applicants to generate (view cap is the same)")
    args = parser.parse_args()
    store = open_store("memory://")
    ensure_seeded(store)
    store.load_graph(graph_iri("synthetic-views-bench"), synthetic_ntriples(args.nodes), format=ox.RdfFormat.N_TRIPLES)

    t = time.perf_counter()
    html = coapplicants_view(store, max_nodes=min(args.nodes, 5000))
    build_s = time.perf_counter() - t
    OUT.mkdir(exist_ok=True)
    work = Path(__file__).parent / "work"
    work.mkdir(exist_ok=True)
    page_path = work / "views_bench.html"
    page_path.write_text(html, "utf-8")

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path="/usr/bin/chromium", headless=True, args=ARGS)
        page = browser.new_page(viewport={"width": 1400, "height": 900})
        errors: list[str] = []
        page.on("pageerror", lambda e: errors.append(str(e)))
        t = time.perf_counter()
        page.goto(page_path.as_uri())
        page.wait_for_function("window.pnavReady !== undefined", timeout=120_000)
        ready_ms = page.evaluate("window.pnavReady")
        page.fill("#pnav-search", "Synthetic applicant 7")
        page.press("#pnav-search", "Enter")
        page.wait_for_function("window.pnavNetwork.getSelectedNodes().length === 1")
        page.mouse.click(300 + (1400 - 300) / 2, 62 + (900 - 62) / 2)
        page.wait_for_selector("#pnav-details-body h2")
        interactive_ms = (time.perf_counter() - t) * 1000
        shown = page.evaluate("window.pnavNetwork.body.nodeIndices.length")
        edges = page.evaluate("window.pnavNetwork.body.edgeIndices.length")
        page.screenshot(path=str(work / "views_bench.png"))
        browser.close()

    g = coapplicant_graph(store)
    small = g.subgraph(sorted(g, key=lambda n: -g.degree(n))[:1000]).copy()
    nx.set_node_attributes(small, {n: str(n) for n in small}, "title")
    t = time.perf_counter()
    net = Network()
    net.from_nx(small)
    from_nx_s = time.perf_counter() - t

    result = {
        "synthetic": True,
        "graph_nodes": g.number_of_nodes(),
        "graph_edges": g.number_of_edges(),
        "shown_nodes": shown,
        "shown_edges": edges,
        "html_bytes": len(html.encode()),
        "build_s": round(build_s, 3),
        "ready_ms": round(ready_ms),
        "interactive_ms": round(interactive_ms),
        "pyvis_from_nx_1000_nodes_s": round(from_nx_s, 3),
        "page_errors": errors,
    }
    (OUT / "views.json").write_text(json.dumps(result, indent=2), "utf-8")
    print(json.dumps(result, indent=2))


if __name__ == "__main__":
    main()
