"""The patentnav vocabulary: namespaces, IRI builders and the bundled OWL/SHACL files.

Every module that writes or reads the graph takes its terms from here, so an IRI is
spelled in exactly one place.

>>> entity_iri("region", "430200")
'https://w3id.org/patentnav/id/region/430200'
>>> PNAV.Patent
'https://w3id.org/patentnav/ontology#Patent'
"""

from __future__ import annotations

import re
from importlib import resources
from pathlib import Path

__all__ = [
    "BASE",
    "ENTITY_TYPES",
    "GRAPH",
    "ID",
    "PNAV",
    "PREFIXES",
    "entity_iri",
    "graph_iri",
    "ontology_path",
    "parse_entity_iri",
    "shapes_path",
    "sparql_prefixes",
]

BASE = "https://w3id.org/patentnav/"
ID = BASE + "id/"
GRAPH = BASE + "graph/"


class _Namespace(str):
    """A string namespace whose attributes are the IRIs of its terms (``PNAV.Patent``)."""

    def __getattr__(self, name: str) -> str:
        if name.startswith("__"):
            raise AttributeError(name)
        return self + name

    def term(self, name: str) -> str:
        return self + name


PNAV = _Namespace(BASE + "ontology#")

PREFIXES: dict[str, str] = {
    "pnav": str(PNAV),
    "id": ID,
    "rdf": "http://www.w3.org/1999/02/22-rdf-syntax-ns#",
    "rdfs": "http://www.w3.org/2000/01/rdf-schema#",
    "owl": "http://www.w3.org/2002/07/owl#",
    "xsd": "http://www.w3.org/2001/XMLSchema#",
    "skos": "http://www.w3.org/2004/02/skos/core#",
    "org": "http://www.w3.org/ns/org#",
    "prov": "http://www.w3.org/ns/prov#",
    "dct": "http://purl.org/dc/terms/",
    "sh": "http://www.w3.org/ns/shacl#",
}
# One prefix per entity type (``region:430200``, ``industry:rail-transit``), except ``org``,
# which stays the W3C Organization Ontology.
PREFIXES.update(
    {
        t: f"{ID}{t}/"
        for t in (
            "plan",
            "task",
            "target",
            "indicator",
            "agency",
            "center",
            "industry",
            "region",
            "zone",
            "patent",
            "ipc",
            "source",
        )
    }
)

#: URL segment -> ontology class (local name). The segment is what appears in
#: ``/entities/{type}/{id}`` and in the entity IRIs.
ENTITY_TYPES: dict[str, str] = {
    "plan": "Plan",
    "task": "PolicyTask",
    "target": "Target",
    "indicator": "Indicator",
    "observation": "Observation",
    "agency": "Agency",
    "center": "SupportCenter",
    "industry": "Industry",
    "region": "Region",
    "zone": "Zone",
    "org": "Organization",
    "person": "Person",
    "patent": "Patent",
    "ipc": "IPCClass",
    "source": "Source",
    "event": "LegalEvent",
    "vendor-class": "VendorClassification",
    "vendor-score": "VendorScore",
}

_ID_PATTERN = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~%-]{0,199}$")


def entity_iri(entity_type: str, local_id: str) -> str:
    """Return the IRI of an entity of ``entity_type`` (a key of ENTITY_TYPES).

    >>> entity_iri("industry", "construction-machinery")
    'https://w3id.org/patentnav/id/industry/construction-machinery'
    """
    if entity_type not in ENTITY_TYPES:
        raise ValueError(f"unknown entity type {entity_type!r}; expected one of {', '.join(ENTITY_TYPES)}")
    if not _ID_PATTERN.match(local_id):
        raise ValueError(f"invalid entity id {local_id!r}: use letters, digits, '.', '_', '~', '%' or '-'")
    return f"{ID}{entity_type}/{local_id}"


def parse_entity_iri(iri: str) -> tuple[str, str] | None:
    """Split a patentnav entity IRI into ``(type, id)``; ``None`` for any other IRI.

    >>> parse_entity_iri("https://w3id.org/patentnav/id/region/430100")
    ('region', '430100')
    """
    if not iri.startswith(ID):
        return None
    entity_type, _, local_id = iri[len(ID) :].partition("/")
    if entity_type not in ENTITY_TYPES or not local_id or "/" in local_id:
        return None
    return entity_type, local_id


def graph_iri(name: str) -> str:
    """IRI of a named graph held by patentnav (the pilot graph, one per ingested file).

    >>> graph_iri("hunan-pilot")
    'https://w3id.org/patentnav/graph/hunan-pilot'
    """
    return GRAPH + name


def sparql_prefixes() -> str:
    """The PREFIX lines for every namespace above, to prepend to a query."""
    return "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items())


def _resource(name: str) -> Path:
    return Path(str(resources.files(__name__).joinpath(name)))


def ontology_path() -> Path:
    """Path of the OWL ontology in Turtle."""
    return _resource("patentnav.ttl")


def shapes_path() -> Path:
    """Path of the SHACL shapes in Turtle."""
    return _resource("shapes.ttl")
