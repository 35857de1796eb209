"""Refuse SPARQL that would make the server fetch a URL, change data, or crash the parser.

The check runs on the query text with strings, IRIs and comments blanked out, so a
keyword inside a literal or an IRI does not trip it and one hidden by odd spacing or
case still does. SPARQL's ``\\uXXXX`` escapes are decoded first (the spec allows them
anywhere in a query), so ``\\u0053ERVICE`` is caught too.

pyoxigraph's parser recurses: deeply nested groups or very long operator chains
overflow its stack and kill the process (measured: 5,000 nested ``{`` or 20,000 ``!``
segfault pyoxigraph 0.5), so nesting depth and operator count are bounded here.

>>> refusal("SELECT * WHERE { SERVICE <http://127.0.0.1/> { ?s ?p ?o } }").reason
'SERVICE (federated query) is not allowed on this endpoint: the server does not fetch other endpoints'
>>> refusal('SELECT * WHERE { ?s ?p "SERVICE <x>" }') is None
True
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = ["Refusal", "blank_out", "is_update", "refusal"]

MAX_NESTING = 64
MAX_OPERATORS = 500

_TOKENS = re.compile(
    r'"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*'"
    r"|<[^<>\"{}|^`\\\s]*>"
    r"|#[^\n]*",
    re.DOTALL,
)
_ESCAPE = re.compile(r"\\u([0-9A-Fa-f]{4})|\\U([0-9A-Fa-f]{8})")
_KEYWORD = r"(?<![\w:?$\-.])({})(?![\w:\-])"
_SERVICE = re.compile(_KEYWORD.format("SERVICE"), re.IGNORECASE)
_LOAD = re.compile(_KEYWORD.format("LOAD"), re.IGNORECASE)
_UPDATE = re.compile(
    _KEYWORD.format("INSERT|DELETE|LOAD|CLEAR|CREATE|DROP|COPY|MOVE|ADD|WITH"),
    re.IGNORECASE,
)
_OPERATORS = re.compile(r"\|\||&&|!=|<=|>=|[!/|^+\-*=<>]")


@dataclass(frozen=True)
class Refusal:
    """Why a request is refused: the HTTP status, a title and the reason in words."""

    status: int
    title: str
    reason: str


def _decode_escapes(sparql: str) -> str:
    def one(match: re.Match[str]) -> str:
        code = int(match.group(1) or match.group(2), 16)
        return chr(code) if code <= 0x10FFFF and not 0xD800 <= code <= 0xDFFF else "\ufffd"

    return _ESCAPE.sub(one, sparql)


def blank_out(sparql: str) -> str:
    """The query with strings, IRIs and comments replaced by spaces of the same length.

    >>> blank_out('ASK { <urn:x> ?p "a" }')
    'ASK {         ?p     }'
    """
    return _TOKENS.sub(lambda m: " " * len(m.group(0)), _decode_escapes(sparql))


def is_update(sparql: str) -> bool:
    """Whether the text contains an update operation keyword (outside strings and IRIs).

    >>> is_update("INSERT DATA { <urn:a> <urn:b> <urn:c> }"), is_update("PREFIX add: <urn:x> ASK {}")
    (True, False)
    """
    return bool(_UPDATE.search(blank_out(sparql)))


def _nesting(code: str) -> int:
    depth = deepest = 0
    for char in code:
        if char in "{([":
            depth += 1
            deepest = max(deepest, depth)
        elif char in "})]":
            depth -= 1
    return deepest


def refusal(sparql: str, *, update: bool = False) -> Refusal | None:
    """Why this query (or, with ``update=True``, this update) is refused, or ``None`` if it may run.

    ``SERVICE`` and ``LOAD`` are refused always; update keywords in a query are refused
    as a read-only violation.

    >>> refusal("LOAD <file:///etc/passwd>", update=True).status
    400
    >>> refusal("INSERT DATA { <urn:a> <urn:b> <urn:c> }").status
    403
    """
    code = blank_out(sparql)
    if _SERVICE.search(code):
        return Refusal(
            400,
            "Query refused",
            "SERVICE (federated query) is not allowed on this endpoint: the server does not fetch other endpoints",
        )
    if _LOAD.search(code):
        return Refusal(400, "Query refused", "LOAD is not allowed: the server does not fetch URLs or files")
    depth = _nesting(code)
    if depth > MAX_NESTING:
        return Refusal(400, "Query too complex", f"the query nests groups {depth} deep; the limit is {MAX_NESTING}")
    operators = len(_OPERATORS.findall(code))
    if operators > MAX_OPERATORS:
        return Refusal(400, "Query too complex", f"the query has {operators} operators; the limit is {MAX_OPERATORS}")
    if not update:
        match = _UPDATE.search(code)
        if match:
            return Refusal(
                403,
                "Update refused",
                f"{match.group(1).upper()} is a SPARQL Update operation; queries on this endpoint are read-only",
            )
    return None
