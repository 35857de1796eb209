"""Read the outline of SPARQL text: its dataset clauses and the operations of an update.

pyoxigraph parses SPARQL but does not show the parse, and two decisions need a little of it:

* a query's own ``FROM`` / ``FROM NAMED`` define its dataset; only a query without them (and
  without a protocol dataset) reads the union of all graphs (:func:`has_dataset_clause`);
* an update's ``WHERE`` reads the same union as a query does, so an update without
  ``USING`` or ``WITH`` gets ``USING`` / ``USING NAMED`` clauses naming every graph
  (:func:`with_dataset`), and the API can check an update's cost before it runs
  (:func:`update_operations`).

This is a lexer, not a parser: it skips strings, IRIs and comments, and tracks braces, so
a keyword inside a literal, an IRI, a comment or a prefixed name (``ex:from``, ``?from``) is
never taken for one. It assumes the text parses (pyoxigraph says so before anything runs).

>>> has_dataset_clause("SELECT * FROM <urn:g> WHERE { ?s ?p ?o }")
True
>>> has_dataset_clause('SELECT * WHERE { ?s ?p "FROM" } # FROM')
False
"""

from __future__ import annotations

import re
from dataclasses import dataclass

__all__ = [
    "Operation",
    "declares_base",
    "has_dataset_clause",
    "modifies_without_dataset",
    "query_form",
    "update_operations",
    "with_dataset",
    "written_graphs",
]

_TOKEN = re.compile(
    r'(?P<string>"""(?:[^"\\]|\\.|"(?!""))*"""'
    r"|'''(?:[^'\\]|\\.|'(?!''))*'''"
    r'|"(?:[^"\\\n]|\\.)*"'
    r"|'(?:[^'\\\n]|\\.)*')"
    r"|(?P<iri><[^<>\"{}|^`\\\x00-\x20]*>)"
    r"|(?P<comment>#[^\n]*)"
    r"|(?P<open>\{)|(?P<close>\})|(?P<semicolon>;)"
    r"|(?P<word>[?$]?[\w\-.:%]+)"
    r"|(?P<other>\S)",
    re.DOTALL,
)


@dataclass(frozen=True)
class _Token:
    kind: str
    text: str
    start: int
    end: int
    depth: int  # brace depth at the token (an opening brace has the depth outside it)

    def keyword(self) -> str | None:
        return self.text.upper() if self.kind == "word" else None


def _tokens(text: str) -> list[_Token]:
    out, depth = [], 0
    for match in _TOKEN.finditer(text):
        kind = match.lastgroup or "other"
        if kind == "comment":
            continue
        if kind == "close":
            depth -= 1
        out.append(_Token(kind, match.group(), match.start(), match.end(), depth))
        if kind == "open":
            depth += 1
    return out


def has_dataset_clause(query: str) -> bool:
    """Whether a query names its own dataset with ``FROM`` or ``FROM NAMED``.

    >>> has_dataset_clause("SELECT ?from WHERE { ?from ex:FROM ?x }")
    False
    """
    return any(t.depth == 0 and t.keyword() == "FROM" for t in _tokens(query))


def declares_base(text: str) -> bool:
    """Whether a query or update declares its own ``BASE``.

    >>> declares_base("BASE <http://x/> ASK {}"), declares_base("ASK { ?s ?p 'BASE' }")
    (True, False)
    """
    return any(t.depth == 0 and t.keyword() == "BASE" for t in _tokens(text))


def query_form(query: str) -> str:
    """The form of a query: ``SELECT``, ``ASK``, ``CONSTRUCT`` or ``DESCRIBE`` (its first such keyword).

    >>> query_form("PREFIX s: <http://x/select#> # ask\\nconstruct { ?s ?p 'SELECT' } WHERE { ?s ?p ?o }")
    'CONSTRUCT'
    """
    forms = ("SELECT", "ASK", "CONSTRUCT", "DESCRIBE")
    return next((t.keyword() for t in _tokens(query) if t.keyword() in forms), "SELECT") or "SELECT"


@dataclass(frozen=True)
class Operation:
    """One operation of a SPARQL Update, as far as the cost check needs it.

    ``kind`` is the operation's first keyword (``INSERT``, ``DELETE``, ``WITH``, ``LOAD``,
    ``CLEAR``, ``DROP``, ``CREATE``, ``ADD``, ``MOVE``, ``COPY``); ``data`` is true for
    ``INSERT DATA`` / ``DELETE DATA``. ``where`` is the text of its ``WHERE`` group (with
    braces) for a modify or ``DELETE WHERE``; ``dataset`` its ``USING`` / ``WITH`` clauses
    rewritten as a query's ``FROM`` clauses; ``source`` the source graph of ADD/MOVE/COPY
    (``DEFAULT`` or an IRI); ``prologue`` the PREFIX and BASE declarations in force.
    """

    kind: str
    data: bool = False
    where: str | None = None
    dataset: str = ""
    source: str | None = None
    prologue: str = ""


