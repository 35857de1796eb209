"""Bad and hostile inputs: each gets its expected status and a message that says what was wrong."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.settings import Settings

Q = {"content-type": "application/sparql-query"}
U = {"content-type": "application/sparql-update"}
FORM = {"content-type": "application/x-www-form-urlencoded"}
XXE = b"""<?xml version="1.0"?>
<!DOCTYPE rdf:RDF [ <!ENTITY xxe SYSTEM "file:///etc/passwd"> ]>
<rdf:RDF xmlns:rdf="http://www.w3.org/1999/02/22-rdf-syntax-ns#" xmlns:ex="urn:ex:">
  <rdf:Description rdf:about="urn:ex:a"><ex:p>&xxe;</ex:p></rdf:Description>
</rdf:RDF>"""
TOKEN = {"authorization": "Bearer t0ken-for-tests"}

# (id, method, url, kwargs, expected status, words expected in the title or detail)
CASES = [
    ("malformed SPARQL", "GET", "/sparql", {"params": {"query": "SELEKT * WHERE {}"}}, 400, "SPARQL syntax error"),
    ("empty query", "POST", "/sparql", {"content": "  ", "headers": Q}, 400, "Missing query"),
    ("huge query in a form", "POST", "/sparql", {"data": {"query": "#" + "x" * 150_000}}, 413, "limit is 100000"),
    ("huge query body", "POST", "/sparql", {"content": "#" + "x" * 200_000, "headers": Q}, 413, "limit is 100000"),
    ("deep nesting", "POST", "/sparql", {"content": "ASK " + "{" * 5000 + "}" * 5000, "headers": Q}, 400, "nests"),
    (
        "operator chain",
        "POST",
        "/sparql",
        {"content": "ASK { FILTER(" + "!" * 20000 + "true) }", "headers": Q},
        400,
        "operators",
    ),
    (
        "unknown prefix",
        "GET",
        "/sparql",
        {"params": {"query": "SELECT * WHERE { ?s foo:bar ?o }"}},
        400,
        "unknown prefix",
    ),
    ("update in a query", "POST", "/sparql", {"content": "DELETE WHERE { ?s ?p ?o }", "headers": Q}, 403, "read-only"),
    ("update without token", "POST", "/sparql", {"content": "CLEAR ALL", "headers": U}, 403, "read-only"),
    ("update form without token", "POST", "/sparql", {"data": {"update": "CLEAR ALL"}}, 403, "read-only"),
    ("update by GET", "GET", "/sparql", {"params": {"update": "CLEAR ALL"}}, 400, "never accepted by GET"),
    (
        "SERVICE to 127.0.0.1",
        "POST",
        "/sparql",
        {"content": "SELECT * WHERE { SERVICE <http://127.0.0.1:22/> { ?s ?p ?o } }", "headers": Q},
        400,
        "SERVICE",
    ),
    (
        "SERVICE in lower case after newline",
        "POST",
        "/sparql",
        {"content": "SELECT * WHERE {\nservice\n<http://localhost/> { ?s ?p ?o } }", "headers": Q},
        400,
        "SERVICE",
    ),
    (
        "SERVICE spelled with a unicode escape",
        "POST",
        "/sparql",
        {"content": "SELECT * WHERE { \\u0053ERVICE <http://127.0.0.1/> { ?s ?p ?o } }", "headers": Q},
        400,
        "SERVICE",
    ),
    ("LOAD of file://", "POST", "/sparql", {"content": "LOAD <file:///etc/passwd>", "headers": Q}, 400, "LOAD"),
    (
        "LOAD of file:// as update",
        "POST",
        "/sparql",
        {"content": "LOAD <file:///etc/passwd>", "headers": U},
        403,
        "read-only",
    ),
    (
        "XXE in an RDF/XML upload without token",
        "PUT",
        "/graph-store?graph=urn:ex:g",
        {"content": XXE, "headers": {"content-type": "application/rdf+xml"}},
        403,
        "read-only",
    ),
    ("path traversal in entity id", "GET", "/entities/region/..%2F..%2Fetc%2Fpasswd", {}, 404, "no"),
    ("path traversal in UI asset", "GET", "/sparql/ui/..%2F..%2Fpyproject.toml", {}, 404, "no"),
    ("oversized body", "POST", "/sparql", {"content": b"#" * 1_000_001, "headers": Q}, 413, "limit is 1000000"),
    (
        "wrong content type",
        "POST",
        "/sparql",
        {"content": "ASK {}", "headers": {"content-type": "text/plain"}},
        415,
        "application/sparql-query",
    ),
    ("no content type", "POST", "/sparql", {"content": b"ASK {}"}, 415, "no Content-Type"),
    ("invalid UTF-8 body", "POST", "/sparql", {"content": b"ASK { ?s ?p '\xff\xfe' }", "headers": Q}, 400, "not UTF-8"),
    ("invalid UTF-8 query string", "GET", "/sparql?query=ASK%7B%FF%7D", {}, 400, "not percent-encoded UTF-8"),
    ("two queries", "GET", "/sparql?query=ASK%7B%7D&query=ASK%7B%7D", {}, 400, "exactly one"),
    (
        "query and update together",
        "POST",
        "/sparql",
        {"data": {"query": "ASK {}", "update": "CLEAR ALL"}},
        400,
        "not both",
    ),
    (
        "graph IRI that is not an IRI",
        "GET",
        "/sparql",
        {"params": {"query": "ASK {}", "default-graph-uri": "not an iri"}},
        400,
        "IRI",
    ),
    (
        "nothing acceptable",
        "GET",
        "/sparql",
        {"params": {"query": "ASK {}"}, "headers": {"accept": "image/png"}},
        406,
        "available as",
    ),
    ("negative depth", "GET", "/entities/region/430200/related?depth=-1", {}, 422, "greater than or equal to 1"),
    ("huge depth", "GET", "/entities/region/430200/related?depth=99999999999999999999", {}, 422, "less than or equal"),
    ("method not allowed", "PUT", "/sparql", {"content": "ASK {}", "headers": Q}, 405, "Method"),
]


@pytest.mark.parametrize(
    ("method", "url", "kwargs", "status", "words"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_input(client, method, url, kwargs, status, words):
    r = client.request(method, url, **kwargs)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["status"] == status
    assert words in body["title"] + " " + body.get("detail", "")
    assert "Traceback" not in r.text


def test_bad_inputs_are_at_least_twenty():
    assert len(CASES) >= 20


@pytest.fixture
def writable(store):
    with TestClient(create_app(Settings(store="memory://", update_token="t0ken-for-tests"), store=store)) as c:
        yield c


def test_xxe_in_rdf_xml_upload_is_refused_even_with_token(writable, store):
    r = writable.put(
        "/graph-store",
        params={"graph": "urn:ex:g"},
        content=XXE,
        headers={**TOKEN, "content-type": "application/rdf+xml"},
    )
    assert r.status_code == 400
    assert "external entities" in r.json()["detail"]
    assert not store.has_graph("urn:ex:g")


def test_load_is_refused_even_with_token(writable):
    r = writable.post("/sparql", content="LOAD <file:///etc/passwd> INTO GRAPH <urn:x>", headers={**TOKEN, **U})
    assert r.status_code == 400 and "LOAD" in r.json()["detail"]


def test_service_inside_an_update_is_refused_even_with_token(writable):
    update = "INSERT { ?s ?p ?o } WHERE { SERVICE <http://127.0.0.1:9/> { ?s ?p ?o } }"
    r = writable.post("/sparql", content=update, headers={**TOKEN, **U})
    assert r.status_code == 400 and "SERVICE" in r.json()["detail"]


def test_graph_store_round_trip_with_token(writable):
    turtle = "<urn:ex:a> <urn:ex:p> 'x' ."
    r = writable.put(
        "/graph-store", params={"graph": "urn:ex:g"}, content=turtle, headers={**TOKEN, "content-type": "text/turtle"}
    )
    assert r.status_code == 201
    r = writable.get("/graph-store", params={"graph": "urn:ex:g"}, headers={"accept": "application/n-triples"})
    assert r.text.strip() == '<urn:ex:a> <urn:ex:p> "x" .'
    assert writable.delete("/graph-store", params={"graph": "urn:ex:g"}, headers=TOKEN).status_code == 204
    assert writable.get("/graph-store", params={"graph": "urn:ex:g"}).status_code == 404


def test_chunked_oversized_body_is_cut_off(client):
    def chunks():
        for _ in range(30):
            yield b"#" * 50_000

    r = client.post("/sparql", content=chunks(), headers=Q)
    assert r.status_code == 413
    assert "limit is 1000000" in r.json()["detail"]


def test_huge_query_string_is_414(store):
    with TestClient(create_app(Settings(store="memory://", max_query_length=1000), store=store)) as c:
        r = c.get("/sparql", params={"query": "#" + "x" * 5000 + "\nASK {}"})
    assert r.status_code == 414
    assert "limit is 1000" in r.json()["detail"]
