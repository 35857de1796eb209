"""Content negotiation: the one table of media types the API speaks, and Accept parsing.

>>> best_match("text/csv;q=0.9, application/sparql-results+json", ["application/sparql-results+json", "text/csv"])
'application/sparql-results+json'
>>> best_match("image/png", ["text/turtle"]) is None
True
"""

from __future__ import annotations

import re

import pyoxigraph as ox

__all__ = ["GRAPH_FORMATS", "RESULT_FORMATS", "XML_MEDIA", "best_match", "parse_accept", "xml_refusal"]

#: SELECT/ASK result media types -> pyoxigraph serializer (first = default).
RESULT_FORMATS: dict[str, ox.QueryResultsFormat] = {
    "application/sparql-results+json": ox.QueryResultsFormat.JSON,
    "application/sparql-results+xml": ox.QueryResultsFormat.XML,
    "text/csv": ox.QueryResultsFormat.CSV,
    "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    "application/json": ox.QueryResultsFormat.JSON,
    "application/xml": ox.QueryResultsFormat.XML,
}

#: CONSTRUCT/DESCRIBE and entity media types -> pyoxigraph serializer (first = default).
GRAPH_FORMATS: dict[str, ox.RdfFormat] = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/ld+json": ox.RdfFormat.JSON_LD,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/n-quads": ox.RdfFormat.N_QUADS,
    "application/trig": ox.RdfFormat.TRIG,
    "text/plain": ox.RdfFormat.N_TRIPLES,
}


#: The media types above that are XML 1.0 documents.
XML_MEDIA = frozenset({"application/sparql-results+xml", "application/xml", "application/rdf+xml"})
# Characters XML 1.0 cannot carry, not even as character references (RDF literals may hold them).
_NOT_XML = re.compile(rb"[\x00-\x08\x0b\x0c\x0e-\x1f]|\xef\xbf[\xbe\xbf]")


def xml_refusal(body: bytes, media: str) -> str | None:
    """Why ``body`` cannot be sent as ``media``: a value holds a character XML 1.0 forbids; else ``None``.

    pyoxigraph writes such characters verbatim, which would make the document ill-formed, so
    the answer is refused instead (406) and the client is told which formats carry it.

    >>> xml_refusal(b"<literal>a\\x01b</literal>", "application/sparql-results+xml")[:56]
    'a value in the answer holds the control character U+0001'
    >>> xml_refusal(b"<literal>ab</literal>", "application/sparql-results+xml") is None
    True
    """
    if media not in XML_MEDIA:
        return None
    match = _NOT_XML.search(body)
    if match is None:
        return None
    code = ord(match.group().decode("utf-8"))
    return (
        f"a value in the answer holds the control character U+{code:04X}, which XML 1.0 cannot carry; "
        "ask for JSON, Turtle or N-Triples instead"
    )


def parse_accept(header: str | None) -> list[tuple[str, float]]:
    """Media ranges of an Accept header with their q-values, best first."""
    if not header:
        return [("*/*", 1.0)]
    ranges: list[tuple[str, float, int]] = []
    for index, part in enumerate(header.split(",")):
        fields = [f.strip() for f in part.split(";")]
        media = fields[0].lower()
        if not media:
            continue
        q = 1.0
        for param in fields[1:]:
            key, _, value = param.partition("=")
            if key.strip() == "q":
                try:
                    q = max(0.0, min(1.0, float(value)))
                except ValueError:
                    q = 0.0
        ranges.append((media, q, index))
    # Higher q first; at equal q, more specific ranges first, then header order.
    ranges.sort(key=lambda r: (-r[1], r[0].count("*"), r[2]))
    return [(m, q) for m, q, _ in ranges]


def best_match(header: str | None, offered: list[str]) -> str | None:
    """The offered media type the Accept header prefers; ``None`` when none is acceptable."""
    for media, q in parse_accept(header):
        if q <= 0:
            continue
        if media == "*/*":
            return offered[0]
        if media.endswith("/*"):
            major = media[:-1]
            for candidate in offered:
                if candidate.startswith(major):
                    return candidate
            continue
        if media in offered:
            return media
    return None