def _split(tokens: list[_Token]) -> list[list[_Token]]:
    ops: list[list[_Token]] = [[]]
    for token in tokens:
        if token.kind == "semicolon" and token.depth == 0:
            ops.append([])
        else:
            ops[-1].append(token)
    return [op for op in ops if op]


def _group_end(tokens: list[_Token], i: int) -> int:
    """Index of the brace closing the group that opens at ``tokens[i]``."""
    depth = tokens[i].depth
    for j in range(i + 1, len(tokens)):
        if tokens[j].kind == "close" and tokens[j].depth == depth:
            return j
    return len(tokens) - 1


def _body(op: list[_Token]) -> tuple[list[_Token], list[_Token]]:
    """Split an operation into its PREFIX/BASE declarations and the rest."""
    i, prologue = 0, []
    while i < len(op) and op[i].keyword() in ("PREFIX", "BASE"):
        step = 3 if op[i].keyword() == "PREFIX" else 2
        prologue.extend(op[i : i + step])
        i += step
    return prologue, op[i:]


def update_operations(update: str) -> list[Operation]:
    """The operations of a SPARQL Update, in order.

    >>> [op.kind for op in update_operations("INSERT DATA { <a> <b> <c> } ; DROP GRAPH <g>")]
    ['INSERT', 'DROP']
    >>> update_operations("DELETE { ?s ?p ?o } USING <urn:g> WHERE { ?s ?p ?o }")[0].dataset
    'FROM <urn:g>'
    """
    text = update
    ops, declared = [], []
    for op in _split(_tokens(text)):
        prologue, body = _body(op)
        declared.extend(prologue)
        if not body:
            continue
        words = [t.keyword() for t in body]
        kind = words[0] or ""
        prefix_text = " ".join(t.text for t in declared)
        if kind in ("INSERT", "DELETE") and len(words) > 1 and words[1] == "DATA":
            ops.append(Operation(kind, data=True, prologue=prefix_text))
        elif kind == "DELETE" and len(words) > 1 and words[1] == "WHERE":
            start = 2
            end = _group_end(body, start)
            ops.append(Operation(kind, where=text[body[start].start : body[end].end], prologue=prefix_text))
        elif kind in ("INSERT", "DELETE", "WITH"):
            where = next(i for i, t in enumerate(body) if t.depth == 0 and t.keyword() == "WHERE")
            end = _group_end(body, where + 1)
            ops.append(
                Operation(
                    kind,
                    where=text[body[where + 1].start : body[end].end],
                    dataset=_dataset(body[:where]),
                    prologue=prefix_text,
                )
            )
        elif kind in ("ADD", "MOVE", "COPY"):
            rest = [t for t in body[1:] if t.keyword() not in ("SILENT", "GRAPH")]
            ops.append(Operation(kind, source=rest[0].text if rest else None, prologue=prefix_text))
        else:
            ops.append(Operation(kind, prologue=prefix_text))
    return ops


def _dataset(head: list[_Token]) -> str:
    """A modify's USING / USING NAMED / WITH clauses as the FROM clauses of a query with the same dataset."""
    clauses, with_graph = [], None
    for i, token in enumerate(head):
        if token.depth:
            continue
        if token.keyword() == "WITH" and i + 1 < len(head):
            with_graph = head[i + 1].text
        if token.keyword() == "USING" and i + 1 < len(head):
            named = head[i + 1].keyword() == "NAMED"
            target = head[i + 2] if named else head[i + 1]
            clauses.append(("FROM NAMED " if named else "FROM ") + target.text)
    if not clauses and with_graph:
        clauses.append(f"FROM {with_graph}")
    return " ".join(clauses)


def modifies_without_dataset(update: str) -> tuple[list[int], bool]:
    """Where the modify operations that name no dataset have their ``WHERE``; and whether any other names one.

    >>> modifies_without_dataset("INSERT { ?s a ?t } WHERE { ?s a ?t } ; DELETE { ?s ?p ?o } USING <g> WHERE { }")
    ([19], True)
    """
    positions, named = [], False
    for op in _split(_tokens(update)):
        _, body = _body(op)
        words = [t.keyword() for t in body]
        shorthand = len(words) > 1 and words[1] in ("DATA", "WHERE")  # INSERT/DELETE DATA, DELETE WHERE
        if not words or words[0] not in ("INSERT", "DELETE", "WITH") or shorthand:
            continue
        top = [t for t in body if t.depth == 0]
        if words[0] == "WITH" or any(t.keyword() == "USING" for t in top):
            named = True
            continue
        where = next((t for t in top if t.keyword() == "WHERE"), None)
        if where is not None:
            positions.append(where.start)
    return positions, named


