"""A store with the pilot graph plus a few synthetic patents (tests/resources/viz_patents.ttl)."""

from __future__ import annotations

from pathlib import Path

import pytest

from patentnav.graph.store import PatentStore
from patentnav.ontology import graph_iri

FIXTURE = Path(__file__).parents[2] / "resources" / "viz_patents.ttl"


@pytest.fixture
def patent_store(store: PatentStore) -> PatentStore:
    store.load_graph(graph_iri("test-viz"), FIXTURE.read_text("utf-8"))
    return store
