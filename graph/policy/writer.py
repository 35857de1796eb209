"""Write a checked plan as RDF: the entities of its rows, and the provenance of its graph.

IRIs are the ones the rest of patentnav uses: ``…/id/plan/<id>``, ``…/id/task/<id>``,
``…/id/industry/<id>``, ``…/id/region/<code>`` … Each column with a predicate in the model
(:data:`~patentnav.graph.policy.model.SHEETS`) becomes that predicate; the writer adds what no
single cell says:

* the class of each row's entity, ``pnav:hasTask`` / ``pnav:hasTarget`` from the plan to every
  task and target, ``pnav:regionCode`` for a region with a GB/T 2260 code;
* ``prov:wasDerivedFrom`` on every entity: the row's ``sources``, else the plan's source;
* industries: ``skos:prefLabel`` beside ``rdfs:label``, membership of the plan's industry scheme
  (a ``skos:ConceptScheme`` of its own), and their ``ipc`` codes as ``pnav:industryIPC`` links
  to IPC class nodes -- the plan's rows of the IPC -> industry concordance;
* columns the model does not know as ``pnav:note "header: value"``.

The graph's own node says where it came from: ``prov:wasDerivedFrom`` the plan's source and the
workbook file (a ``pnav:Source`` with ``pnav:fileName``, ``pnav:sha256``, ``pnav:rowOrder`` …; no
``pnav:readerVersion``, which marks the sources of ingested export files),
``prov:generatedAtTime``, and ``pnav:fictitious`` for an invented plan.
"""

from __future__ import annotations

from datetime import UTC, datetime
from typing import Any

import pyoxigraph as ox

from patentnav.graph.ingest.normalize import IPCCode
from patentnav.graph.ingest.reference import ipc_iri, ipc_quads
from patentnav.graph.policy.check import CheckedPlan, Entry
from patentnav.graph.policy.model import SHEETS, Column
from patentnav.ontology import PNAV, PREFIXES, entity_iri

__all__ = ["SHEET_CLASSES", "ipc_node_quads", "plan_quads", "prov_quads", "workbook_source_iri"]

_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]
_DCT, _PROV, _XSD = PREFIXES["dct"], PREFIXES["prov"], PREFIXES["xsd"]
_A = ox.NamedNode(_RDF + "type")
_DERIVED = ox.NamedNode(_PROV + "wasDerivedFrom")
SHEET_CLASSES = {
    "plan": PNAV.Plan,
    "sources": PNAV.Source,
    "agencies": PNAV.Agency,
    "regions": PNAV.Region,
    "zones": PNAV.Zone,
    "industries": PNAV.Industry,
    "tasks": PNAV.PolicyTask,
    "targets": PNAV.Target,
    "centers": PNAV.SupportCenter,
    "indicators": PNAV.Indicator,
    "observations": PNAV.Observation,
}


def workbook_source_iri(sha256: str) -> str:
    """IRI of the node describing a workbook file (by its SHA-256).

    >>> workbook_source_iri("ab" * 32)
    'https://w3id.org/patentnav/id/source/workbook-abababababababab'
    """
    return entity_iri("source", f"workbook-{sha256[:16]}")


def _literal(column: Column, value: Any) -> list[ox.NamedNode | ox.Literal]:
    kind = column.kind
    if kind == "text":
        return [ox.Literal(value, language=column.lang) if column.lang else ox.Literal(value)]
    if kind == "texts":
        return [ox.Literal(v, language=column.lang) if column.lang else ox.Literal(v) for v in value]
    if kind == "ref":
        return [ox.NamedNode(value)]
    if kind == "refs":
        return [ox.NamedNode(v) for v in value]
    if kind == "number":
        lexical, datatype = value
        return [ox.Literal(lexical, datatype=ox.NamedNode(datatype))]
    if kind == "year":
        return [ox.Literal(value, datatype=ox.NamedNode(_XSD + "gYear"))]
    if kind == "date":
        return [ox.Literal(value, datatype=ox.NamedNode(_XSD + "date"))]
    if kind == "bool":
        return [ox.Literal("true" if value else "false", datatype=ox.NamedNode(_XSD + "boolean"))]
    if kind == "choice":
        return [ox.Literal(value)]
    if kind == "url":
        return [ox.NamedNode(value)]
    raise AssertionError(kind)


def ipc_node_quads(code: IPCCode, graph: ox.NamedNode) -> list[ox.Quad]:
    """An IPC class node with its notation, scheme and the chain of broader classes (as the reference graph)."""
    return ipc_quads(code, graph)


