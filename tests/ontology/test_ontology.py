"""The ontology labels every term in Chinese and English; the SHACL shapes accept good data and name bad nodes."""

from __future__ import annotations

import rdflib

from patentnav.ontology import ENTITY_TYPES, PNAV, ontology_path, shapes_path

OWL = rdflib.OWL
PN = rdflib.Namespace(str(PNAV))


def _ontology() -> rdflib.Graph:
    return rdflib.Graph().parse(ontology_path(), format="turtle")


def test_every_class_and_property_has_zh_and_en_labels() -> None:
    g = _ontology()
    terms = set(g.subjects(rdflib.RDF.type, OWL.Class))
    terms |= set(g.subjects(rdflib.RDF.type, OWL.ObjectProperty))
    terms |= set(g.subjects(rdflib.RDF.type, OWL.DatatypeProperty))
    assert len(terms) > 50
    for term in terms:
        langs = {label.language for label in g.objects(term, rdflib.RDFS.label)}
        assert {"zh", "en"} <= langs, f"{term} lacks a zh or en label: {langs}"


def test_every_entity_type_is_a_class_with_a_shape() -> None:
    g = _ontology()
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    targeted = set(shapes.objects(None, rdflib.SH.targetClass))
    for cls in ENTITY_TYPES.values():
        assert (PN[cls], rdflib.RDF.type, OWL.Class) in g, cls
        assert PN[cls] in targeted, f"no SHACL shape targets pnav:{cls}"


def test_standards_are_reused() -> None:
    g = _ontology()
    assert (PN.Industry, rdflib.RDFS.subClassOf, rdflib.SKOS.Concept) in g
    assert (PN.SupportCenter, rdflib.RDFS.subClassOf, rdflib.URIRef("http://www.w3.org/ns/org#Organization")) in g
    assert (PN.Plan, rdflib.RDFS.subClassOf, rdflib.URIRef("http://www.w3.org/ns/prov#Plan")) in g
