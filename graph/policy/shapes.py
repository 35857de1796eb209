"""SHACL validation of a plan's graph before it is written, reported as sheet, row and column.

The graph a workbook becomes is validated with the project's shapes (``ontology/shapes.ttl``,
:func:`patentnav.graph.validate.validate_graph`) together with the classes of the entities it
names that the store already holds (a task naming the pilot's ``rail-transit`` needs it to be a
``pnav:Industry``). Violations about the workbook's own entities are mapped back to the row that
defines the entity and the column that wrote the property.
"""

from __future__ import annotations

import pyoxigraph as ox
import rdflib

from patentnav.graph.policy.check import CheckedPlan
from patentnav.graph.policy.model import SHEETS, InputProblem
from patentnav.ontology import PNAV, PREFIXES

__all__ = ["shape_problems"]

_SPECIAL = {
    PREFIXES["prov"] + "wasDerivedFrom": "sources",
    PREFIXES["skos"] + "prefLabel": "label_zh",
    PREFIXES["skos"] + "inScheme": "id",
    PNAV.regionCode: "code",
    PNAV.industryIPC: "ipc",
    PNAV.observationDate: "year",
    PNAV.hasTask: "id",
    PNAV.hasTarget: "id",
}


def _column(sheet: str, path: str | None) -> str | None:
    if path is None:
        return None
    for column in SHEETS[sheet].columns:
        if column.predicate == path:
            return column.name
    special = _SPECIAL.get(path)
    if special == "sources" and sheet in ("plan", "observations"):
        return "source"
    return special


def _to_rdflib(term: ox.NamedNode | ox.Literal | ox.BlankNode | ox.Triple) -> rdflib.term.Node:
    if isinstance(term, ox.Triple):
        raise ValueError(f"a plan graph holds no RDF-star quoted triple: {term}")
    if isinstance(term, ox.NamedNode):
        return rdflib.URIRef(term.value)
    if isinstance(term, ox.BlankNode):
        return rdflib.BNode(term.value)
    if term.language:
        return rdflib.Literal(term.value, lang=term.language)
    if term.datatype.value == PREFIXES["xsd"] + "string":
        return rdflib.Literal(term.value)  # a simple literal: what rdflib parses "planned" in the shapes as
    return rdflib.Literal(term.value, datatype=rdflib.URIRef(term.datatype.value))


def shape_problems(plan: CheckedPlan, quads: list[ox.Quad]) -> list[InputProblem]:
    """What the shapes say about the plan's own entities, one problem per violation."""
    from patentnav.graph.validate import validate_graph

    data = rdflib.Graph()
    for prefix, namespace in PREFIXES.items():
        data.bind(prefix, namespace, override=True, replace=True)
    for quad in quads:
        data.add((_to_rdflib(quad.subject), _to_rdflib(quad.predicate), _to_rdflib(quad.object)))
    for iri, classes in plan.external.items():
        for cls in classes:
            data.add((rdflib.URIRef(iri), rdflib.RDF.type, rdflib.URIRef(cls)))
    located = plan.located()
    scheme = plan.scheme[0] if plan.scheme else None
    plan_row = located.get(plan.plan_iri, ("plan", None))[1]
    problems = []
    row: int | None
    for violation in validate_graph(data).violations:
        focus = violation.focus_node
        path = _expand(data, violation.path)
        if focus in located:
            sheet, row = located[focus]
            column = _column(sheet, path)
        elif focus == scheme:
            sheet, row, column = "plan", plan_row, "industry_scheme"
        elif focus.startswith(PREFIXES["ipc"]):
            sheet, row, column = "industries", None, "ipc"
        else:
            continue  # an entity of the graph the workbook only names: the graph's, not the workbook's, to fix
        value = f" (value: {violation.value})" if violation.value else ""
        problems.append(InputProblem(sheet, row, column, f"{violation.message}{value}"))
    return problems


def _expand(data: rdflib.Graph, path: str | None) -> str | None:
    """A path as the validator shortened it (``pnav:status``) back to a full IRI."""
    if path is None or "://" in path:
        return path
    try:
        return str(data.namespace_manager.expand_curie(path))
    except (ValueError, TypeError):
        return path
