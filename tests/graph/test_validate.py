"""SHACL validation of the pilot graph, and of deliberately broken graphs."""

from __future__ import annotations

import rdflib

from patentnav.graph.store import PatentStore
from patentnav.graph.validate import validate_graph, validate_store

BROKEN = """
@prefix pnav: <https://w3id.org/patentnav/ontology#> .
@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .
@prefix prov: <http://www.w3.org/ns/prov#> .
<https://w3id.org/patentnav/id/source/s> a pnav:Source ; rdfs:label "s"@en .
<https://w3id.org/patentnav/id/region/99> a pnav:Region ; rdfs:label "Nowhere"@en ;
    pnav:regionCode "99" ; prov:wasDerivedFrom <https://w3id.org/patentnav/id/source/s> .
<https://w3id.org/patentnav/id/center/x> a pnav:SupportCenter ; rdfs:label "Center X"@en ;
    pnav:status "rumoured" ; prov:wasDerivedFrom <https://w3id.org/patentnav/id/source/s> .
"""


def test_pilot_graph_and_ontology_conform(store: PatentStore) -> None:
    report = validate_store(store)
    assert report.conforms, "\n".join(str(v) for v in report.violations)


def test_broken_graph_is_reported_with_the_offending_nodes() -> None:
    report = validate_graph(rdflib.Graph().parse(data=BROKEN, format="turtle"))
    assert not report.conforms
    text = "\n".join(str(v) for v in report.violations)
    assert "Nowhere <https://w3id.org/patentnav/id/region/99>" in text
    assert "six-digit GB/T 2260 code" in text
    assert "Center X" in text and "serves at least one Industry" in text
    assert "planned, operating or closed" in text


def test_a_fact_without_source_is_a_violation(store: PatentStore) -> None:
    store.update(
        "INSERT DATA { GRAPH <urn:test> { <https://w3id.org/patentnav/id/zone/z> a "
        "<https://w3id.org/patentnav/ontology#Zone> ; <http://www.w3.org/2000/01/rdf-schema#label> 'Z'@en ; "
        "<https://w3id.org/patentnav/ontology#locatedIn> <https://w3id.org/patentnav/id/region/430100> } }"
    )
    report = validate_store(store)
    assert not report.conforms
    assert any(v.focus_node.endswith("/zone/z") and "cite its source" in v.message for v in report.violations)
