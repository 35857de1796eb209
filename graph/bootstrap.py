"""Seed a store with the ontology, the bundled Hunan pilot graph and the reference graphs.

The pilot is a policy workbook, ``data/hunan_pilot.yaml``, loaded like any plan
(:func:`patentnav.graph.policy.add_plan`) into its own graph ``…/graph/hunan-pilot`` with
the provenance every plan graph has. The reference graphs are the official statistics the
targets are tracked against and the IPC -> industry concordance, so ``pnav:industryIPC``
links exist before any ingest.

Every command on an empty store calls :func:`ensure_seeded` first, so a newcomer's
first query already has answers; a store that holds anything is left alone.

>>> from patentnav.graph.store import open_store
>>> store = open_store("memory://")
>>> ensure_seeded(store)
True
>>> ensure_seeded(store)
False
"""

from __future__ import annotations

import pyoxigraph as ox

from patentnav.data import data_path, pilot_plan_path
from patentnav.graph.ingest.reference import REFERENCE_GRAPH, ensure_reference
from patentnav.graph.store import PatentStore
from patentnav.ontology import graph_iri, ontology_path

__all__ = ["ONTOLOGY_GRAPH", "PILOT_GRAPH", "STATISTICS_GRAPH", "ensure_seeded", "seed"]

PILOT_GRAPH = graph_iri("hunan-pilot")
ONTOLOGY_GRAPH = graph_iri("ontology")
STATISTICS_GRAPH = graph_iri("reference/hunan-statistics")


def seed(store: PatentStore) -> int:
    """Load (or reload) the ontology and the pilot graph; return the triples loaded."""
    from patentnav.graph.policy import add_plan

    count = store.load_graph(ONTOLOGY_GRAPH, ontology_path())
    # The bundled pilot is checked in full by the tests, so seeding skips SHACL and the GB/T 2260 table (2 s).
    pilot = add_plan(store, pilot_plan_path(), graph=PILOT_GRAPH, bundled=True, force=True)
    # Official statistics the target tracking compares with (cited observations, own graph).
    count += store.load_graph(STATISTICS_GRAPH, data_path("reference/hunan_invention_patent_statistics.ttl"))
    # The IPC scheme and IPC -> industry concordance (its own graph, reloaded when the CSV changes).
    ensure_reference(store)
    count += sum(1 for _ in store.quads_for_pattern(graph=ox.NamedNode(REFERENCE_GRAPH)))
    store.flush()
    return count + pilot.quads


def ensure_seeded(store: PatentStore) -> bool:
    """Seed the store if it is empty; return whether it seeded."""
    if store.read_only or not store.is_empty():
        return False
    seed(store)
    return True
