"""What an outside prober found answered wrongly (session 13), each as it was sent: now a one-line problem document
with the right status, never a 500, and nothing half-applied.

Each test builds its own small store: the Hunan pilot graph in memory, with the bundled synthetic sample where
the probe needed patents.
"""

from __future__ import annotations

import gzip
import json
import socket
import zlib
from collections.abc import Iterator
from urllib.parse import urlsplit

import pytest
from fastapi.testclient import TestClient

from patentnav.api.limits import server_options
from patentnav.api.main import create_app
from patentnav.data import data_path
from patentnav.graph.bootstrap import PILOT_GRAPH, ensure_seeded
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.store import PatentStore, open_store
from patentnav.settings import Settings
from tests.support.live_server import live_api

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


@pytest.mark.parametrize(
    ("url", "content", "content_type"),
    [
        ("/sparql?query=ASK%7B%7D", "query=SELECT%20*%20%7B%7D", "application/x-www-form-urlencoded"),
        ("/sparql?update=CLEAR%20ALL", "query=ASK%7B%7D", "application/x-www-form-urlencoded"),
        ("/sparql?query=ASK%7B%7D", "SELECT * {}", "application/sparql-query"),
        ("/sparql?query=ASK%7B%7D", "", "application/sparql-query"),
    ],
)
def test_a_post_with_a_query_or_update_in_its_url_is_refused(client, store, url, content, content_type):
    """Were answered from the body (or 'Missing query') with the URL's query or update left unread without a word."""
    r = client.post(url, content=content, headers={"content-type": content_type, **AUTH})
    body = problem(r, 400)
    assert body["title"] == "Misplaced query" and "in the body" in body["detail"]
    assert store.has_graph(PILOT_GRAPH)  # CLEAR ALL was not run either


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


# -- a compressed body is refused, not parsed as its compressed bytes -----------------------------------------


@pytest.mark.parametrize(("coding", "pack"), [("gzip", gzip.compress), ("deflate", zlib.compress), ("br", lambda b: b)])
def test_a_compressed_graph_store_body_is_415_and_nothing_is_written(client, store, coding, pack):
    """Was a 400 'Invalid RDF' naming the gzip magic byte (the route parsed the compressed bytes as Turtle)."""
    body = pack(b"<urn:a> <urn:b> <urn:c> .")
    r = client.put(
        "/graph-store",
        params={"graph": "urn:gz"},
        content=body,
        headers={"content-type": "text/turtle", "content-encoding": coding, **AUTH},
    )
    assert problem(r, 415)["title"] == "Unsupported content encoding"
    assert r.headers["accept-encoding"] == "identity"
    assert not store.has_graph("urn:gz")


def test_a_compressed_query_is_415_and_identity_is_read(client):
    """Was a 400 'the request body is not UTF-8 (byte 1)'."""
    q = {"content-type": "application/sparql-query"}
    r = client.post("/sparql", content=gzip.compress(b"ASK {}"), headers={**q, "content-encoding": "gzip"})
    assert "Content-Encoding: gzip" in problem(r, 415)["detail"]
    assert client.post("/sparql", content=b"ASK {}", headers={**q, "content-encoding": "identity"}).status_code == 200


# -- uploads -----------------------------------------------------------------------------------------------------


def test_an_upload_named_dot_dot_is_read_not_a_500(client):
    """Was a 500: the upload was saved to '<scratch>/..', a folder (IsADirectoryError)."""
    r = client.post("/ingest", files={"file": ("..", b"a,b\n1,2\n")}, headers=AUTH)
    body = problem(r, 400)
    assert body["title"] == "Cannot read the file" and body["detail"].startswith("upload: ")


def test_a_file_field_sent_as_text_names_no_python_class(client):
    """Was 'Value error, Expected UploadFile, received: <class 'str'>'."""
    body = problem(client.post("/ingest", data={"file": "abc"}, headers=AUTH), 422)
    assert body["detail"] == "body.file: expected a file (a multipart/form-data part with a filename); got a text field"


@pytest.mark.parametrize("route", ["/ingest", "/policy"])
def test_two_files_in_one_request_are_refused_and_nothing_is_loaded(client, route):
    """Was a 200 for the last file only: the first was left out without a word."""
    sample = data_path("samples/synthetic_cnipa.csv").read_bytes()
    before = client.get("/sparql", params={"query": PATENT_COUNT}).json()
    files = [("file", ("a.csv", sample)), ("file", ("b.csv", sample))]
    body = problem(client.post(route, files=files, headers=AUTH), 400)
    assert body["title"] == "One file per request" and "2 'file' parts" in body["detail"]
    assert client.get("/sparql", params={"query": PATENT_COUNT}).json() == before


# -- analyses ----------------------------------------------------------------------------------------------------


@pytest.mark.parametrize("route", ["/analysis/warnings", "/analysis/report"])
def test_warnings_for_a_scope_with_no_key_patent_in_force_are_answered(store, client, route):
    """Was a 500 (KeyError 'term_end'): with no key patent of a home holder in force, the expiry check selected no
    columns instead of no rows."""
    ingest_file(store, data_path("samples/synthetic_cnipa.csv"), synthetic=True)
    r = client.get(route, params={"region": "430100", "industry": "rail-transit"})
    assert r.status_code == 200, r.text
    if route == "/analysis/warnings":
        expiry = next(c for c in r.json()["checks"] if c["kind"] == "key_patent_expiry")
        assert "0 of 0 key patents of home holders in force" in expiry["detail"]


