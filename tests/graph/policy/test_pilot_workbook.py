"""The bundled Hunan pilot is a policy workbook that makes exactly the graph the hand-written Turtle made."""

from __future__ import annotations

import hashlib
from pathlib import Path

import pyoxigraph as ox
import rdflib
from rdflib.compare import isomorphic

from patentnav.data import pilot_graph_path, pilot_plan_path
from patentnav.graph.bootstrap import PILOT_GRAPH, ensure_seeded
from patentnav.graph.policy import PILOT_PLAN, add_plan, export_plan, list_plans, plan_ntriples, read_workbook
from patentnav.graph.policy.writer import workbook_source_iri
from patentnav.graph.store import open_store
from patentnav.ontology import PREFIXES

#: The pilot as hand-written Turtle before it became a workbook, kept to hold the workbook to it.
FORMER_TURTLE = Path(__file__).resolve().parents[2] / "resources" / "hunan_pilot_2016.ttl"


def _without_load_provenance(quads: list[ox.Quad], graph: str) -> set[tuple]:
    """The plan's triples: all but those about the graph node and the workbook file (when, which file)."""
    loaded_from = {
        q.object.value
        for q in quads
        if q.subject.value == graph and q.predicate.value == PREFIXES["prov"] + "wasDerivedFrom"
    }
    workbooks = {s for s in loaded_from if "/source/workbook-" in s}
    return {(q.subject, q.predicate, q.object) for q in quads if q.subject.value not in {graph, *workbooks}}


def test_the_workbook_makes_the_former_turtle_graph() -> None:
    """Isomorphic (no blank nodes: the same triples), compared as the store holds them (24.0 is stored as 24)."""
    store = open_store("memory://")
    ensure_seeded(store)
    mine = _without_load_provenance(list(store.quads_for_pattern(graph=ox.NamedNode(PILOT_GRAPH))), PILOT_GRAPH)
    reference = open_store("memory://")
    reference.load_graph("urn:former", FORMER_TURTLE)
    theirs = {(q.subject, q.predicate, q.object) for q in reference.quads_for_pattern()}
    assert len(theirs) == 369
    assert mine == theirs


def test_the_workbook_triples_are_isomorphic_to_the_turtle_in_rdflib() -> None:
    """The same comparison without pyoxigraph's store, on the writer's own output (lexical forms as written)."""
    ours = rdflib.Graph().parse(data=plan_ntriples(pilot_plan_path()), format="nt")
    former = rdflib.Graph().parse(FORMER_TURTLE, format="turtle")
    assert isomorphic(ours, former)


def test_the_bundled_pilot_passes_every_check_and_the_shapes() -> None:
    """Seeding skips the SHACL and GB/T 2260 checks for the bundled pilot: here they run."""
    store = open_store("memory://")
    ensure_seeded(store)
    result = add_plan(store, pilot_plan_path(), force=True, check_only=True)
    assert result.checked_only and result.graph == PILOT_GRAPH
    assert result.rows["tasks"] == 8 and result.rows["targets"] == 4


def test_the_pilot_graph_says_which_workbook_it_came_from() -> None:
    store = open_store("memory://")
    ensure_seeded(store)
    (plan,) = list_plans(store)
    sha = hashlib.sha256(pilot_plan_path().read_bytes()).hexdigest()
    assert (plan["id"], plan["file"], plan["sha256"], plan["graph"]) == (
        PILOT_PLAN,
        "hunan_pilot.yaml",
        sha,
        PILOT_GRAPH,
    )
    derived = {
        q.object.value
        for q in store.quads_for_pattern(ox.NamedNode(PILOT_GRAPH), ox.NamedNode(PREFIXES["prov"] + "wasDerivedFrom"))
    }
    assert derived == {"https://w3id.org/patentnav/id/source/chinanews-2016-09-13", workbook_source_iri(sha)}
    assert pilot_graph_path() == pilot_plan_path()


def test_the_pilot_exports_as_the_tables_of_its_workbook(tmp_path: Path) -> None:
    store = open_store("memory://")
    ensure_seeded(store)
    assert export_plan(store, PILOT_PLAN).tables() == read_workbook(pilot_plan_path())[0].tables()


def test_the_source_citations_stay_in_the_workbook() -> None:
    workbook, _ = read_workbook(pilot_plan_path())
    sources = {row.values["id"]: row.values for row in workbook.rows("sources")}
    assert sources["chinanews-2016-09-13"]["url"] == "https://www.chinanews.com.cn/cj/2016/09-13/8003327.shtml"
    assert sources["chinanews-2016-09-13"]["date"] == "2016-09-13"
    assert "gbt-2260" in sources
    assert workbook.rows("plan")[0].values["source"] == "chinanews-2016-09-13"
