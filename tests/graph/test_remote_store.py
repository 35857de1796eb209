"""The sparql+http(s) store: URL options, retries, auth errors, and real loads and queries on Virtuoso."""

from __future__ import annotations

import json

import httpx
import pyoxigraph as ox
import pytest
from typer.testing import CliRunner

from patentnav.graph.remote_store import RemoteStore, StorePermissionError, open_remote, query_form
from patentnav.graph.store import PatentStore, StoreError, StoreURLError, open_store, select
from tests.support.virtuoso import VirtuosoServer

G = "https://w3id.org/patentnav/graph/test"


def _quads(n: int, graph: str = G, offset: int = 0) -> list[ox.Quad]:
    return [
        ox.Quad(ox.NamedNode(f"urn:patent:{i}"), ox.NamedNode("urn:p:n"), ox.Literal(i), ox.NamedNode(graph))
        for i in range(offset, offset + n)
    ]


def _count(store: PatentStore, graph: str) -> int:
    return select(store, "SELECT (COUNT(*) AS ?n) WHERE { GRAPH ?g { ?s ?p ?o } }", g=ox.NamedNode(graph))[0]["n"]


# ------------------------------------------------------------------ URL and protocol, no server


def test_url_options_become_endpoints() -> None:
    store = open_store(
        "sparql+https://alice:s%3Acret@kg.example.org:8443/ds/query?update=/ds/update&gsp=/ds/data&batch=500"
        "&retries=2&auth=digest"
    )
    assert isinstance(store, RemoteStore)
    assert store.endpoint == "https://kg.example.org:8443/ds/query"
    assert store.update_endpoint == "https://kg.example.org:8443/ds/update"
    assert store.gsp_endpoint == "https://kg.example.org:8443/ds/data"
    assert (store.batch_size, store.retries) == (500, 2)
    assert "s:cret" not in store.url and "s%3Acret" not in store.url and "***" in store.url


@pytest.mark.parametrize(
    ("url", "reason"),
    [
        ("sparql+http://host/sparql?bogus=1", "unknown option"),
        ("sparql+http://host/sparql?batch=zero", "bad number"),
        ("sparql+http://u:p@host/sparql?auth=kerberos", "auth="),
        ("sparql+http:///sparql", "not a SPARQL endpoint URL"),
    ],
)
def test_bad_urls_say_what_is_wrong(url: str, reason: str) -> None:
    with pytest.raises(StoreURLError, match=reason):
        open_remote(url)


def test_query_form_ignores_iris_strings_and_comments() -> None:
    assert query_form("PREFIX a: <http://x/construct#> SELECT * { ?s ?p 'ASK' }") == "SELECT"
    assert query_form("# SELECT\nDESCRIBE <urn:x>") == "DESCRIBE"
    assert query_form('ask { ?s ?p """CONSTRUCT""" }') == "ASK"


def _mock_store(handler, **kwargs) -> RemoteStore:
    return RemoteStore(
        url="sparql+http://mock/sparql",
        endpoint="http://mock/sparql",
        update_endpoint="http://mock/sparql",
        gsp_endpoint="http://mock/gsp",
        transport=httpx.MockTransport(handler),
        backoff=0.0,
        **kwargs,
    )


def test_transient_failures_are_retried_then_succeed() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        if len(calls) == 1:
            raise httpx.ConnectError("connection refused")
        if len(calls) == 2:
            return httpx.Response(503, text="busy")
        return httpx.Response(200, json={"head": {}, "boolean": True})

    assert bool(_mock_store(handler).query("ASK {}")) is True
    assert len(calls) == 3


def test_persistent_failure_gives_up_with_a_clear_error() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(502)

    with pytest.raises(StoreError, match=r"after 3 attempts: HTTP 502"):
        _mock_store(handler, retries=2).bulk_add(_quads(3))
    assert len(calls) == 3


