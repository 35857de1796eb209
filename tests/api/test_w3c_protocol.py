"""Behaviours checked by the W3C SPARQL 1.1 protocol tests (w3c/rdf-tests, sparql/sparql11/protocol/manifest.ttl).

Each test here is written for this project from the manifest's description of a case and is
named after that case; the W3C files are not copied. The update_dataset_* and update_base_uri
cases are in ``tests/api/routes/test_sparql_dataset.py``.
"""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.graph.store import open_store
from patentnav.settings import Settings

D = "http://example.org/protocol/data{}.rdf"
FORM = {"content-type": "application/x-www-form-urlencoded"}
DIRECT = {"content-type": "application/sparql-query"}
UPDATE = {"content-type": "application/sparql-update", "authorization": "Bearer w3c"}
JSON = {"accept": "application/sparql-results+json"}


@pytest.fixture
def c():
    store = open_store("memory://")
    for n in (1, 2, 3):
        store.load_graph(D.format(n), f"<{D.format(n)}> a <http://xmlns.com/foaf/0.1/Document> .")
    with TestClient(create_app(Settings(store="memory://", update_token="w3c"), store=store)) as client:
        yield client


def _true(r) -> bool:
    assert r.status_code == 200, r.text
    return r.json()["boolean"] is True


ASK_12 = f"ASK {{ <{D.format(1)}> a ?type . <{D.format(2)}> a ?type . }}"
ASK_G12 = f"ASK {{ GRAPH ?g1 {{ <{D.format(1)}> a ?type }} GRAPH ?g2 {{ <{D.format(2)}> a ?type }} }}"


def test_query_post_form(c):
    assert _true(
        c.post(f"/sparql?default-graph-uri={D.format(0)}", content="query=ASK%20%7B%7D", headers={**FORM, **JSON})
    )


def test_query_get(c):
    assert _true(c.get("/sparql", params={"query": "ASK {}"}, headers=JSON))


def test_query_post_direct(c):
    assert _true(c.post("/sparql", content="ASK {}", headers={**DIRECT, **JSON}))


def test_query_dataset_default_graphs_get(c):
    params = [("query", ASK_12), ("default-graph-uri", D.format(1)), ("default-graph-uri", D.format(2))]
    assert _true(c.get("/sparql", params=params, headers=JSON))


def test_query_dataset_default_graphs_post(c):
    url = f"/sparql?default-graph-uri={D.format(1)}&default-graph-uri={D.format(2)}"
    assert _true(c.post(url, content=ASK_12, headers={**DIRECT, **JSON}))


def test_query_dataset_named_graphs_post(c):
    url = f"/sparql?named-graph-uri={D.format(1)}&named-graph-uri={D.format(2)}"
    assert _true(c.post(url, content=ASK_G12, headers={**DIRECT, **JSON}))


def test_query_dataset_named_graphs_get(c):
    params = [("query", ASK_G12), ("named-graph-uri", D.format(1)), ("named-graph-uri", D.format(2))]
    assert _true(c.get("/sparql", params=params, headers=JSON))


def test_query_dataset_full(c):
    graphs = f"GRAPH ?g1 {{ <{D.format(1)}> a ?type }} GRAPH ?g2 {{ <{D.format(2)}> a ?type }}"
    query = f"ASK {{ <{D.format(3)}> a ?type {graphs} }}"
    url = f"/sparql?default-graph-uri={D.format(3)}&named-graph-uri={D.format(1)}&named-graph-uri={D.format(2)}"
    assert _true(c.post(url, content=query, headers={**DIRECT, **JSON}))


def test_query_multiple_dataset(c):
    # The protocol's dataset overrides the query's FROM.
    query = f"ASK FROM <{D.format(3)}> {{ <{D.format(1)}> a ?type }}"
    assert _true(c.post(f"/sparql?default-graph-uri={D.format(1)}", content=query, headers={**DIRECT, **JSON}))