def plan_quads(plan: CheckedPlan, graph: str) -> list[ox.Quad]:
    """The plan's entities as quads in ``graph`` (no provenance of the load: see :func:`prov_quads`)."""
    g = ox.NamedNode(graph)
    out: list[ox.Quad] = []
    source = ox.NamedNode(plan.source)

    def add(s: str, p: str, o: ox.NamedNode | ox.Literal) -> None:
        out.append(ox.Quad(ox.NamedNode(s), ox.NamedNode(p), o, g))

    plan_node = plan.plan_iri
    for sheet, entries in plan.entries.items():
        spec = SHEETS[sheet]
        for entry in entries:
            if entry.extends:
                _ipc_rows(entry, add, out, g)
                for header, note in entry.notes.items():
                    add(entry.iri, PNAV.note, ox.Literal(f"{header}: {note}"))
                continue
            add(entry.iri, _RDF + "type", ox.NamedNode(SHEET_CLASSES[sheet]))
            for column in spec.columns:
                value = entry.values.get(column.name)
                if value is None or column.predicate is None:
                    continue
                for obj in _literal(column, value):
                    add(entry.iri, column.predicate, obj)
                    if sheet == "industries" and column.predicate == _RDFS + "label":
                        add(entry.iri, _SKOS + "prefLabel", obj)
            for header, note in entry.notes.items():
                add(entry.iri, PNAV.note, ox.Literal(f"{header}: {note}"))
            _special(plan, entry, add, out, g, source)
            if sheet == "tasks":
                add(plan_node, PNAV.hasTask, ox.NamedNode(entry.iri))
            elif sheet == "targets":
                add(plan_node, PNAV.hasTarget, ox.NamedNode(entry.iri))
    if plan.scheme is not None:
        iri, _, labels = plan.scheme
        add(iri, _RDF + "type", ox.NamedNode(_SKOS + "ConceptScheme"))
        for lang, label in labels.items():
            add(iri, _RDFS + "label", ox.Literal(label, language=lang))
        add(iri, _PROV + "wasDerivedFrom", source)
        for entry in plan.entries.get("industries", []):
            if not entry.extends:
                add(iri, _SKOS + "hasTopConcept", ox.NamedNode(entry.iri))
                add(entry.iri, _SKOS + "inScheme", ox.NamedNode(iri))
                add(entry.iri, _SKOS + "topConceptOf", ox.NamedNode(iri))
    return list(dict.fromkeys(out))


def _special(plan: CheckedPlan, entry: Entry, add, out: list[ox.Quad], g: ox.NamedNode, source: ox.NamedNode) -> None:
    """What the writer's own rules add to a row's entity (sources, codes, IPC rows, dates)."""
    values, sheet = entry.values, entry.sheet
    if sheet == "sources":
        return
    if sheet == "plan":
        add(entry.iri, _PROV + "wasDerivedFrom", source)
        return
    if sheet == "regions" and entry.id.isdigit():
        add(entry.iri, PNAV.regionCode, ox.Literal(entry.id))
    if sheet == "industries":
        _ipc_rows(entry, add, out, g)
    if sheet == "observations":
        if values.get("date"):
            add(entry.iri, PNAV.observationDate, ox.Literal(values["date"], datatype=ox.NamedNode(_XSD + "date")))
        add(entry.iri, _PROV + "wasDerivedFrom", ox.NamedNode(values["source"]) if values.get("source") else source)
        return
    for cited in values.get("sources") or (plan.source,):
        add(entry.iri, _PROV + "wasDerivedFrom", ox.NamedNode(cited))


def _ipc_rows(entry: Entry, add, out: list[ox.Quad], g: ox.NamedNode) -> None:
    for code in entry.values.get("ipc", ()):
        add(entry.iri, PNAV.industryIPC, ox.NamedNode(ipc_iri(code)))
        out.extend(ipc_node_quads(code, g))


def prov_quads(
    plan: CheckedPlan, graph: str, *, file: str, sha256: str, row_order: dict[str, list[str]], label: str
) -> list[ox.Quad]:
    """The provenance of a plan's graph: the graph node and the workbook file it was loaded from."""
    g = ox.NamedNode(graph)
    wb = ox.NamedNode(workbook_source_iri(sha256))
    now = ox.Literal(datetime.now(UTC).isoformat(timespec="seconds"), datatype=ox.NamedNode(_XSD + "dateTime"))
    true = ox.Literal("true", datatype=ox.NamedNode(_XSD + "boolean"))
    kind = "policy workbook, fictitious plan" if plan.fictitious else "policy workbook"
    out = [
        ox.Quad(g, _A, ox.NamedNode(_PROV + "Entity"), g),
        ox.Quad(g, _DERIVED, ox.NamedNode(plan.source), g),
        ox.Quad(g, _DERIVED, wb, g),
        ox.Quad(g, ox.NamedNode(_PROV + "generatedAtTime"), now, g),
        ox.Quad(g, ox.NamedNode(_DCT + "title"), ox.Literal(f"{label} (plan graph, from {file})"), g),
        ox.Quad(wb, _A, ox.NamedNode(PNAV.Source), g),
        ox.Quad(wb, _A, ox.NamedNode(_PROV + "Entity"), g),
        ox.Quad(wb, ox.NamedNode(_RDFS + "label"), ox.Literal(f"{file} ({kind})", language="en"), g),
        ox.Quad(wb, ox.NamedNode(PNAV.fileName), ox.Literal(file), g),
        ox.Quad(wb, ox.NamedNode(PNAV.sha256), ox.Literal(sha256), g),
        ox.Quad(wb, ox.NamedNode(PNAV.ingestedAt), now, g),
    ]
    for sheet, ids in row_order.items():
        if ids:
            out.append(ox.Quad(wb, ox.NamedNode(PNAV.rowOrder), ox.Literal(f"{sheet}: {' '.join(ids)}"), g))
    if plan.fictitious:
        out += [ox.Quad(g, ox.NamedNode(PNAV.fictitious), true, g), ox.Quad(wb, ox.NamedNode(PNAV.fictitious), true, g)]
    return out
