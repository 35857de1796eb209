"""Seeding: a fresh store holds the pilot graph and the reference graphs before any ingest."""

from __future__ import annotations

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.reference import REFERENCE_GRAPH, ensure_reference
from patentnav.graph.store import open_store, select


def test_a_fresh_store_links_every_pilot_industry_to_ipc_classes() -> None:
    store = open_store("memory://")
    assert ensure_seeded(store)
    assert REFERENCE_GRAPH in store.named_graphs()
    rows = select(
        store,
        "SELECT ?industry (COUNT(DISTINCT ?ipc) AS ?n) WHERE { ?industry a pnav:Industry . "
        "OPTIONAL { ?industry pnav:industryIPC ?ipc } } GROUP BY ?industry",
    )
    assert len(rows) == 5
    assert all(r["n"] > 0 for r in rows), rows
    # the ingest finds the reference graph current and leaves it alone
    assert ensure_reference(store) is False
