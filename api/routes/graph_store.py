"""``/graph-store``: the SPARQL 1.1 Graph Store HTTP Protocol on named graphs (``?graph=IRI``).

* ``GET`` serializes a named graph by content negotiation; reading needs no token.
* ``PUT`` (replace), ``POST`` (add) and ``DELETE`` (drop) need the update token, each in one
  transaction; the query workers then reopen the store.
* RDF/XML with a DOCTYPE or ENTITY declaration is refused (no external entities, no entity bombs).
"""

from __future__ import annotations

import re
from typing import Annotated, Any

import pyoxigraph as ox
from fastapi import APIRouter, Depends, Query, Request
from fastapi.responses import Response
from starlette.concurrency import run_in_threadpool

from patentnav.api.deps import StoreDep, get_query_pool
from patentnav.api.negotiation import GRAPH_FORMATS, best_match, xml_refusal
from patentnav.api.problems import Problem
from patentnav.api.security import require_update_token
from patentnav.graph.store import PatentStore

__all__ = ["router"]

router = APIRouter(tags=["sparql"])

_UPLOAD_FORMATS = {
    "text/turtle": ox.RdfFormat.TURTLE,
    "application/n-triples": ox.RdfFormat.N_TRIPLES,
    "application/rdf+xml": ox.RdfFormat.RDF_XML,
    "application/ld+json": ox.RdfFormat.JSON_LD,
}
_DOCTYPE = re.compile(rb"<!(DOCTYPE|ENTITY)", re.IGNORECASE)
_GraphParam = Annotated[str, Query(description="IRI of the named graph", min_length=1, max_length=2000)]


def _graph_iri(graph: str) -> str:
    try:
        return ox.NamedNode(graph).value
    except ValueError as exc:
        raise Problem(400, "Invalid graph IRI", f"'graph' must be an absolute IRI: {exc}") from exc


@router.get(
    "/graph-store",
    summary="Graph Store Protocol: read a named graph",
    response_class=Response,
    responses={200: {"content": {m: {} for m in GRAPH_FORMATS}}, 404: {"description": "No such graph"}},
)
def graph_store_get(request: Request, store: StoreDep, graph: _GraphParam) -> Response:
    """A named graph of the store, serialized by content negotiation (read-only access needs no token)."""
    iri = _graph_iri(graph)
    media = best_match(request.headers.get("accept"), list(GRAPH_FORMATS))
    if media is None:
        raise Problem(406, "Not acceptable", f"graphs are available as {', '.join(GRAPH_FORMATS)}")
    if not store.has_graph(iri):
        raise Problem(404, "Not found", f"no named graph <{iri}>")
    triples = [
        ox.Triple(q.subject, q.predicate, q.object)
        for q in store.quads_for_pattern(None, None, None, ox.NamedNode(iri))
    ]
    body = ox.serialize(triples, format=GRAPH_FORMATS[media]) or b""
    refused = xml_refusal(body, media)
    if refused:
        raise Problem(406, "Not acceptable", refused)
    return Response(body, media_type=media)


async def _graph_store_write(request: Request, store: PatentStore, graph: str, replace: bool) -> Response:
    iri = _graph_iri(graph)
    content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
    if content_type not in _UPLOAD_FORMATS:
        raise Problem(
            415, "Unsupported media type", f"send one of {', '.join(_UPLOAD_FORMATS)}; got {content_type or 'nothing'}"
        )
    data = await request.body()
    if content_type == "application/rdf+xml" and _DOCTYPE.search(data):
        # No DTDs at all: that rules out external entities (XXE) and entity expansion bombs.
        raise Problem(
            400, "Refused RDF/XML", "RDF/XML with a DOCTYPE or ENTITY declaration is refused (no external entities)"
        )
    try:
        count = await run_in_threadpool(
            store.load_graph, iri, data, format=_UPLOAD_FORMATS[content_type], replace=replace
        )
    except (SyntaxError, ValueError) as exc:
        raise Problem(400, "Invalid RDF", str(exc)) from exc
    store.flush()
    get_query_pool(request).refresh()
    return Response(status_code=201 if replace else 204, headers={"Patentnav-Triples": str(count)})


_WRITE_DOC: dict[str, Any] = {
    "dependencies": [Depends(require_update_token)],
    "response_class": Response,
    "responses": {
        201: {"description": "Graph replaced"},
        204: {"description": "Triples added"},
        401: {"description": "No valid bearer token (problem details)"},
        403: {"description": "Read-only server (problem details)"},
        415: {"description": "Unsupported RDF media type (problem details)"},
    },
    "openapi_extra": {"requestBody": {"content": {m: {"schema": {"type": "string"}} for m in _UPLOAD_FORMATS}}},
}


@router.put(
    "/graph-store", summary="Graph Store Protocol: replace a named graph (needs the update token)", **_WRITE_DOC
)
async def graph_store_put(request: Request, store: StoreDep, graph: _GraphParam) -> Response:
    """Replace the named graph with the RDF in the body, atomically."""
    return await _graph_store_write(request, store, graph, replace=True)


@router.post(
    "/graph-store", summary="Graph Store Protocol: add to a named graph (needs the update token)", **_WRITE_DOC
)
async def graph_store_post(request: Request, store: StoreDep, graph: _GraphParam) -> Response:
    """Add the RDF in the body to the named graph, atomically."""
    return await _graph_store_write(request, store, graph, replace=False)


@router.delete(
    "/graph-store",
    summary="Graph Store Protocol: drop a named graph (needs the update token)",
    status_code=204,
    response_class=Response,
    dependencies=[Depends(require_update_token)],
    responses={
        404: {"description": "No such graph"},
        401: {"description": "No valid token"},
        403: {"description": "Read-only"},
    },
)
def graph_store_delete(request: Request, store: StoreDep, graph: _GraphParam) -> Response:
    """Remove the named graph."""
    if not store.remove_graph(_graph_iri(graph)):
        raise Problem(404, "Not found", f"no named graph <{graph}>")
    store.flush()
    get_query_pool(request).refresh()
    return Response(status_code=204)
