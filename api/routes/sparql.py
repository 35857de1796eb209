"""SPARQL 1.1 Protocol endpoint: GET, POST form and POST direct, answers by content negotiation.

* Queries run in the bounded query pool (:mod:`patentnav.api.query_pool`) with a timeout
  and row/byte caps; the caps are stated in ``Patentnav-Result-Limit`` and a cut answer
  carries ``Patentnav-Result-Truncated``.
* Read-only unless the server has an update token: then SPARQL Update (POST
  ``application/sparql-update`` or form field ``update``) is accepted with
  ``Authorization: Bearer <token>``, compared in constant time.
* ``SERVICE`` and ``LOAD`` are refused always (the server never fetches a URL).
* ``GET /sparql`` without a query answers the Service Description, or the query page
  (:mod:`patentnav.api.query_page`) to browsers.

The Graph Store Protocol is :mod:`patentnav.api.routes.graph_store`; the query page's files are
served by :mod:`patentnav.api.routes.sparql_ui`. :func:`sparql_router` builds this endpoint's
router (``router`` is one), so another app can mount the same endpoint.
"""

from __future__ import annotations

import functools
from collections.abc import Callable
from typing import Annotated, Any
from urllib.parse import parse_qs, parse_qsl

import pyoxigraph as ox
from fastapi import APIRouter, Query, Request
from fastapi.responses import HTMLResponse, Response
from starlette.concurrency import run_in_threadpool

from patentnav.api.client_id import Network, client_id, parse_networks
from patentnav.api.deps import SettingsDep, StoreDep, get_query_pool
from patentnav.api.negotiation import GRAPH_FORMATS, RESULT_FORMATS, best_match
from patentnav.api.problems import Problem
from patentnav.api.query_page import query_page as default_query_page
from patentnav.api.security import UPDATE_TOKEN, UpdateCredentials
from patentnav.api.service_description import describe
from patentnav.api.sparql_exec import QueryFailure, QueryJob, acceptable_at_all
from patentnav.api.sparql_guard import refusal
from patentnav.api.update_guard import check_update
from patentnav.graph.sparql_text import modifies_without_dataset, with_dataset
from patentnav.graph.store import PatentStore, StoreError
from patentnav.settings import Settings

__all__ = ["router", "sparql_router"]

_QUERY_DOC = "A SPARQL 1.1 query (SELECT, ASK, CONSTRUCT or DESCRIBE)."
_SPARQL_QUERY_TYPE = "application/sparql-query"
_SPARQL_UPDATE_TYPE = "application/sparql-update"
_FORM_TYPE = "application/x-www-form-urlencoded"
_ANSWER_TYPES = [*RESULT_FORMATS, *GRAPH_FORMATS]
_PROBLEM_RESPONSES: dict[int | str, dict[str, Any]] = {
    400: {"description": "Malformed or refused query (problem details)"},
    406: {"description": "No acceptable result format (problem details)"},
    413: {"description": "Query or body too large (problem details)"},
    429: {"description": "Too many queries from this client at once (problem details, Retry-After)"},
    503: {"description": "Query timed out or server busy (problem details)"},
}


def _answer(request: Request, settings: Settings, query: str, default_graphs: list[str], named: list[str]) -> Response:
    if not query.strip():
        raise Problem(400, "Missing query", "send a SPARQL query in the 'query' parameter or the request body")
    if len(query) > settings.max_query_length:
        raise Problem(
            413, "Query too long", f"the query has {len(query)} characters; the limit is {settings.max_query_length}"
        )
    refused = refusal(query)
    if refused:
        raise Problem(refused.status, refused.title, refused.reason)
    accept = request.headers.get("accept")
    if not acceptable_at_all(accept):
        raise Problem(406, "Not acceptable", f"answers are available as {', '.join(_ANSWER_TYPES)}")
    job = QueryJob(
        query,
        accept=accept,
        default_graphs=default_graphs,
        named_graphs=named,
        max_rows=settings.max_results,
        max_bytes=settings.max_result_bytes,
        base_iri=_endpoint(request),
    )
    try:
        answer = get_query_pool(request).run(job, client=_client(request, settings))
    except QueryFailure as exc:
        headers = {"Retry-After": "5"} if exc.status in (429, 503) else None
        raise Problem(exc.status, exc.title, exc.detail, headers=headers) from exc
    headers = {
        "Patentnav-Result-Limit": f"rows={settings.max_results}, bytes={settings.max_result_bytes}",
        "Vary": "Accept",
    }
    if answer.truncated:
        headers["Patentnav-Result-Truncated"] = f"{answer.truncated}; kept={answer.rows}"
    return Response(answer.body, media_type=answer.media_type, headers=headers)


