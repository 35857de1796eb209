"""Run one SPARQL query against a store and serialize the answer, within row and byte caps.

This is the unit of work of the query pool (:mod:`patentnav.api.query_pool`): it runs in
a worker process (or thread) and returns plain bytes, so everything that can take time —
evaluation, iteration, serialization — happens where a timeout can stop it.

>>> from patentnav.graph.store import open_store
>>> answer = execute(open_store("memory://"), QueryJob("ASK { ?s ?p ?o }", accept="application/sparql-results+json"))
>>> answer.media_type, answer.body
('application/sparql-results+json', b'{"head":{},"boolean":false}')
"""

from __future__ import annotations

import json
from dataclasses import dataclass, field

import pyoxigraph as ox

from patentnav.api.negotiation import GRAPH_FORMATS, RESULT_FORMATS, best_match, xml_refusal
from patentnav.graph.store import OxigraphStore, PatentStore

__all__ = ["QueryAnswer", "QueryFailure", "QueryJob", "acceptable_at_all", "execute"]


@dataclass(frozen=True)
class QueryJob:
    """A query as the protocol delivered it, with the caps that apply to its answer."""

    query: str
    accept: str | None = None
    default_graphs: list[str] = field(default_factory=list)
    named_graphs: list[str] = field(default_factory=list)
    max_rows: int = 10_000
    max_bytes: int = 20_000_000
    #: Resolves relative IRIs in the query (the endpoint's own URL, as SPARQL servers do).
    base_iri: str | None = None


@dataclass(frozen=True)
class QueryAnswer:
    """A serialized answer; ``truncated`` names the cap that cut it (``rows`` or ``bytes``), if any."""

    body: bytes
    media_type: str
    rows: int | None = None
    truncated: str | None = None


class QueryFailure(Exception):  # noqa: N818 - a failure is what it is
    """The query cannot be answered: an HTTP status, a title and the reason in words."""

    def __init__(self, status: int, title: str, detail: str) -> None:
        super().__init__(detail)
        self.status, self.title, self.detail = status, title, detail

    def __reduce__(self) -> tuple[type, tuple[int, str, str]]:
        return (QueryFailure, (self.status, self.title, self.detail))


def acceptable_at_all(accept: str | None) -> bool:
    """Whether any answer (results or graph) could satisfy the Accept header; checked before running."""
    return best_match(accept, list(RESULT_FORMATS)) is not None or best_match(accept, list(GRAPH_FORMATS)) is not None


def execute(store: PatentStore, job: QueryJob) -> QueryAnswer:
    """Run ``job`` on ``store``; raise :class:`QueryFailure` with a status when it cannot be answered."""
    default_graphs = job.default_graphs or None
    named_graphs = job.named_graphs or None
    # SPARQL protocol: a dataset given by the request is exactly what it names.
    if default_graphs is not None and named_graphs is None:
        named_graphs = []
    failure: QueryFailure | None = None
    result = None
    try:
        _check_dataset(job.default_graphs + job.named_graphs)
        if not isinstance(store, OxigraphStore):
            # Remote engines each word their errors (and accept their own extensions): parse with
            # pyoxigraph first, on an empty store, so every backend speaks standard SPARQL 1.1 alike.
            ox.Store().query(job.query, base_iri=job.base_iri)
        result = store.query(job.query, default_graph=default_graphs, named_graphs=named_graphs, base_iri=job.base_iri)
        if isinstance(result, ox.QueryTriples):
            return _graph_answer(result, job)
        if isinstance(result, ox.QuerySolutions):
            return _solutions_answer(result, job)
        return _boolean_answer(result, job)
    except QueryFailure as exc:
        failure = QueryFailure(exc.status, exc.title, exc.detail)
    except SyntaxError as exc:
        failure = QueryFailure(400, "SPARQL syntax error", _syntax_message(str(exc)))
    except (OSError, RuntimeError, ValueError) as exc:
        failure = QueryFailure(400, "Query failed", str(exc))
    # pyoxigraph results must die in the thread that made them: raise a fresh exception whose
    # traceback holds no frame that still references the result.
    del result
    raise failure


