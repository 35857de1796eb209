"""The SPARQL 1.1 Service Description of the endpoint, as RDF.

>>> b"sd:Service" in describe("http://127.0.0.1/sparql", [], update=False)
True
"""

from __future__ import annotations

from patentnav.api.negotiation import GRAPH_FORMATS, RESULT_FORMATS

__all__ = ["describe"]

# W3C format IRIs (https://www.w3.org/ns/formats/) for the media types we write.
_FORMAT_IRIS = {
    "application/sparql-results+json": "http://www.w3.org/ns/formats/SPARQL_Results_JSON",
    "application/sparql-results+xml": "http://www.w3.org/ns/formats/SPARQL_Results_XML",
    "text/csv": "http://www.w3.org/ns/formats/SPARQL_Results_CSV",
    "text/tab-separated-values": "http://www.w3.org/ns/formats/SPARQL_Results_TSV",
    "text/turtle": "http://www.w3.org/ns/formats/Turtle",
    "application/n-triples": "http://www.w3.org/ns/formats/N-Triples",
    "application/ld+json": "http://www.w3.org/ns/formats/JSON-LD",
    "application/rdf+xml": "http://www.w3.org/ns/formats/RDF_XML",
    "application/n-quads": "http://www.w3.org/ns/formats/N-Quads",
    "application/trig": "http://www.w3.org/ns/formats/TriG",
}


def _iri(value: str) -> str:
    return "<" + "".join(c for c in value if c not in '<>"{}|^`\\ \n\r\t') + ">"


def describe(endpoint: str, named_graphs: list[str], *, update: bool) -> bytes:
    """Turtle describing ``endpoint``: languages, result formats, features and its dataset."""
    formats = sorted({_FORMAT_IRIS[m] for m in [*RESULT_FORMATS, *GRAPH_FORMATS] if m in _FORMAT_IRIS})
    lines = [
        "@prefix sd: <http://www.w3.org/ns/sparql-service-description#> .",
        "@prefix rdfs: <http://www.w3.org/2000/01/rdf-schema#> .",
        "",
        f"{_iri(endpoint + '#service')} a sd:Service ;",
        f"    sd:endpoint {_iri(endpoint)} ;",
        '    rdfs:label "patentnav SPARQL endpoint"@en , "patentnav 专利导航 SPARQL 端点"@zh ;',
        "    sd:supportedLanguage sd:SPARQL11Query" + (" , sd:SPARQL11Update" if update else "") + " ;",
        "    sd:feature sd:UnionDefaultGraph ;",
        "    sd:resultFormat " + " , ".join(f"<{f}>" for f in formats) + " ;",
        "    sd:defaultDataset [ a sd:Dataset ;",
        '        sd:defaultGraph [ a sd:Graph ; rdfs:comment "the union of all named graphs"@en ]',
    ]
    for graph in named_graphs:
        lines[-1] += " ;"
        lines.append(f"        sd:namedGraph [ a sd:NamedGraph ; sd:name {_iri(graph)} ]")
    lines += ["    ] .", ""]
    return "\n".join(lines).encode()