def with_dataset(update: str, default_graphs: list[str], named_graphs: list[str]) -> str:
    """``update`` with every modify operation that names no dataset made to read the given one.

    Such a modify gets ``USING <g>`` for each of ``default_graphs`` and ``USING NAMED <g>`` for each
    of ``named_graphs`` before its ``WHERE`` (what the protocol's ``using-graph-uri`` and
    ``using-named-graph-uri`` mean). Operations that name their own dataset, and the other
    operations, are left as they are. With both lists empty the update is returned unchanged.

    >>> with_dataset("INSERT { GRAPH <urn:c> { ?s a ?t } } WHERE { ?s a ?t }", ["urn:g"], ["urn:g"])
    'INSERT { GRAPH <urn:c> { ?s a ?t } } USING <urn:g> USING NAMED <urn:g> WHERE { ?s a ?t }'
    """
    clause = " ".join([*(f"USING <{g}>" for g in default_graphs), *(f"USING NAMED <{g}>" for g in named_graphs)])
    if not clause:
        return update
    positions, _ = modifies_without_dataset(update)
    for position in reversed(positions):
        update = update[:position] + clause + " " + update[position:]
    return update


#: What :func:`written_graphs` returns for the store's own (unnamed) default graph.
DEFAULT_GRAPH = ""


def _block_graphs(body: list[_Token], start: int, default: str | None) -> tuple[set[str], bool, int]:
    """Graphs a template or data block (opening at ``body[start]``) writes; whether one is a variable; its end."""
    end = _group_end(body, start)
    inner = body[start].depth + 1
    graphs: set[str] = set()
    variable = False
    i = start + 1
    while i < end:
        token = body[i]
        if token.depth == inner and token.keyword() == "GRAPH" and i + 1 < end:
            name = body[i + 1]
            if name.kind == "iri":
                graphs.add(name.text[1:-1])
            else:
                variable = True
            i = _group_end(body, i + 2) + 1 if i + 2 < end and body[i + 2].kind == "open" else i + 2
            continue
        if token.depth == inner and token.kind not in ("open", "close") and token.text != ".":
            if default is None:
                variable = True
            else:
                graphs.add(default)
        i += 1
    return graphs, variable, end


def written_graphs(update: str) -> set[str] | None:
    """The graphs an update can change (``DEFAULT_GRAPH`` for the unnamed one); ``None`` when that is not known
    from the text (``GRAPH ?g`` in a template, ``DROP ALL``/``NAMED``).

    >>> sorted(written_graphs("INSERT DATA { GRAPH <urn:a> { <s> <p> 1 } } ; DROP GRAPH <urn:b>"))
    ['urn:a', 'urn:b']
    >>> written_graphs("DELETE { GRAPH ?g { ?s ?p ?o } } WHERE { GRAPH ?g { ?s ?p ?o } }") is None
    True
    """
    out: set[str] = set()
    for op in _split(_tokens(update)):
        _, body = _body(op)
        if not body:
            continue
        words = [t.keyword() for t in body]
        kind = words[0] or ""
        if kind in ("DROP", "CLEAR"):
            rest = [t for t in body[1:] if t.keyword() != "SILENT"]
            if rest and rest[0].keyword() == "GRAPH" and len(rest) > 1:
                out.add(rest[1].text[1:-1])
            elif rest and rest[0].keyword() == "DEFAULT":
                out.add(DEFAULT_GRAPH)
            else:
                return None
            continue
        if kind in ("ADD", "MOVE", "COPY"):
            rest = [t for t in body[1:] if t.keyword() not in ("SILENT", "GRAPH", "TO")]
            targets = rest[1:2] + (rest[:1] if kind == "MOVE" else [])
            for target in targets:
                out.add(DEFAULT_GRAPH if target.keyword() == "DEFAULT" else target.text[1:-1])
            continue
        if kind not in ("INSERT", "DELETE", "WITH"):
            continue
        default = DEFAULT_GRAPH
        i = 0
        if kind == "WITH" and len(body) > 1:
            default = body[1].text[1:-1]
            i = 2
        while i < len(body):
            token = body[i]
            if (
                token.depth == 0
                and token.keyword() in ("USING", "WHERE")
                and not (token.keyword() == "WHERE" and i > 0 and body[i - 1].keyword() == "DELETE")
            ):
                break
            if token.kind == "open" and token.depth == 0:
                graphs, variable, end = _block_graphs(body, i, default)
                if variable:
                    return None
                out |= graphs
                i = end + 1
                continue
            i += 1
    return out
