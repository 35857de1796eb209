"""What an outside prober found answered wrongly (session 13), each as it was sent: now a one-line problem document
with the right status, never a 500, and nothing half-applied.

Each test builds its own small store: the Hunan pilot graph in memory, with the bundled synthetic sample where
the probe needed patents.
"""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import PatentStore, open_store
from patentnav.settings import Settings

TOKEN = "t0ken-for-tests"
AUTH = {"authorization": f"Bearer {TOKEN}"}
UPDATE = {"content-type": "application/sparql-update", **AUTH}
PATENT_COUNT = (
    "PREFIX pnav: <https://w3id.org/patentnav/ontology#> SELECT (COUNT(DISTINCT ?p) AS ?n) { ?p a pnav:Patent }"
)


@pytest.fixture
def store() -> PatentStore:
    store = open_store("memory://")
    ensure_seeded(store)
    return store


@pytest.fixture
def client(store: PatentStore) -> Iterator[TestClient]:
    settings = Settings(store="memory://", update_token=TOKEN, ingest_token=TOKEN)
    with TestClient(create_app(settings, store=store), raise_server_exceptions=False) as c:
        yield c


def problem(r, status: int) -> dict:
    """The answer's problem document, checked to be one line of problem JSON with ``status``."""
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json"), r.headers
    body = r.json()
    assert body["status"] == status
    assert "\n" not in body.get("detail", "") and "Traceback" not in r.text and "<class" not in r.text, body
    return body


def ask(client: TestClient, query: str) -> bool:
    return client.get("/sparql", params={"query": query}).json()["boolean"]


# -- SPARQL Update: an operation that cannot run on the data is a 400, not a 500 --------------------------------


def test_drop_graph_of_an_existing_graph_is_applied(client):
    """Was a 500: the syntax check ran the update on an empty store, where the graph 'does not exist'."""
    assert client.post("/sparql", content="INSERT DATA { GRAPH <urn:g> { <urn:a> <urn:b> 1 } }", headers=UPDATE)
    r = client.post("/sparql", content="DROP GRAPH <urn:g>", headers=UPDATE)
    assert r.status_code == 204, r.text
    assert not ask(client, "ASK { GRAPH <urn:g> { ?s ?p ?o } }")


@pytest.mark.parametrize(
    ("update", "words"),
    [
        ("DROP GRAPH <urn:missing>", "<urn:missing> does not exist"),
        ("CLEAR GRAPH <urn:missing>", "<urn:missing> does not exist"),
        ("MOVE <urn:missing> TO <urn:elsewhere>", "<urn:missing> does not exist"),
        ("CREATE GRAPH <urn:c> ; CREATE GRAPH <urn:c>", "<urn:c> already exists"),
    ],
)
def test_an_update_that_cannot_run_is_a_400_and_applies_nothing(client, update, words):
    """Were 500s (pyoxigraph's RuntimeError was not caught); the operations before the failing one stay unapplied."""
    r = client.post(
        "/sparql", content=f"INSERT DATA {{ GRAPH <urn:before> {{ <urn:a> <urn:b> 1 }} }} ; {update}", headers=UPDATE
    )
    body = problem(r, 400)
    assert body["title"] == "Update failed"
    assert words in body["detail"] and "nothing was applied" in body["detail"]
    assert not ask(client, "ASK { GRAPH <urn:before> { ?s ?p ?o } }")


@pytest.mark.parametrize(
    ("method", "kwargs"),
    [
        ("POST", {"content": "INSERT DATA { <urn:a> ", "headers": UPDATE}),
        ("GET", {"params": {"query": "SELECT * WHERE { ?s "}}),
    ],
    ids=["update", "query"],
)
def test_a_syntax_error_is_one_line(client, method, kwargs):
    """pyoxigraph lists the characters it expected over four lines; the detail was those lines."""
    body = problem(client.request(method, "/sparql", **kwargs), 400)
    assert body["title"] == "SPARQL syntax error" and body["detail"].startswith("error at 1:")


# -- HEAD is GET without the body ------------------------------------------------------------------------------


@pytest.mark.parametrize("path", ["/", "/entities/region/430200", "/sparql?query=ASK%20%7B%7D", "/analysis/options"])
def test_head_answers_like_get_without_a_body(client, path):
    """Was a 405 on every route but /openapi.json (RFC 9110: a server must support HEAD)."""
    got, head = client.get(path), client.head(path)
    assert head.status_code == got.status_code == 200
    assert head.headers["content-type"] == got.headers["content-type"]
    assert head.headers["content-length"] == str(len(got.content))
    assert head.content == b""


def test_head_on_a_post_only_route_is_405_and_allow_lists_head_with_get(client):
    assert client.head("/ingest").status_code == 405
    r = client.request("PATCH", "/entities/region/430200")
    assert problem(r, 405) and r.headers["allow"] == "GET, HEAD"