# -- the workspace's options over many export files ------------------------------------------------------------

#: What each ingested file states again about a county its addresses name (its own named graph).
COUNTY = """<https://w3id.org/patentnav/id/region/430104> a <https://w3id.org/patentnav/ontology#Region> ;
  <http://www.w3.org/2000/01/rdf-schema#label> "岳麓区"@zh, "Yuelu"@en ;
  <https://w3id.org/patentnav/ontology#regionCode> "430104" ;
  <https://w3id.org/patentnav/ontology#adminLevel> "county" ;
  <https://w3id.org/patentnav/ontology#partOfRegion> <https://w3id.org/patentnav/id/region/430100> ."""


def test_options_read_regions_stated_in_many_graphs_once_each(store, client):
    """Was a hang: /analysis/options joined a region's seven facts under OPTIONALs over the union of the graphs, so
    a county every file restates gave G^7 rows over G files (3.5 s at 11 files, minutes at 23, uncancellable, one
    server thread each). Now each query reads one fact per row and aggregates nothing in SPARQL, so the rows read
    are the rows returned, G per fact; the answer is the same."""
    graphs = 12
    for g in range(graphs):
        store.load_graph(f"urn:export:{g}", COUNTY)
    sent: list[str] = []
    query = store.query

    def recording(sparql: str, **kwargs):
        sent.append(sparql)
        return query(sparql, **kwargs)

    store.query = recording  # type: ignore[method-assign]
    r = client.get("/analysis/options")
    assert r.status_code == 200, r.text
    county = [o for o in r.json()["regions"] if o["id"] == "430104"]
    assert county == [
        {
            "id": "430104", "iri": "https://w3id.org/patentnav/id/region/430104", "kind": "region", "level": "county",
            "code": "430104", "label": {"zh": "岳麓区", "en": "Yuelu"}, "parents": ["430100"], "members": [],
            "scope": True,
        }
    ]  # fmt: skip
    store.query = query  # type: ignore[method-assign]
    facts = sum(1 for _ in store.quads_for_pattern(None, None, None, None))
    for sparql in sent:
        if "GRAPH ?g {" in sparql:
            continue  # the plans, read one graph at a time: nothing is multiplied across files
        assert "GROUP BY" not in sparql.upper() and "OPTIONAL" not in sparql.upper(), sparql
        rows = store.query(sparql.replace("VALUES ?r { }", ""), prefixes=True)
        assert sum(1 for _ in rows) <= facts, sparql


# -- below the app: uvicorn's own refusals -----------------------------------------------------------------------


def _raw(url: str, request: bytes) -> tuple[str, dict]:
    """Send ``request`` as bytes; return the status line and the body's JSON (the server closes the connection:
    after a refusal, or as ``Connection: close`` asks)."""
    parts = urlsplit(url)
    with socket.create_connection((parts.hostname, parts.port)) as sock:
        sock.sendall(request)
        answer = b""
        while chunk := sock.recv(65536):
            answer += chunk
    head, _, body = answer.partition(b"\r\n\r\n")
    lines = head.decode("latin-1").split("\r\n")
    assert any(line.lower() == "content-type: application/problem+json" for line in lines), head
    return lines[0], json.loads(body)


@pytest.fixture
def live(store: PatentStore) -> Iterator[str]:
    settings = Settings(store="memory://", max_query_length=1000)
    with live_api(create_app(settings, store=store), **server_options(settings.max_query_length)) as url:
        yield url


def test_a_url_or_header_past_the_limit_is_a_431_problem(live):
    """Were uvicorn's plain-text '400 Invalid HTTP request received.' (and a URL of 50 KB passed or not depending on
    how its bytes arrived)."""
    limit = server_options(1000)["h11_max_incomplete_event_size"]
    # Without their end: h11 refuses a head that passes the limit while it is incomplete (a whole one that
    # arrived in one read is parsed), so the test does not depend on how the bytes are split.
    long_url = b"GET /search?q=" + b"a" * (limit + 1)
    long_header = b"GET / HTTP/1.1\r\nHost: x\r\nX-Big: " + b"a" * (limit + 1)
    for request in (long_url, long_header):
        status, body = _raw(live, request)
        assert status == "HTTP/1.1 431 Request header fields too large"
        assert body["status"] == 431 and f"pass {limit} bytes" in body["detail"]


def test_a_query_the_app_refuses_as_too_long_reaches_the_app(live):
    """Within the protocol's limit, a query over max_query_length gets the app's own 414."""
    status, body = _raw(
        live, b"GET /sparql?query=" + b"%20" * 3000 + b" HTTP/1.1\r\nHost: x\r\nConnection: close\r\n\r\n"
    )
    assert status.startswith("HTTP/1.1 414") and "limit is 1000" in body["detail"]


def test_a_request_that_is_not_http_is_a_400_problem(live):
    status, body = _raw(live, b"POST /sparql HTTP/1.1\r\nHost: x\r\nContent-Length: abc\r\n\r\nASK {}")
    assert status == "HTTP/1.1 400 Bad request"
    assert body["detail"].startswith("the request is not valid HTTP/1.1")