def test_auth_failure_is_not_retried_and_says_what_to_check() -> None:
    calls = []

    def handler(request: httpx.Request) -> httpx.Response:
        calls.append(request)
        return httpx.Response(401, text="Unauthorized")

    with pytest.raises(StorePermissionError, match=r"HTTP 401.*user and password"):
        _mock_store(handler).update("CLEAR ALL")
    assert len(calls) == 1


def test_partial_anytime_answers_are_refused() -> None:
    def handler(request: httpx.Request) -> httpx.Response:
        headers = {"X-SQL-State": "S1TAT", "X-SQL-Message": "RC...: Returning incomplete results"}
        return httpx.Response(200, json={"head": {"vars": []}, "results": {"bindings": []}}, headers=headers)

    with pytest.raises(StoreError, match=r"partial result.*MaxQueryExecutionTime"):
        _mock_store(handler).query("SELECT * { ?s ?p ?o }")


def test_bulk_loads_are_batched_per_graph_as_ntriples() -> None:
    bodies: list[tuple[str, str, int]] = []

    def handler(request: httpx.Request) -> httpx.Response:
        lines = request.content.decode().splitlines()
        assert all(line.endswith(" .") for line in lines)
        bodies.append((request.method, request.url.params["graph"], len(lines)))
        return httpx.Response(201)

    store = _mock_store(handler, batch_size=4)
    store.bulk_add(_quads(10) + _quads(3, graph="urn:other"))
    assert sorted(bodies) == sorted([("POST", G, 4), ("POST", G, 4), ("POST", G, 2), ("POST", "urn:other", 3)])


def test_read_only_remote_refuses_writes() -> None:
    store = open_remote("sparql+http://127.0.0.1:1/sparql", read_only=True)
    with pytest.raises(StoreError, match="read-only"):
        store.update("CLEAR ALL")


# ------------------------------------------------------------------ both backends


def test_query_results_are_pyoxigraph_types(store: PatentStore) -> None:
    rows = store.query("SELECT (COUNT(*) AS ?n) WHERE { ?s a pnav:Industry }", prefixes=True)
    assert isinstance(rows, ox.QuerySolutions)
    count = next(iter(rows))["n"]
    assert isinstance(count, ox.Literal) and int(count.value) == 5
    assert count.datatype == ox.NamedNode("http://www.w3.org/2001/XMLSchema#integer")
    assert isinstance(store.query("ASK { ?s a pnav:Region }", prefixes=True), ox.QueryBoolean)
    graph = store.query("CONSTRUCT { ?r a pnav:Region } WHERE { ?r a pnav:Region }", prefixes=True)
    assert isinstance(graph, ox.QueryTriples)
    assert len(list(graph)) == 5  # four GB/T 2260 regions and the Chang-Zhu-Tan group


def test_dataset_restriction(store: PatentStore) -> None:
    store.load_graph(G, "<urn:a> <urn:b> <urn:c> .")
    assert bool(store.query("ASK { <urn:a> <urn:b> <urn:c> }"))
    assert not bool(store.query("ASK { <urn:a> <urn:b> <urn:c> }", default_graph=[]))
    assert bool(store.query("ASK { <urn:a> <urn:b> <urn:c> }", default_graph=[G]))
    assert not bool(store.query("ASK { GRAPH ?g { <urn:a> ?p ?o } }", named_graphs=["urn:none"]))


def test_graph_lifecycle_and_unicode(empty_store: PatentStore) -> None:
    assert empty_store.is_empty() and len(empty_store) == 0 and empty_store.named_graphs() == []
    n = empty_store.load_graph(G, '<urn:a> <urn:label> "三一重工 \\"quoted\\"\\n"@zh , "x"^^<urn:dt> .')
    assert n == 2 and empty_store.has_graph(G) and len(empty_store) == 2
    labels = {r["o"] for r in select(empty_store, "SELECT ?o WHERE { <urn:a> ?p ?o }")}
    assert labels == {'三一重工 "quoted"\n', "x"}
    empty_store.load_graph(G, "<urn:a> <urn:b> <urn:c> .")  # replaces
    assert _count(empty_store, G) == 1
    with pytest.raises(SyntaxError):
        empty_store.load_graph(G, "<urn:a> <urn:b> .")
    assert _count(empty_store, G) == 1  # a parse error leaves the graph as it was
    assert empty_store.remove_graph(G) and not empty_store.remove_graph(G)
    assert empty_store.is_empty()


