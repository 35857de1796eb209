"""Reference data ingest links to: the IPC -> industry concordance and the IPC scheme node.

The concordance is a CSV in ``patentnav.data`` (``reference/ipc_industry.csv``) whose
rows say whether they are official or curated; it becomes the named graph
:data:`REFERENCE_GRAPH`, reloaded when the CSV changes.

>>> c = Concordance.bundled()
>>> from patentnav.graph.ingest.normalize import parse_ipc
>>> c.industries(parse_ipc("B66C23/64"))
('construction-machinery',)
"""

from __future__ import annotations

import csv
import hashlib
import io
from dataclasses import dataclass
from datetime import UTC, datetime
from importlib import resources

import pyoxigraph as ox

from patentnav.graph.ingest.normalize import IPCCode, parse_ipc
from patentnav.graph.store import PatentStore
from patentnav.ontology import PNAV, PREFIXES, entity_iri, graph_iri

__all__ = ["GBT2260_SOURCE", "IPC_SCHEME", "REFERENCE_GRAPH", "Concordance", "ensure_reference"]

REFERENCE_GRAPH = graph_iri("reference/ipc-industry")
IPC_SCHEME = entity_iri("ipc", "scheme")
CONCORDANCE_SOURCE = entity_iri("source", "ipc-industry-concordance")
GBT2260_SOURCE = entity_iri("source", "gbt-2260")

_RDF, _RDFS, _SKOS = PREFIXES["rdf"], PREFIXES["rdfs"], PREFIXES["skos"]
_DCT, _PROV, _XSD = PREFIXES["dct"], PREFIXES["prov"], PREFIXES["xsd"]


@dataclass(frozen=True)
class ConcordanceRow:
    """One row of the concordance: an IPC symbol, an industry id, official or curated."""

    ipc: IPCCode
    industry: str
    status: str
    basis: str


