"""Seed a store with the ontology, the bundled Hunan pilot graph and the reference graphs.

The reference graphs are the official statistics the targets are tracked against and
the IPC -> industry concordance, so ``pnav:industryIPC`` links exist before any ingest.

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

from datetime import UTC, datetime

import pyoxigraph as ox

from patentnav.data import data_path, pilot_graph_path
from patentnav.graph.ingest.reference import REFERENCE_GRAPH, ensure_reference
from patentnav.graph.store import PatentStore
from patentnav.ontology import PREFIXES, graph_iri, ontology_path

__all__ = ["ONTOLOGY_GRAPH", "PILOT_GRAPH", "STATISTICS_GRAPH", "ensure_seeded", "seed"]

PILOT_GRAPH = graph_iri("hunan-pilot")
ONTOLOGY_GRAPH = graph_iri("ontology")
STATISTICS_GRAPH = graph_iri("reference/hunan-statistics")

_PROV = PREFIXES["prov"]
_DCT = PREFIXES["dct"]
_XSD = PREFIXES["xsd"]
_PILOT_SOURCE = "https://w3id.org/patentnav/id/source/chinanews-2016-09-13"


def seed(store: PatentStore) -> int:
    """Load (or reload) the ontology and the pilot graph; return the triples loaded."""
    count = store.load_graph(ONTOLOGY_GRAPH, ontology_path())
    pilot = [
        ox.Quad(t.subject, t.predicate, t.object, ox.NamedNode(PILOT_GRAPH))
        for t in ox.parse(path=str(pilot_graph_path()), format=ox.RdfFormat.TURTLE)
    ]
    node = ox.NamedNode(PILOT_GRAPH)
    now = ox.Literal(datetime.now(UTC).isoformat(timespec="seconds"), datatype=ox.NamedNode(_XSD + "dateTime"))
    pilot += [
        ox.Quad(node, ox.NamedNode(PREFIXES["rdf"] + "type"), ox.NamedNode(_PROV + "Entity"), node),
        ox.Quad(node, ox.NamedNode(_PROV + "wasDerivedFrom"), ox.NamedNode(_PILOT_SOURCE), node),
        ox.Quad(node, ox.NamedNode(_PROV + "generatedAtTime"), now, node),
        ox.Quad(node, ox.NamedNode(_DCT + "title"), ox.Literal("Hunan IP-strong-province pilot graph"), node),
    ]
    store.replace_graph(PILOT_GRAPH, pilot)
    # Official statistics the target tracking compares with (cited observations, own graph).
    count += store.load_graph(STATISTICS_GRAPH, data_path("reference/hunan_invention_patent_statistics.ttl"))
    # The IPC scheme and IPC -> industry concordance (its own graph, reloaded when the CSV changes).
    ensure_reference(store)
    count += sum(1 for _ in store.quads_for_pattern(graph=ox.NamedNode(REFERENCE_GRAPH)))
    store.flush()
    return count + len(pilot)


def ensure_seeded(store: PatentStore) -> bool:
    """Seed the store if it is empty; return whether it seeded."""
    if store.read_only or not store.is_empty():
        return False
    seed(store)
    return True