def test_large_replace_goes_through_staging_and_leaves_no_trace(empty_store: PatentStore) -> None:
    if isinstance(empty_store, RemoteStore):
        empty_store.batch_size = 100
    empty_store.replace_graph(G, _quads(50))
    empty_store.replace_graph(G, _quads(250, offset=1000))
    assert _count(empty_store, G) == 250
    assert empty_store.named_graphs() == [G]
    assert select(empty_store, "SELECT (MIN(?n) AS ?m) WHERE { ?s <urn:p:n> ?n }")[0]["m"] == 1000


def test_sparql_endpoint_of_the_api(client) -> None:
    response = client.get(
        "/sparql",
        params={"query": "PREFIX pnav: <https://w3id.org/patentnav/ontology#> SELECT ?i WHERE { ?i a pnav:Industry }"},
        headers={"Accept": "application/sparql-results+json"},
    )
    assert response.status_code == 200
    assert len(response.json()["results"]["bindings"]) == 5


# ------------------------------------------------------------------ Virtuoso only


@pytest.mark.virtuoso
def test_failed_batch_leaves_the_target_graph_untouched(virtuoso_server: VirtuosoServer) -> None:
    real = httpx.HTTPTransport()
    gsp_posts = []

    class FailSecondBatch(httpx.BaseTransport):
        def handle_request(self, request: httpx.Request) -> httpx.Response:
            if request.method == "POST" and "graph-crud" in request.url.path:
                gsp_posts.append(request)
                if len(gsp_posts) == 2:
                    return httpx.Response(500, text="disk full")
            return real.handle_request(request)

    base = open_remote(virtuoso_server.store_url)
    for graph in base.named_graphs():
        base.remove_graph(graph)
    base.replace_graph(G, _quads(5))
    flaky = RemoteStore(
        url=base.url,
        endpoint=base.endpoint,
        update_endpoint=base.update_endpoint,
        gsp_endpoint=base.gsp_endpoint,
        batch_size=10,
        transport=FailSecondBatch(),
    )
    with pytest.raises(StoreError, match=r"HTTP 500.*disk full"):
        flaky.replace_graph(G, _quads(30, offset=100))
    assert _count(base, G) == 5
    assert base.named_graphs() == [G]  # the staging graph was dropped


@pytest.mark.virtuoso
def test_authenticated_endpoint_with_digest(virtuoso_server: VirtuosoServer) -> None:
    port = virtuoso_server.http_port
    good = open_store(f"sparql+http://dba:dba@127.0.0.1:{port}/sparql-auth?auth=digest")
    good.update(f"INSERT DATA {{ GRAPH <{G}-auth> {{ <urn:a> <urn:b> <urn:c> }} }}")
    assert good.has_graph(f"{G}-auth")
    good.remove_graph(f"{G}-auth")
    bad = open_store(f"sparql+http://dba:wrong@127.0.0.1:{port}/sparql-auth?auth=digest")
    with pytest.raises(StorePermissionError, match="refused") as info:
        bad.update(f"INSERT DATA {{ GRAPH <{G}-auth> {{ <urn:a> <urn:b> <urn:c> }} }}")
    assert "wrong" not in str(info.value)


@pytest.mark.virtuoso
def test_cli_accepts_a_sparql_store_url(virtuoso_server: VirtuosoServer) -> None:
    from patentnav.cli import app

    store = open_store(virtuoso_server.store_url)
    for graph in store.named_graphs():
        store.remove_graph(graph)
    result = CliRunner().invoke(
        app,
        [
            "query",
            "SELECT ?i WHERE { ?i a pnav:Industry }",
            "--store",
            virtuoso_server.store_url,
            "--format",
            "json",
        ],
    )
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout[result.stdout.index("{") :])["results"]["bindings"]
    assert len(rows) == 5  # seeded on first use, through the Graph Store Protocol