class Concordance:
    """IPC symbol (any level) -> industries, read from the concordance CSV."""

    def __init__(self, text: str) -> None:
        self.text = text
        self.sha256 = hashlib.sha256(text.encode("utf-8")).hexdigest()
        lines = (line for line in io.StringIO(text) if not line.startswith("#"))
        self.rows = [
            ConcordanceRow(parse_ipc(r["ipc"]), r["industry"].strip(), r["status"].strip(), r["basis"].strip())
            for r in csv.DictReader(lines)
        ]
        self._by_symbol: dict[str, tuple[str, ...]] = {}
        self._cache: dict[IPCCode, tuple[str, ...]] = {}
        for row in self.rows:
            if row.status not in ("official", "curated"):
                raise ValueError(f"concordance row {row.ipc.symbol}: status must be official or curated")
            self._by_symbol[row.ipc.symbol] = (*self._by_symbol.get(row.ipc.symbol, ()), row.industry)

    @classmethod
    def bundled(cls) -> Concordance:
        """The concordance shipped with patentnav."""
        text = resources.files("patentnav.data").joinpath("reference/ipc_industry.csv").read_text("utf-8")
        return cls(text)

    def industries(self, code: IPCCode) -> tuple[str, ...]:
        """Industries of a code: those of the code itself or of any broader level."""
        cached = self._cache.get(code)
        if cached is None:
            cached = self._cache[code] = self._industries(code)
        return cached

    def _industries(self, code: IPCCode) -> tuple[str, ...]:
        found: list[str] = []
        for level in (code, *code.ancestors()):
            for industry in self._by_symbol.get(level.symbol, ()):
                if industry not in found:
                    found.append(industry)
        return tuple(found)

    def quads(self) -> list[ox.Quad]:
        """The reference graph: the IPC scheme, the concordance links and their source."""
        g = ox.NamedNode(REFERENCE_GRAPH)
        a = ox.NamedNode(_RDF + "type")
        label = ox.NamedNode(_RDFS + "label")
        scheme, source = ox.NamedNode(IPC_SCHEME), ox.NamedNode(CONCORDANCE_SOURCE)
        out = [
            ox.Quad(scheme, a, ox.NamedNode(_SKOS + "ConceptScheme"), g),
            ox.Quad(scheme, label, ox.Literal("International Patent Classification (IPC)", language="en"), g),
            ox.Quad(scheme, label, ox.Literal("国际专利分类", language="zh"), g),
            ox.Quad(
                scheme,
                ox.NamedNode(_RDFS + "comment"),
                ox.Literal(
                    "Symbols and the broader hierarchy only: the IPC titles are not shipped with patentnav "
                    "(no IPC scheme file was available), so IPC classes carry notations, not titles.",
                    language="en",
                ),
                g,
            ),
            ox.Quad(source, a, ox.NamedNode(PNAV.Source), g),
            ox.Quad(source, a, ox.NamedNode(_PROV + "Entity"), g),
            ox.Quad(source, label, ox.Literal("IPC -> priority industry concordance (patentnav)", language="en"), g),
            ox.Quad(source, label, ox.Literal("IPC与重点产业对照表（patentnav）", language="zh"), g),
            ox.Quad(source, ox.NamedNode(PNAV.sha256), ox.Literal(self.sha256), g),
            ox.Quad(
                source,
                ox.NamedNode(_DCT + "description"),
                ox.Literal(
                    f"{sum(r.status == 'curated' for r in self.rows)} curated and "
                    f"{sum(r.status == 'official' for r in self.rows)} official rows. Curated rows follow the IPC "
                    "definitions, with CNIPA's IPC / national economic industry and IPC / strategic emerging "
                    "industry concordances as the intended basis.",
                    language="en",
                ),
                g,
            ),
            ox.Quad(
                source,
                ox.NamedNode(PNAV.ingestedAt),
                ox.Literal(datetime.now(UTC).isoformat(timespec="seconds"), datatype=ox.NamedNode(_XSD + "dateTime")),
                g,
            ),
        ]
        for row in self.rows:
            industry = ox.NamedNode(entity_iri("industry", row.industry))
            out.append(ox.Quad(industry, ox.NamedNode(PNAV.industryIPC), ox.NamedNode(ipc_iri(row.ipc)), g))
            out += ipc_quads(row.ipc, g)
        return out


def ipc_iri(code: IPCCode) -> str:
    """IRI of an IPC class node (``id:ipc/B66C23-64``)."""
    return entity_iri("ipc", code.local_id)


def ipc_quads(code: IPCCode, graph: ox.NamedNode) -> list[ox.Quad]:
    """A class node with its notation, scheme and the chain of broader classes."""
    out = []
    node: IPCCode | None = code
    while node is not None:
        iri = ox.NamedNode(ipc_iri(node))
        out += [
            ox.Quad(iri, ox.NamedNode(_RDF + "type"), ox.NamedNode(PNAV.IPCClass), graph),
            ox.Quad(iri, ox.NamedNode(_SKOS + "notation"), ox.Literal(node.symbol), graph),
            ox.Quad(iri, ox.NamedNode(_SKOS + "inScheme"), ox.NamedNode(IPC_SCHEME), graph),
        ]
        parent = node.parent()
        if parent is not None:
            out.append(ox.Quad(iri, ox.NamedNode(_SKOS + "broader"), ox.NamedNode(ipc_iri(parent)), graph))
        node = parent
    return out


def ensure_reference(store: PatentStore, concordance: Concordance | None = None) -> bool:
    """Load the reference graph if it is missing or the concordance changed; return whether it loaded."""
    concordance = concordance or Concordance.bundled()
    current = store.quads_for_pattern(
        ox.NamedNode(CONCORDANCE_SOURCE), ox.NamedNode(PNAV.sha256), None, ox.NamedNode(REFERENCE_GRAPH)
    )
    if any(isinstance(q.object, ox.Literal) and q.object.value == concordance.sha256 for q in current):
        return False
    store.replace_graph(REFERENCE_GRAPH, concordance.quads())
    return True
