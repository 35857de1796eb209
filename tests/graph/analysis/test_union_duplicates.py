"""The default graph is the union of all graphs and repeats a triple once per graph that
holds it (pyoxigraph, checked here): the analyses must not count a fact twice when two
files (graphs) state it."""

from __future__ import annotations

from datetime import date

import pandas as pd
import pyoxigraph as ox

from patentnav.graph.analysis.landscape import landscape
from patentnav.graph.analysis.planning import layout
from patentnav.graph.analysis.scope import count_patents, resolve_scope
from patentnav.graph.analysis.targets import target_progress
from patentnav.graph.analysis.warnings import early_warnings
from patentnav.graph.bootstrap import ONTOLOGY_GRAPH
from patentnav.graph.store import PatentStore, select
from tests.graph.analysis.builder import load
from tests.graph.analysis.conftest import TINY_ORGS, TINY_PATENTS

COPY = ox.NamedNode("urn:test:second-file")


def _every_table(store: PatentStore) -> dict[str, object]:
    cm = resolve_scope(store, industry="construction-machinery")
    out: dict[str, object] = {"count": count_patents(store, cm)}
    out |= {f"landscape.{k}": v for k, v in landscape(store, cm, as_of=date(2021, 7, 1)).items()}
    out |= {f"layout.{k}": v for k, v in layout(store, cm).items()}
    out["targets"] = target_progress(store).drop(columns=["retrieved"], errors="ignore")
    out["warnings"] = early_warnings(store, cm, as_of=date(2021, 7, 1)).to_frame()
    return out


def _duplicate_every_fact(store: PatentStore) -> None:
    quads = [
        ox.Quad(q.subject, q.predicate, q.object, COPY)
        for q in store.inner.quads_for_pattern(None, None, None, None)
        if q.graph_name != ox.NamedNode(ONTOLOGY_GRAPH)
    ]
    store.add_quads(quads)


def test_the_union_default_graph_repeats_a_triple_per_graph() -> None:
    store = load(TINY_PATENTS, TINY_ORGS)
    plain = select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p a pnav:Patent }")[0]["n"]
    _duplicate_every_fact(store)
    assert select(store, "SELECT (COUNT(*) AS ?n) WHERE { ?p a pnav:Patent }")[0]["n"] == 2 * plain
    assert select(store, "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { ?p a pnav:Patent }")[0]["n"] == plain


def test_analyses_give_the_same_numbers_when_every_fact_is_stated_twice() -> None:
    store = load(TINY_PATENTS, TINY_ORGS)
    before = _every_table(store)
    _duplicate_every_fact(store)
    after = _every_table(store)
    assert before.keys() == after.keys()
    for name, value in before.items():
        if isinstance(value, pd.DataFrame):
            pd.testing.assert_frame_equal(
                value.reset_index(drop=True), after[name].reset_index(drop=True), obj=name, check_like=True
            )
        else:
            assert value == after[name], name
