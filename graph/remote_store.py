"""A patentnav store on any SPARQL 1.1 endpoint: ``sparql+http(s)://host:port/path``.

Queries go through the SPARQL 1.1 Protocol, writes through SPARQL 1.1 Update and, for bulk
loads, the SPARQL 1.1 Graph Store HTTP Protocol (GSP), in batches with retries on
transient failures (connection errors, timeouts, HTTP 429/502/503/504). Results are parsed
into pyoxigraph's own types, so callers cannot tell the backends apart.

The store URL names the query endpoint; options ride in its query string:

``update=PATH_OR_URL``
    the SPARQL Update endpoint (default: the query endpoint, as Virtuoso and GraphDB do);
``gsp=PATH_OR_URL``
    the Graph Store Protocol endpoint for bulk loads (default: none, loads are sent as
    batched ``INSERT DATA`` updates);
``gsp_graph_param=NAME``
    the GSP graph parameter (default ``graph``, the standard; Virtuoso also takes it);
``batch=N``
    triples per request (default 20000); ``timeout=SECONDS`` (default 300);
    ``retries=N`` (default 4);
``auth=basic|digest``
    with ``user:password@`` in the URL (Virtuoso's ``/sparql-auth`` wants digest).

Examples::

    sparql+http://127.0.0.1:8890/sparql?gsp=/sparql-graph-crud                     # Virtuoso
    sparql+http://dba:secret@127.0.0.1:8890/sparql-auth?auth=digest&gsp=/sparql-graph-crud-auth
    sparql+http://localhost:3030/patents/query?update=/patents/update&gsp=/patents/data   # Fuseki

The module stays whole: most of it is :class:`RemoteStore`, the backend's every
:class:`~patentnav.graph.store.PatentStore` method over the three protocols, with the URL options that open
it.

>>> store = open_remote("sparql+http://127.0.0.1:1/sparql?gsp=/data&batch=10")
>>> store.endpoint, store.gsp_endpoint, store.batch_size
('http://127.0.0.1:1/sparql', 'http://127.0.0.1:1/data', 10)
"""

from __future__ import annotations

import contextlib
import time
import uuid
from collections import defaultdict
from collections.abc import Callable, Iterable, Iterator, Mapping
from typing import Any
from urllib.parse import parse_qs, unquote, urlencode, urljoin, urlparse, urlunparse

import httpx
import pyoxigraph as ox

from patentnav.graph.sparql_text import declares_base, query_form, written_graphs
from patentnav.graph.store import Binding, PatentStore, QueryResult, StoreError, StoreURLError, _iri, bind_variables
from patentnav.ontology import sparql_prefixes

__all__ = ["SYSTEM_GRAPH_PREFIXES", "RemoteStore", "StorePermissionError", "open_remote", "query_form"]

#: Graphs engines keep for themselves (Virtuoso's quad-map schema, LDP vocabulary, its
#: service description). They are hidden from ``named_graphs``, ``is_empty`` and ``len``;
#: queries over the union default graph still see them.
SYSTEM_GRAPH_PREFIXES: tuple[str, ...] = (
    "http://www.openlinksw.com/schemas/virtrdf#",
    "http://www.w3.org/ns/ldp#",
    "http://localuriqaserver/",
    "http://www.w3.org/2002/07/owl#",
    "urn:activitystreams-owl:map",
)

_RESULTS_JSON = "application/sparql-results+json"
_NTRIPLES = "application/n-triples"
_TRANSIENT_STATUS = {429, 502, 503, 504}
_FORM = {"Content-Type": "application/x-www-form-urlencoded"}


class StorePermissionError(StoreError):
    """The endpoint refused the credentials or the operation (HTTP 401/403)."""


