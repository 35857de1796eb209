"""Check the graph against the SHACL shapes and report violations in words.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> s = open_store("memory://"); _ = ensure_seeded(s)
>>> validate_store(s).conforms
True
"""

from __future__ import annotations

from dataclasses import dataclass, field

import pyoxigraph as ox
import rdflib
from pyshacl import validate as shacl_validate

from patentnav.graph.store import PatentStore
from patentnav.ontology import ontology_path, shapes_path

__all__ = ["ValidationReport", "Violation", "validate_graph", "validate_store"]

_SH = rdflib.Namespace("http://www.w3.org/ns/shacl#")
_RDFS_LABEL = rdflib.RDFS.label


@dataclass(frozen=True)
class Violation:
    """One SHACL result: which node, which property, what is wrong."""

    focus_node: str
    focus_label: str | None
    path: str | None
    message: str
    severity: str
    value: str | None = None

    def __str__(self) -> str:
        who = f"{self.focus_label} <{self.focus_node}>" if self.focus_label else f"<{self.focus_node}>"
        where = f" {self.path}:" if self.path else ":"
        value = f" (value: {self.value})" if self.value else ""
        return f"{self.severity}: {who}{where} {self.message}{value}"


@dataclass
class ValidationReport:
    """Whether the data conforms, and every violation found."""

    conforms: bool
    violations: list[Violation] = field(default_factory=list)


def _short(node: rdflib.term.Node | None, graph: rdflib.Graph) -> str | None:
    if node is None:
        return None
    try:
        return graph.namespace_manager.normalizeUri(node) if isinstance(node, rdflib.URIRef) else str(node)
    except Exception:
        return str(node)


def validate_graph(data: rdflib.Graph) -> ValidationReport:
    """Validate an rdflib graph against the shapes, with the ontology for class inference."""
    shapes = rdflib.Graph().parse(shapes_path(), format="turtle")
    ontology = rdflib.Graph().parse(ontology_path(), format="turtle")
    conforms, results, _ = shacl_validate(
        data, shacl_graph=shapes, ont_graph=ontology, inference="rdfs", allow_warnings=True
    )
    violations: list[Violation] = []
    for result in results.subjects(rdflib.RDF.type, _SH.ValidationResult):
        focus = results.value(result, _SH.focusNode)
        label = data.value(focus, _RDFS_LABEL) if focus is not None else None
        violations.append(
            Violation(
                focus_node=str(focus),
                focus_label=str(label) if label is not None else None,
                path=_short(results.value(result, _SH.resultPath), data),
                message=str(results.value(result, _SH.resultMessage) or "constraint not met"),
                severity=str(results.value(result, _SH.resultSeverity)).rsplit("#", 1)[-1],
                value=_short(results.value(result, _SH.value), data),
            )
        )
    violations.sort(key=lambda v: (v.focus_node, v.path or "", v.message))
    return ValidationReport(conforms=bool(conforms), violations=violations)


def validate_store(store: PatentStore, graphs: list[str] | None = None) -> ValidationReport:
    """Validate the store's data (all graphs, or the named ``graphs``) against the shapes."""
    data = rdflib.Graph()
    for prefix, ns in (("pnav", "https://w3id.org/patentnav/ontology#"), ("id", "https://w3id.org/patentnav/id/")):
        data.bind(prefix, ns)
    result = store.query(
        "CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }",
        default_graph=graphs,
    )
    nt = result.serialize(format=ox.RdfFormat.N_TRIPLES) if isinstance(result, ox.QueryTriples) else b""
    data.parse(data=nt, format="nt")
    return validate_graph(data)
