"""Refuse SPARQL that would make the server fetch a URL or change data.

The check runs on the query text with strings, IRIs and comments blanked out, so a
keyword inside a literal or an IRI does not trip it and one hidden by odd spacing or
case still does.

>>> refusal("SELECT * WHERE { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }")
'SERVICE (federated query) is not allowed on this endpoint: the server does not fetch other endpoints'
>>> refusal('SELECT * WHERE { ?s ?p "SERVICE <x>" }') is None
True
"""

from __future__ import annotations

import re

__all__ = ["blank_out", "is_update", "refusal"]

_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_SERVICE = re.compile(r"(?<![\w:?$])SERVICE\b", re.IGNORECASE)
_UPDATE = re.compile(
    r"(?<![\w:?$])(INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH)\b",
    re.IGNORECASE,
)


def blank_out(sparql: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces of the same length."""
    return _TOKENS.sub(lambda m: " " * len(m.group(0)), sparql)


def is_update(sparql: str) -> bool:
    """Whether the text contains an update operation keyword (outside strings and IRIs)."""
    return bool(_UPDATE.search(blank_out(sparql)))


def refusal(sparql: str) -> str | None:
    """Why this query is refused on the read-only endpoint, or ``None`` if it may run."""
    code = blank_out(sparql)
    if _SERVICE.search(code):
        return "SERVICE (federated query) is not allowed on this endpoint: the server does not fetch other endpoints"
    match = _UPDATE.search(code)
    if match:
        word = match.group(1).upper()
        if word == "LOAD":
            return "LOAD is not allowed: the server does not fetch URLs or files"
        return f"{word} is a SPARQL Update operation; this endpoint is read-only"
    return None