def open_remote(url: str, *, read_only: bool = False) -> RemoteStore:
    """Open a ``sparql+http(s)://`` store URL (see the module docstring for its options)."""
    parsed = urlparse(url)
    if parsed.scheme not in ("sparql+http", "sparql+https") or not parsed.hostname:
        raise StoreURLError(f"not a SPARQL endpoint URL: {url!r} (use sparql+http://host:port/path)")
    options = {k: v[-1] for k, v in parse_qs(parsed.query).items()}
    known = {"update", "gsp", "gsp_graph_param", "batch", "timeout", "retries", "auth"}
    unknown = sorted(set(options) - known)
    if unknown:
        raise StoreURLError(f"unknown option(s) {', '.join(unknown)} in store URL; known: {', '.join(sorted(known))}")
    scheme = parsed.scheme.removeprefix("sparql+")
    netloc = parsed.hostname + (f":{parsed.port}" if parsed.port else "")
    if ":" in parsed.hostname:  # IPv6 literal
        netloc = f"[{parsed.hostname}]" + (f":{parsed.port}" if parsed.port else "")
    endpoint = urlunparse((scheme, netloc, parsed.path or "/", "", "", ""))
    auth: httpx.Auth | None = None
    if parsed.username is not None:
        user, password = unquote(parsed.username), unquote(parsed.password or "")
        kind = options.get("auth", "basic")
        if kind not in ("basic", "digest"):
            raise StoreURLError(f"auth={kind!r} in store URL: use basic or digest")
        auth = httpx.DigestAuth(user, password) if kind == "digest" else httpx.BasicAuth(user, password)
    try:
        batch = int(options.get("batch", 20000))
        timeout = float(options.get("timeout", 300))
        retries = int(options.get("retries", 4))
    except ValueError as exc:
        raise StoreURLError(f"bad number in store URL {url!r}: {exc}") from exc
    if batch < 1 or retries < 0 or timeout <= 0:
        raise StoreURLError("batch must be >= 1, retries >= 0 and timeout > 0 in the store URL")
    return RemoteStore(
        url=_redacted(url),
        endpoint=endpoint,
        update_endpoint=urljoin(endpoint, options["update"]) if "update" in options else endpoint,
        gsp_endpoint=urljoin(endpoint, options["gsp"]) if "gsp" in options else None,
        gsp_graph_param=options.get("gsp_graph_param", "graph"),
        batch_size=batch,
        timeout=timeout,
        retries=retries,
        auth=auth,
        read_only=read_only,
    )


def _redacted(url: str) -> str:
    """The URL without its password, for messages."""
    parsed = urlparse(url)
    if parsed.password is None:
        return url
    netloc = parsed.netloc.replace(f":{parsed.password}@", ":***@", 1)
    return urlunparse(parsed._replace(netloc=netloc))