def _endpoint(request: Request) -> str:
    """The endpoint's own URL: the base IRI of relative IRIs in queries and updates."""
    return str(request.url.replace(query=None, fragment=None))


@functools.lru_cache(maxsize=8)
def _networks(values: tuple[str, ...]) -> list[Network]:
    return parse_networks(values)


def _client(request: Request, settings: Settings) -> str:
    """The client a query is queued and capped for (see :mod:`patentnav.api.client_id`)."""
    trusted = _networks(tuple(settings.trusted_proxies))
    peer = request.client.host if request.client else None
    return client_id(peer, request.headers.get("x-forwarded-for"), trusted)


def _update(
    request: Request,
    store: PatentStore,
    settings: Settings,
    credentials: UpdateCredentials,
    update: str,
    using: list[str] | None = None,
    using_named: list[str] | None = None,
) -> Response:
    """Apply an update: parsed, its cost checked (:mod:`patentnav.api.update_guard`), then run in one transaction.

    ``using`` / ``using_named`` are the protocol's ``using-graph-uri`` / ``using-named-graph-uri``: the
    dataset of every modify operation; an operation naming its own (USING, WITH) is then a 400.
    """
    UPDATE_TOKEN.check(settings, credentials, f"{request.method} {request.url.path}")
    if not update.strip():
        raise Problem(400, "Missing update", "send a SPARQL Update in the 'update' field or the request body")
    if len(update) > settings.max_query_length:
        raise Problem(
            413, "Update too long", f"the update has {len(update)} characters; the limit is {settings.max_query_length}"
        )
    refused = refusal(update, update=True)
    if refused:
        raise Problem(refused.status, refused.title, refused.reason)
    base = _endpoint(request)
    if using or using_named:
        _check_dataset_iris([*(using or []), *(using_named or [])])
        if modifies_without_dataset(update)[1]:
            raise Problem(
                400,
                "Conflicting dataset",
                "the update names its own dataset (USING or WITH) and the request sends using-graph-uri or "
                "using-named-graph-uri: send one or the other; nothing was applied",
            )
        update = with_dataset(update, using or [], using_named or [])
    try:
        ox.Store().update(update, base_iri=base)  # parse only: a syntax error is reported before any work
    except SyntaxError as exc:
        raise Problem(400, "SPARQL syntax error", str(exc)) from exc
    except (OSError, ValueError, RuntimeError):
        pass  # evaluation errors on an empty store ("graph does not exist") say nothing about the real one
    pool = get_query_pool(request)
    check_update(update, pool, max_rows=settings.max_update_rows, base_iri=base, client=_client(request, settings))
    try:
        store.update(update, base_iri=base)
        store.flush()
    except SyntaxError as exc:
        raise Problem(400, "SPARQL syntax error", str(exc)) from exc
    except RuntimeError as exc:
        # pyoxigraph: an operation cannot run on the data as it is (DROP or CLEAR of a graph that does not exist,
        # CREATE of one that does). The update is one transaction, so none of its operations was applied.
        raise Problem(400, "Update failed", f"{exc}; nothing was applied") from exc
    except (OSError, ValueError, StoreError) as exc:
        raise Problem(400, "Update failed", str(exc)) from exc
    pool.refresh()
    return Response(status_code=204)