def _check_dataset(graphs: list[str]) -> None:
    for graph in graphs:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise QueryFailure(400, "Invalid graph IRI", f"{graph!r} is not an absolute IRI: {exc}") from exc


def _media(accept: str | None, offered: dict) -> str:
    media = best_match(accept, list(offered))
    if media is None:
        raise QueryFailure(406, "Not acceptable", f"this answer is available as {', '.join(offered)}")
    return media


def _xml_safe(body: bytes, media: str) -> bytes:
    refused = xml_refusal(body, media)
    if refused:
        raise QueryFailure(406, "Not acceptable", refused)
    return body


def _boolean_answer(result: ox.QueryBoolean, job: QueryJob) -> QueryAnswer:
    media = _media(job.accept, RESULT_FORMATS)
    return QueryAnswer(result.serialize(format=RESULT_FORMATS[media]) or b"", media)  # bytes without an output


def _graph_answer(result: ox.QueryTriples, job: QueryJob) -> QueryAnswer:
    media = _media(job.accept, GRAPH_FORMATS)
    triples: list[ox.Triple] = []
    truncated = None
    for triple in result:
        if len(triples) >= job.max_rows:
            truncated = "rows"
            break
        triples.append(triple)

    def write(part: list[ox.Triple]) -> bytes:
        return ox.serialize(part, format=GRAPH_FORMATS[media]) or b""

    body, kept, cut = _fit(triples, write, job.max_bytes)
    return QueryAnswer(_xml_safe(body, media), media, kept, cut or truncated)


def _solutions_answer(result: ox.QuerySolutions, job: QueryJob) -> QueryAnswer:
    media = _media(job.accept, RESULT_FORMATS)
    names = [v.value for v in result.variables]
    rows: list[dict[str, dict[str, str]]] = []
    truncated = None
    for solution in result:
        if len(rows) >= job.max_rows:
            truncated = "rows"
            break
        rows.append({n: _term_json(solution[n]) for n in names if solution[n] is not None})

    def write(part: list[dict]) -> bytes:
        data = json.dumps({"head": {"vars": names}, "results": {"bindings": part}}).encode()
        if media == "application/sparql-results+json" or RESULT_FORMATS[media] == ox.QueryResultsFormat.JSON:
            return data
        # Other formats go through pyoxigraph's own writers, from the capped rows.
        parsed = ox.parse_query_results(data, ox.QueryResultsFormat.JSON)
        return parsed.serialize(format=RESULT_FORMATS[media]) or b""  # bytes without an output

    body, kept, cut = _fit(rows, write, job.max_bytes)
    return QueryAnswer(_xml_safe(body, media), media, kept, cut or truncated)


def _fit(items: list, write, max_bytes: int) -> tuple[bytes, int, str | None]:
    """Serialize as many leading items as fit in ``max_bytes``."""
    body = write(items)
    if len(body) <= max_bytes:
        return body, len(items), None
    count = len(items)
    while count > 0 and len(body) > max_bytes:
        count = min(count - 1, int(count * max_bytes / len(body) * 0.95))
        body = write(items[: max(count, 0)])
    return body, max(count, 0), "bytes"


def _term_json(term: ox.NamedNode | ox.BlankNode | ox.Literal | ox.Triple) -> dict:
    if isinstance(term, ox.NamedNode):
        return {"type": "uri", "value": term.value}
    if isinstance(term, ox.BlankNode):
        return {"type": "bnode", "value": term.value}
    if isinstance(term, ox.Literal):
        out = {"type": "literal", "value": term.value}
        if term.language:
            out["xml:lang"] = term.language
        elif term.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = term.datatype.value
        return out
    return {"type": "triple", "value": {k: _term_json(getattr(term, k)) for k in ("subject", "predicate", "object")}}


def _syntax_message(message: str) -> str:
    """The parser's message, with an undeclared prefix said in words (pyoxigraph buries it in a token list)."""
    if "Prefix not found" in message:
        where = message.split(":", 1)[0]
        return f"{where}: unknown prefix: declare it with PREFIX (this endpoint predeclares none)"
    return message
