"""SPARQL 1.1 Protocol endpoint (queries): GET, POST form and POST direct, results by content negotiation.

Read-only: updates, ``SERVICE`` and ``LOAD`` are refused before the engine sees the query.
"""

from __future__ import annotations

from typing import Annotated
from urllib.parse import parse_qs

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response

from patentnav.api.deps import SettingsDep, StoreDep
from patentnav.api.negotiation import GRAPH_FORMATS, RESULT_FORMATS, best_match
from patentnav.api.problems import Problem
from patentnav.api.sparql_guard import refusal
from patentnav.graph.store import PatentStore
from patentnav.settings import Settings

router = APIRouter(tags=["sparql"])

_QUERY_DOC = "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)."
_SPARQL_QUERY_TYPE = "application/sparql-query"
_FORM_TYPE = "application/x-www-form-urlencoded"


def _run(
    store: PatentStore,
    settings: Settings,
    query: str,
    accept: str | None,
    default_graphs: list[str],
    named_graphs: list[str],
) -> Response:
    if not query.strip():
        raise Problem(400, "Missing query", "send a SPARQL query in the 'query' parameter or the request body")
    if len(query) > settings.max_query_length:
        raise Problem(
            413, "Query too long", f"the query has {len(query)} characters; the limit is {settings.max_query_length}"
        )
    reason = refusal(query)
    if reason:
        raise Problem(403 if "read-only" in reason else 400, "Query refused", reason)
    try:
        result = store.query(
            query,
            default_graph=default_graphs or None,
            named_graphs=named_graphs or None,
        )
    except SyntaxError as exc:
        raise Problem(400, "SPARQL syntax error", str(exc)) from exc
    except (OSError, RuntimeError, ValueError) as exc:
        raise Problem(400, "Query failed", str(exc)) from exc

    if isinstance(result, ox.QueryTriples):
        media = best_match(accept, list(GRAPH_FORMATS))
        if media is None:
            raise Problem(406, "Not acceptable", f"graph results are available as {', '.join(GRAPH_FORMATS)}")
        body = result.serialize(format=GRAPH_FORMATS[media])
        return Response(body, media_type=media)

    media = best_match(accept, list(RESULT_FORMATS))
    if media is None:
        raise Problem(406, "Not acceptable", f"results are available as {', '.join(RESULT_FORMATS)}")
    if isinstance(result, ox.QuerySolutions):
        result = _capped(result, settings.max_results)
    body = result.serialize(format=RESULT_FORMATS[media])
    return Response(body, media_type=media)


def _capped(solutions: ox.QuerySolutions, cap: int) -> ox.QuerySolutions:
    rows = []
    for row in solutions:
        if len(rows) >= cap:
            raise Problem(
                400,
                "Result too large",
                f"the query returns more than {cap} rows; add LIMIT or narrow it down",
            )
        rows.append(row)
    # Re-serialize the kept rows through pyoxigraph's own JSON writer for every format.
    variables = solutions.variables
    data = _solutions_json(variables, rows)
    return ox.parse_query_results(data, ox.QueryResultsFormat.JSON)


def _solutions_json(variables: list[ox.Variable], rows: list[ox.QuerySolution]) -> bytes:
    import json

    def term(t: object) -> dict[str, str]:
        if isinstance(t, ox.NamedNode):
            return {"type": "uri", "value": t.value}
        if isinstance(t, ox.BlankNode):
            return {"type": "bnode", "value": t.value}
        assert isinstance(t, ox.Literal)
        out = {"type": "literal", "value": t.value}
        if t.language:
            out["xml:lang"] = t.language
        elif t.datatype.value != "http://www.w3.org/2001/XMLSchema#string":
            out["datatype"] = t.datatype.value
        return out

    names = [v.value for v in variables]
    bindings = [{n: term(row[n]) for n in names if row[n] is not None} for row in rows]
    return json.dumps({"head": {"vars": names}, "results": {"bindings": bindings}}).encode()


@router.get(
    "/sparql",
    summary="SPARQL query (GET)",
    response_class=Response,
    responses={200: {"content": {m: {} for m in [*RESULT_FORMATS, *GRAPH_FORMATS]}}},
)
def sparql_get(
    request: Request,
    store: StoreDep,
    settings: SettingsDep,
    query: Annotated[str | None, Query(description=_QUERY_DOC)] = None,
    default_graph_uri: Annotated[list[str] | None, Query(alias="default-graph-uri")] = None,
    named_graph_uri: Annotated[list[str] | None, Query(alias="named-graph-uri")] = None,
) -> Response:
    """Run a query given as the ``query`` parameter; without one, browsers get the query page."""
    if query is None:
        if "text/html" in (request.headers.get("accept") or ""):
            return HTMLResponse(_QUERY_PAGE)
        raise Problem(400, "Missing query", "send a SPARQL query in the 'query' parameter")
    return _run(store, settings, query, request.headers.get("accept"), default_graph_uri or [], named_graph_uri or [])


@router.post(
    "/sparql",
    summary="SPARQL query (POST form or direct)",
    response_class=Response,
    openapi_extra={
        "requestBody": {
            "content": {
                _FORM_TYPE: {"schema": {"type": "object", "properties": {"query": {"type": "string"}}}},
                _SPARQL_QUERY_TYPE: {"schema": {"type": "string"}},
            }
        }
    },
)
async def sparql_post(request: Request, store: StoreDep, settings: SettingsDep) -> Response:
    """Run a query sent as a form field ``query`` or directly as ``application/sparql-query``."""
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    raw = await request.body()
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "Invalid encoding", "the request body is not UTF-8") from exc
    default_graphs = request.query_params.getlist("default-graph-uri")
    named_graphs = request.query_params.getlist("named-graph-uri")
    if content_type == _SPARQL_QUERY_TYPE:
        query = text
    elif content_type == _FORM_TYPE:
        form = parse_qs(text, keep_blank_values=True)
        if "update" in form:
            raise Problem(403, "Updates refused", "this endpoint is read-only: SPARQL Update is not accepted")
        query = (form.get("query") or [""])[0]
        default_graphs += form.get("default-graph-uri", [])
        named_graphs += form.get("named-graph-uri", [])
    elif content_type == "application/sparql-update":
        raise Problem(403, "Updates refused", "this endpoint is read-only: SPARQL Update is not accepted")
    else:
        raise Problem(
            415,
            "Unsupported media type",
            f"send {_FORM_TYPE} with a 'query' field or {_SPARQL_QUERY_TYPE}; got {content_type or 'nothing'}",
        )
    return _run(store, settings, query, request.headers.get("accept"), default_graphs, named_graphs)


_QUERY_PAGE = """<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>patentnav SPARQL</title>
<style>body{font-family:sans-serif;margin:2em;max-width:70em}textarea{width:100%;height:16em;font-family:monospace}</style>
</head><body><h1>patentnav SPARQL endpoint</h1>
<p>Project prefixes are <em>not</em> predeclared here; write them in the query.</p>
<form method="get" action="/sparql"><textarea name="query">PREFIX pnav: &lt;https://w3id.org/patentnav/ontology#&gt;
PREFIX rdfs: &lt;http://www.w3.org/2000/01/rdf-schema#&gt;
SELECT ?industry ?label WHERE { ?industry a pnav:Industry ; rdfs:label ?label } ORDER BY ?label</textarea>
<p><label>Results as <select name="format" disabled><option>JSON</option></select></label>
<button type="submit">Run</button></p></form></body></html>
"""