class RemoteStore(PatentStore):
    """A store behind a SPARQL 1.1 endpoint. Use :func:`patentnav.graph.store.open_store`."""

    def __init__(
        self,
        *,
        url: str,
        endpoint: str,
        update_endpoint: str,
        gsp_endpoint: str | None = None,
        gsp_graph_param: str = "graph",
        batch_size: int = 20000,
        timeout: float = 300.0,
        retries: int = 4,
        auth: httpx.Auth | None = None,
        read_only: bool = False,
        backoff: float = 0.5,
        transport: httpx.BaseTransport | None = None,
    ) -> None:
        self.url = url
        self.read_only = read_only
        self.endpoint = endpoint
        self.update_endpoint = update_endpoint
        self.gsp_endpoint = gsp_endpoint
        self.gsp_graph_param = gsp_graph_param
        self.batch_size = batch_size
        self.retries = retries
        self.backoff = backoff
        self._client = httpx.Client(
            auth=auth, timeout=httpx.Timeout(timeout, connect=10.0), transport=transport, follow_redirects=False
        )

    def __repr__(self) -> str:
        return f"RemoteStore(url={self.url!r})"

    # -------------------------------------------------------------- HTTP

    def _send(self, what: str, make: Callable[[], httpx.Request]) -> httpx.Response:
        """Send a request, retrying transient failures with exponential backoff."""
        last = ""
        for attempt in range(self.retries + 1):
            if attempt:
                time.sleep(self.backoff * 2 ** (attempt - 1))
            try:
                response = self._client.send(make())
            except (httpx.TransportError, httpx.TimeoutException) as exc:
                last = f"{type(exc).__name__}: {exc}"
                continue
            if response.status_code in _TRANSIENT_STATUS:
                last = f"HTTP {response.status_code}"
                continue
            if response.status_code in (401, 403):
                raise StorePermissionError(
                    f"{what} refused by {self.url} (HTTP {response.status_code}): check the user and password in "
                    "the store URL (sparql+http://user:password@host/…, auth=digest for Virtuoso's /sparql-auth) "
                    "and that this user may run SPARQL updates and write graphs"
                )
            if response.status_code >= 400:
                detail = " ".join(response.text.split())[:500]
                if response.status_code == 400 and "syntax" in detail.lower():
                    raise SyntaxError(f"{what} rejected by {self.url}: {detail}")
                raise StoreError(f"{what} failed at {self.url} (HTTP {response.status_code}): {detail}")
            if "x-sql-state" in response.headers:
                # Virtuoso's "anytime" answers: a time limit was hit and the result is partial.
                raise StoreError(
                    f"{what} at {self.url} returned a partial result ({response.headers.get('x-sql-message', '')}"
                    "): raise the endpoint's time limit (Virtuoso: MaxQueryExecutionTime) or narrow the query"
                )
            return response
        raise StoreError(f"{what} failed at {self.url} after {self.retries + 1} attempts: {last}")

    def _post_update(self, sparql: str, what: str = "update") -> None:
        self._check_writable()
        self._send(
            what,
            lambda: self._client.build_request(
                "POST",
                self.update_endpoint,
                content=urlencode({"update": sparql}).encode(),
                headers={"Accept": "*/*", **_FORM},
            ),
        )

    # -------------------------------------------------------------- reading

    def query(
        self,
        sparql: str,
        *,
        substitutions: Mapping[str, Binding] | None = None,
        default_graph: list[str] | None = None,
        named_graphs: list[str] | None = None,
        prefixes: bool = False,
        base_iri: str | None = None,
    ) -> QueryResult:
        """See :meth:`patentnav.graph.store.PatentStore.query`.

        An empty ``default_graph`` list means the store's unnamed default graph, as for
        the embedded store; remote engines spell it differently, so it is sent as a graph
        IRI nobody uses, leaving the default graph empty.
        """
        if prefixes:
            sparql = sparql_prefixes() + sparql
        if substitutions:
            sparql = bind_variables(sparql, substitutions)
        if base_iri and not declares_base(sparql):  # Virtuoso refuses a second BASE
            sparql = f"BASE <{_iri(base_iri)}>\n{sparql}"
        form = query_form(sparql)
        params: list[tuple[str, str]] = [("query", sparql)]
        if default_graph is not None:
            params += [("default-graph-uri", g) for g in default_graph or ["urn:patentnav:no-default-graph"]]
        if named_graphs is not None:
            params += [("named-graph-uri", g) for g in named_graphs or ["urn:patentnav:no-named-graph"]]
        accept = _NTRIPLES if form in ("CONSTRUCT", "DESCRIBE") else _RESULTS_JSON
        response = self._send(
            "query",
            lambda: self._client.build_request(
                "POST", self.endpoint, content=urlencode(params).encode(), headers={"Accept": accept, **_FORM}
            ),
        )
        content_type = response.headers.get("content-type", "").split(";")[0].strip()
        try:
            if form in ("CONSTRUCT", "DESCRIBE"):
                return _as_query_triples(response.content, content_type)
            return ox.parse_query_results(response.content, _results_format(content_type))
        except (SyntaxError, ValueError) as exc:
            kind = content_type or "no content type"
            raise StoreError(f"cannot read the answer of {self.url} ({kind}): {exc}") from exc

    def _graph_filter(self) -> str:
        return " && ".join(f'!STRSTARTS(STR(?g), "{p}")' for p in SYSTEM_GRAPH_PREFIXES)

    def named_graphs(self) -> list[str]:
        """IRIs of the named graphs, without the engine's own system graphs."""
        rows = self.query(f"SELECT DISTINCT ?g WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({self._graph_filter()}) }}")
        assert isinstance(rows, ox.QuerySolutions)
        return sorted(row["g"].value for row in rows if isinstance(row["g"], ox.NamedNode))

    def has_graph(self, graph: str) -> bool:
        """Whether a named graph with this IRI holds any triple (SPARQL engines drop empty graphs)."""
        return bool(self.query("ASK { GRAPH ?g { ?s ?p ?o } }", substitutions={"g": ox.NamedNode(graph)}))

    def is_empty(self) -> bool:
        """True when no graph but the engine's system graphs holds a triple."""
        return not bool(self.query(f"ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({self._graph_filter()}) }}"))

    def __len__(self) -> int:
        rows = self.query(f"SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH ?g {{ ?s ?p ?o }} FILTER({self._graph_filter()}) }}")
        assert isinstance(rows, ox.QuerySolutions)
        return int(next(iter(rows))["n"].value)

    def quads_for_pattern(
        self,
        subject: ox.NamedNode | ox.BlankNode | None = None,
        predicate: ox.NamedNode | None = None,
        object: ox.NamedNode | ox.Literal | None = None,
        graph: ox.NamedNode | None = None,
    ) -> Iterator[ox.Quad]:
        """Quads in named graphs matching a pattern, by one SELECT with the bound terms as VALUES."""
        terms = {"s": subject, "p": predicate, "o": object, "g": graph}
        bound = {name: term for name, term in terms.items() if term is not None}
        if any(isinstance(term, ox.BlankNode) for term in bound.values()):
            raise StoreError("a remote store cannot look up blank nodes by label")
        values = ""
        if bound:
            names = " ".join(f"?{name}" for name in bound)
            values = f"VALUES ({names}) {{ ({' '.join(str(t) for t in bound.values())}) }} "
        rows = self.query(
            f"SELECT ?s ?p ?o ?g WHERE {{ {values}GRAPH ?g {{ ?s ?p ?o }} FILTER({self._graph_filter()}) }}"
        )
        assert isinstance(rows, ox.QuerySolutions)
        for row in rows:
            yield ox.Quad(row["s"], row["p"], row["o"], row["g"])

    # -------------------------------------------------------------- writing

    def replace_graph(self, graph: str, quads: Iterable[ox.Quad]) -> None:
        """Replace a graph's content.

        One batch goes as one GSP ``PUT`` (or one ``DROP``+``INSERT DATA`` request),
        which the endpoint applies atomically. More is loaded into a fresh staging graph
        first and then moved over the target with ``MOVE``, so readers never see a
        half-loaded graph and a failed load leaves the target untouched.
        """
        self._check_writable()
        triples = [q.triple for q in quads]
        target = _iri(graph)
        self._written({graph})  # before the writes: a failure half-way leaves the tables marked stale
        if len(triples) <= self.batch_size:
            if self.gsp_endpoint:
                self._gsp("PUT", target, triples)
            else:
                self._post_update(
                    f"DROP SILENT GRAPH <{target}> ;\nINSERT DATA {{ GRAPH <{target}> {{\n{_nt(triples)}\n}} }}",
                    f"replacing graph {target}",
                )
            return
        staging = f"urn:patentnav:staging:{uuid.uuid4()}"
        try:
            self._load(staging, triples)
            self._post_update(f"MOVE SILENT GRAPH <{staging}> TO GRAPH <{target}>", f"moving the load into {target}")
        except BaseException:
            with contextlib.suppress(StoreError):
                self._post_update(f"DROP SILENT GRAPH <{staging}>", "dropping the staging graph")
            raise

    def add_quads(self, quads: Iterable[ox.Quad]) -> None:
        """Add quads; one request per graph and batch (atomic per request, not across batches)."""
        self._check_writable()
        groups = _by_graph(quads)
        self._written(set(groups))
        for graph, triples in groups.items():
            self._load(graph, triples)

    def bulk_add(self, quads: Iterable[ox.Quad]) -> None:
        """Add many quads in batches (GSP ``POST`` when configured), streaming the input."""
        self._check_writable()
        pending: dict[str, list[ox.Triple]] = defaultdict(list)
        touched: set[str] = set()
        for quad in quads:
            graph = _graph_name(quad.graph_name)
            if graph not in touched:
                touched.add(graph)
                self._written({graph})
            pending[graph].append(quad.triple)
            if len(pending[graph]) >= self.batch_size:
                self._load(graph, pending.pop(graph))
        for graph, triples in pending.items():
            self._load(graph, triples)
        self._written(touched)

    def _load(self, graph: str, triples: list[ox.Triple]) -> None:
        for start in range(0, len(triples), self.batch_size):
            chunk = triples[start : start + self.batch_size]
            if self.gsp_endpoint:
                self._gsp("POST", graph, chunk)
            else:
                self._post_update(f"INSERT DATA {{ GRAPH <{_iri(graph)}> {{\n{_nt(chunk)}\n}} }}", f"loading {graph}")

    def _gsp(self, method: str, graph: str, triples: list[ox.Triple]) -> None:
        endpoint = self.gsp_endpoint
        assert endpoint is not None  # called only when the store has a Graph Store endpoint
        body = _nt(triples).encode("utf-8")
        self._send(
            f"{'replacing' if method == 'PUT' else 'loading'} graph {graph}",
            lambda: self._client.build_request(
                method,
                endpoint,
                params={self.gsp_graph_param: graph},
                content=body,
                headers={"Content-Type": _NTRIPLES},
            ),
        )

    def remove_graph(self, graph: str) -> bool:
        """Remove a named graph; return whether it existed."""
        self._check_writable()
        if not self.has_graph(graph):
            return False
        self._post_update(f"DROP SILENT GRAPH <{_iri(graph)}>", f"dropping graph {graph}")
        self._written({graph})
        return True

    def update(self, sparql: str, *, base_iri: str | None = None) -> None:
        """Run a SPARQL Update through the update endpoint (its WHERE reads the engine's default graph)."""
        self._post_update(f"BASE <{_iri(base_iri)}>\n{sparql}" if base_iri and not declares_base(sparql) else sparql)
        self._written(written_graphs(sparql))

    def close(self) -> None:
        """Close the HTTP connections."""
        self._client.close()