def _check_query_string(request: Request) -> None:
    """Refuse a URL query string that is not percent-encoded UTF-8 (GET and POST alike)."""
    try:
        parse_qsl(request.scope.get("query_string", b"").decode("latin-1"), encoding="utf-8", errors="strict")
    except UnicodeDecodeError as exc:
        raise Problem(400, "Invalid encoding", "the query string is not percent-encoded UTF-8") from exc


def _check_dataset_iris(graphs: list[str]) -> None:
    for graph in graphs:
        try:
            ox.NamedNode(graph)
        except ValueError as exc:
            raise Problem(400, "Invalid graph IRI", f"{graph!r} is not an absolute IRI: {exc}") from exc


def _service_description(request: Request, store: PatentStore, settings: Settings) -> Response:
    accept = request.headers.get("accept")
    media = best_match(accept, list(GRAPH_FORMATS))
    if media is None:
        raise Problem(406, "Not acceptable", f"the service description is available as {', '.join(GRAPH_FORMATS)}")
    endpoint = str(request.url.replace(query=None, fragment=None))
    turtle = describe(endpoint, store.named_graphs(), update=bool(settings.update_token))
    if media != "text/turtle":
        turtle = ox.serialize(ox.parse(turtle, ox.RdfFormat.TURTLE), format=GRAPH_FORMATS[media]) or b""
    return Response(turtle, media_type=media, headers={"Vary": "Accept"})


def _wants_html(accept: str | None) -> bool:
    return best_match(accept, ["text/turtle", "text/html"]) == "text/html" and "text/html" in (accept or "")


async def _read_text(request: Request) -> str:
    raw = await request.body()
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise Problem(400, "Invalid encoding", f"the request body is not UTF-8 (byte {exc.start})") from exc