@pytest.mark.parametrize(
    ("query", "accepted"),
    [
        ("SELECT ?s WHERE { ?s ?p ?o }", ("application/sparql-results+xml", "application/sparql-results+json")),
        ("ASK { ?s ?p ?o }", ("application/sparql-results+xml", "application/sparql-results+json")),
        (f"DESCRIBE <{D.format(1)}>", ("application/rdf+xml", "text/turtle")),
        ("CONSTRUCT { ?s ?p ?o } WHERE { ?s ?p ?o }", ("application/rdf+xml", "text/turtle")),
    ],
    ids=[
        "query_content_type_select",
        "query_content_type_ask",
        "query_content_type_describe",
        "query_content_type_construct",
    ],
)
def test_query_content_type(c, query, accepted):
    r = c.get("/sparql", params={"query": query}, headers={"accept": ", ".join(accepted)})
    assert r.status_code == 200 and r.headers["content-type"].split(";")[0] in accepted


def test_update_post_form(c):
    r = c.post(
        "/sparql",
        data={"update": "INSERT DATA { GRAPH <urn:w3c:g> { <urn:a> <urn:b> <urn:c> } }"},
        headers={"authorization": "Bearer w3c"},
    )
    assert r.status_code == 204
    assert _true(c.get("/sparql", params={"query": "ASK { GRAPH <urn:w3c:g> { <urn:a> ?p ?o } }"}, headers=JSON))


def test_update_post_direct(c):
    r = c.post("/sparql", content="INSERT DATA { GRAPH <urn:w3c:h> { <urn:a> <urn:b> <urn:c> } }", headers=UPDATE)
    assert r.status_code == 204


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("PUT", {"content": "ASK {}", "headers": DIRECT}),  # bad_query_method
        ("GET", {"params": [("query", "ASK {}"), ("query", "SELECT * {}")]}),  # bad_multiple_queries
        ("POST", {"content": "ASK {}", "headers": {"content-type": "text/plain"}}),  # bad_query_wrong_media_type
        ("POST", {"content": b"query=ASK%20%7B%7D"}),  # bad_query_missing_form_type
        ("POST", {"content": b"ASK {}"}),  # bad_query_missing_direct_type
        ("POST", {"content": "ASK { ?s ?p 'caf\u00e9' }".encode("latin-1"), "headers": DIRECT}),  # bad_query_non_utf8
        ("GET", {"params": {"query": "ASK {"}}),  # bad_query_syntax
        ("GET", {"params": {"update": "CLEAR ALL"}}),  # bad_update_get
        ("POST", {"content": "update=CLEAR%20ALL&update=CLEAR%20ALL", "headers": {**FORM, **UPDATE, **FORM}}),
        ("POST", {"content": "CLEAR ALL", "headers": {"content-type": "text/plain", "authorization": "Bearer w3c"}}),
        ("POST", {"content": b"update=CLEAR%20ALL", "headers": {"authorization": "Bearer w3c"}}),
        ("POST", {"content": "INSERT DATA { <urn:a> <urn:b> 'caf\u00e9' }".encode("latin-1"), "headers": UPDATE}),
        ("POST", {"content": "INSERT DATA {", "headers": UPDATE}),  # bad_update_syntax
        (
            "POST",
            {
                "url": f"/sparql?using-graph-uri={D.format(1)}",
                "content": f"DELETE {{ ?s ?p ?o }} USING <{D.format(2)}> WHERE {{ ?s ?p ?o }}",
                "headers": UPDATE,
            },
        ),
    ],
    ids=[
        "bad_query_method",
        "bad_multiple_queries",
        "bad_query_wrong_media_type",
        "bad_query_missing_form_type",
        "bad_query_missing_direct_type",
        "bad_query_non_utf8",
        "bad_query_syntax",
        "bad_update_get",
        "bad_multiple_updates",
        "bad_update_wrong_media_type",
        "bad_update_missing_form_type",
        "bad_update_non_utf8",
        "bad_update_syntax",
        "bad_update_dataset_conflict",
    ],
)
def test_bad_requests_are_4xx(c, method, kwargs):
    url = kwargs.pop("url", "/sparql")
    r = c.request(method, url, **kwargs)
    assert 400 <= r.status_code < 500, r.text
    assert c.get("/sparql", params={"query": f"ASK {{ <{D.format(1)}> ?p ?o }}"}, headers=JSON).json()["boolean"]