def _graph_name(term: Any) -> str:
    if isinstance(term, ox.NamedNode):
        return term.value
    raise StoreError("remote stores take quads in named graphs only (patentnav never writes the default graph)")


def _by_graph(quads: Iterable[ox.Quad]) -> dict[str, list[ox.Triple]]:
    grouped: dict[str, list[ox.Triple]] = defaultdict(list)
    for quad in quads:
        grouped[_graph_name(quad.graph_name)].append(quad.triple)
    return grouped


def _nt(triples: Iterable[ox.Triple]) -> str:
    return "\n".join(f"{t.subject} {t.predicate} {t.object} ." for t in triples)


def _results_format(content_type: str) -> ox.QueryResultsFormat:
    return {
        "application/sparql-results+xml": ox.QueryResultsFormat.XML,
        "text/csv": ox.QueryResultsFormat.CSV,
        "text/tab-separated-values": ox.QueryResultsFormat.TSV,
    }.get(content_type, ox.QueryResultsFormat.JSON)


def _as_query_triples(body: bytes, content_type: str) -> ox.QueryTriples:
    """Graph results as pyoxigraph's ``QueryTriples`` (through a scratch in-memory store)."""
    fmt = ox.RdfFormat.from_media_type(content_type) if content_type else None
    scratch = ox.Store()
    scratch.bulk_extend(
        ox.Quad(t.subject, t.predicate, t.object, ox.DefaultGraph())
        for t in ox.parse(body, fmt or ox.RdfFormat.N_TRIPLES)
    )
    result = scratch.query("CONSTRUCT WHERE { ?s ?p ?o }")
    assert isinstance(result, ox.QueryTriples)
    return result