def sparql_router(*, query_page: Callable[[], str] | None = default_query_page) -> APIRouter:
    """A router with the SPARQL 1.1 Protocol endpoint at ``/sparql`` (query, update, service description).

    ``query_page`` makes the HTML answered to browsers that ``GET /sparql`` without a query; with
    None they get the service description too.
    """
    router = APIRouter(tags=["sparql"])

    @router.get(
        "/sparql",
        summary="SPARQL query (GET); without a query: the service description, or the query UI for browsers",
        response_class=Response,
        responses={200: {"content": {m: {} for m in [*_ANSWER_TYPES, "text/html"]}}, **_PROBLEM_RESPONSES},
    )
    def sparql_get(
        request: Request,
        store: StoreDep,
        settings: SettingsDep,
        query: Annotated[str | None, Query(description=_QUERY_DOC)] = None,
        default_graph_uri: Annotated[
            list[str] | None, Query(alias="default-graph-uri", description="IRI of a graph in the default graph")
        ] = None,
        named_graph_uri: Annotated[
            list[str] | None, Query(alias="named-graph-uri", description="IRI of a named graph")
        ] = None,
    ) -> Response:
        """Run the query given as ``query``; without one, describe the service (or show the UI to browsers)."""
        _check_query_string(request)
        if "update" in request.query_params:
            raise Problem(400, "Update refused", "SPARQL Update is never accepted by GET; POST it")
        if len(request.query_params.getlist("query")) > 1:
            raise Problem(400, "Ambiguous request", "send exactly one 'query' parameter")
        if query is None and (default_graph_uri or named_graph_uri):
            raise Problem(400, "Missing query", "default-graph-uri and named-graph-uri need a 'query'")
        if query is None:
            if query_page is not None and _wants_html(request.headers.get("accept")):
                return HTMLResponse(query_page())
            return _service_description(request, store, settings)
        if len(query) > settings.max_query_length:
            raise Problem(
                414,
                "Query too long",
                f"the query has {len(query)} characters; the limit is {settings.max_query_length}",
            )
        return _answer(request, settings, query, default_graph_uri or [], named_graph_uri or [])

    @router.post(
        "/sparql",
        summary="SPARQL query (POST form or direct) or, with the update token, SPARQL Update",
        response_class=Response,
        responses={
            200: {"content": {m: {} for m in _ANSWER_TYPES}},
            204: {"description": "Update applied"},
            401: {"description": "Update without a valid bearer token (problem details)"},
            403: {"description": "Update on a read-only endpoint (problem details)"},
            415: {"description": "Unsupported request content type (problem details)"},
            **_PROBLEM_RESPONSES,
        },
        openapi_extra={
            "security": [{}],  # after updateToken: a query needs no token
            "requestBody": {
                "content": {
                    _FORM_TYPE: {
                        "schema": {
                            "type": "object",
                            "properties": {"query": {"type": "string"}, "update": {"type": "string"}},
                        }
                    },
                    _SPARQL_QUERY_TYPE: {"schema": {"type": "string"}},
                    _SPARQL_UPDATE_TYPE: {"schema": {"type": "string"}},
                }
            },
        },
    )
    async def sparql_post(
        request: Request, store: StoreDep, settings: SettingsDep, credentials: UpdateCredentials
    ) -> Response:
        """Run a query sent as form field ``query`` or as ``application/sparql-query``; or an update."""
        content_type = (request.headers.get("content-type") or "").split(";")[0].strip().lower()
        if content_type not in (_FORM_TYPE, _SPARQL_QUERY_TYPE, _SPARQL_UPDATE_TYPE):
            raise Problem(
                415,
                "Unsupported media type",
                f"send {_FORM_TYPE} with a 'query' or 'update' field, {_SPARQL_QUERY_TYPE} or {_SPARQL_UPDATE_TYPE}; "
                f"got {content_type or 'no Content-Type'}",
            )
        _check_query_string(request)
        misplaced = [name for name in ("query", "update") if name in request.query_params]
        if misplaced:
            # It would be left unread (the body is what a POST runs): refused, so that nothing is dropped unsaid.
            raise Problem(
                400,
                "Misplaced query",
                f"a POST carries its query or update in the body, not as '{misplaced[0]}' in the URL; "
                "use GET for a query in the URL",
            )
        text = await _read_text(request)
        default_graphs = request.query_params.getlist("default-graph-uri")
        named_graphs = request.query_params.getlist("named-graph-uri")
        using = request.query_params.getlist("using-graph-uri")
        using_named = request.query_params.getlist("using-named-graph-uri")
        if content_type == _SPARQL_UPDATE_TYPE:
            return await run_in_threadpool(_update, request, store, settings, credentials, text, using, using_named)
        if content_type == _FORM_TYPE:
            try:
                form = parse_qs(text, keep_blank_values=True, errors="strict")
            except UnicodeDecodeError as exc:
                raise Problem(400, "Invalid encoding", "the form body is not percent-encoded UTF-8") from exc
            if "update" in form and "query" in form:
                raise Problem(400, "Ambiguous request", "send either a 'query' or an 'update' field, not both")
            if len(form.get("update", [])) > 1:
                raise Problem(400, "Ambiguous request", "send exactly one 'update' field")
            if "update" in form:
                using += form.get("using-graph-uri", [])
                using_named += form.get("using-named-graph-uri", [])
                return await run_in_threadpool(
                    _update, request, store, settings, credentials, form["update"][0], using, using_named
                )
            queries = form.get("query") or [""]
            if len(queries) > 1:
                raise Problem(400, "Ambiguous request", "send exactly one 'query' field")
            query = queries[0]
            default_graphs += form.get("default-graph-uri", [])
            named_graphs += form.get("named-graph-uri", [])
        else:
            query = text
        return await run_in_threadpool(_answer, request, settings, query, default_graphs, named_graphs)

    return router


#: The endpoint as this app serves it (with the query page for browsers).
router = sparql_router()
