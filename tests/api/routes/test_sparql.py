"""The /sparql endpoint: protocol, formats, dataset, refusals, service description, UI, updates, caps."""

from __future__ import annotations

import csv
import io
import json
import re

import pytest
import rdflib
from fastapi.testclient import TestClient
from rdflib.plugins.sparql.results.xmlresults import XMLResultParser

from patentnav.api.main import create_app
from patentnav.graph.store import PatentStore
from patentnav.ontology import PNAV
from patentnav.settings import Settings

INDUSTRIES = f"PREFIX pnav: <{PNAV}> SELECT ?i WHERE {{ ?i a pnav:Industry }} ORDER BY ?i"
CONSTRUCT = f"PREFIX pnav: <{PNAV}> CONSTRUCT {{ ?i a pnav:Industry }} WHERE {{ ?i a pnav:Industry }}"
SPARQL_QUERY = {"content-type": "application/sparql-query"}


def _app(store: PatentStore, **settings) -> TestClient:
    return TestClient(create_app(Settings(store="memory://", **settings), store=store))


def test_select_json_get_lists_the_five_industries(client):
    r = client.get("/sparql", params={"query": INDUSTRIES}, headers={"accept": "application/sparql-results+json"})
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("application/sparql-results+json")
    rows = r.json()["results"]["bindings"]
    assert {row["i"]["value"].rsplit("/", 1)[1] for row in rows} == {
        "rail-transit",
        "construction-machinery",
        "new-materials",
        "cultural-creative",
        "new-generation-it",
    }
    assert r.headers["patentnav-result-limit"].startswith("rows=")


def test_select_xml_parses_with_rdflib(client):
    r = client.post("/sparql", content=INDUSTRIES, headers={**SPARQL_QUERY, "accept": "application/sparql-results+xml"})
    assert r.status_code == 200
    result = XMLResultParser().parse(io.BytesIO(r.content))
    assert len(result.bindings) == 5


@pytest.mark.parametrize(("accept", "delimiter"), [("text/csv", ","), ("text/tab-separated-values", "\t")])
def test_select_csv_and_tsv_parse_with_csv(client, accept, delimiter):
    r = client.post("/sparql", data={"query": INDUSTRIES}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    rows = list(csv.reader(io.StringIO(r.text), delimiter=delimiter))
    assert rows[0] in (["i"], ["?i"])
    assert len(rows) == 6
    assert all("industry/" in row[0] for row in rows[1:])


def test_ask_json_and_xml(client):
    ask = "ASK { ?s ?p ?o }"
    assert client.get("/sparql", params={"query": ask}, headers={"accept": "application/json"}).json()["boolean"]
    r = client.get("/sparql", params={"query": ask}, headers={"accept": "application/sparql-results+xml"})
    assert XMLResultParser().parse(io.BytesIO(r.content)).askAnswer is True


@pytest.mark.parametrize(
    ("accept", "fmt"),
    [
        ("text/turtle", "turtle"),
        ("application/n-triples", "nt"),
        ("application/ld+json", "json-ld"),
        ("application/rdf+xml", "xml"),
    ],
)
def test_construct_in_each_graph_format_parses_with_rdflib(client, accept, fmt):
    r = client.get("/sparql", params={"query": CONSTRUCT}, headers={"accept": accept})
    assert r.status_code == 200 and r.headers["content-type"].startswith(accept)
    graph = rdflib.Graph().parse(data=r.content, format=fmt)
    assert len(graph) == 5


def test_describe_returns_triples_about_the_entity(client):
    iri = "https://w3id.org/patentnav/id/region/430200"
    r = client.get("/sparql", params={"query": f"DESCRIBE <{iri}>"}, headers={"accept": "text/turtle"})
    graph = rdflib.Graph().parse(data=r.content, format="turtle")
    assert (rdflib.URIRef(iri), None, None) in graph


def test_nothing_acceptable_is_406(client):
    r = client.get("/sparql", params={"query": INDUSTRIES}, headers={"accept": "image/png"})
    assert r.status_code == 406
    assert "application/sparql-results+json" in r.json()["detail"]


def test_select_asked_as_turtle_is_406(client):
    r = client.get("/sparql", params={"query": INDUSTRIES}, headers={"accept": "text/turtle"})
    assert r.status_code == 406


def test_default_graph_uri_restricts_the_dataset(client):
    ask = f"PREFIX pnav: <{PNAV}> ASK {{ ?i a pnav:Industry }}"
    ontology = "https://w3id.org/patentnav/graph/ontology"
    r = client.get(
        "/sparql", params={"query": ask, "default-graph-uri": ontology}, headers={"accept": "application/json"}
    )
    assert r.json()["boolean"] is False
    pilot = "https://w3id.org/patentnav/graph/hunan-pilot"
    r = client.get("/sparql", params={"query": ask, "default-graph-uri": pilot}, headers={"accept": "application/json"})
    assert r.json()["boolean"] is True


def test_named_graph_uri_limits_graph_patterns(client):
    q = "SELECT DISTINCT ?g WHERE { GRAPH ?g { ?s ?p ?o } }"
    pilot = "https://w3id.org/patentnav/graph/hunan-pilot"
    r = client.post(
        f"/sparql?named-graph-uri={pilot}", content=q, headers={**SPARQL_QUERY, "accept": "application/json"}
    )
    assert [b["g"]["value"] for b in r.json()["results"]["bindings"]] == [pilot]


def test_row_cap_truncates_and_says_so(store):
    with _app(store, max_results=3) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"accept": "application/json"})
    assert r.status_code == 200
    assert len(r.json()["results"]["bindings"]) == 3
    assert r.headers["patentnav-result-truncated"] == "rows; kept=3"
    assert r.headers["patentnav-result-limit"].startswith("rows=3")


def test_byte_cap_truncates_and_says_so(store):
    with _app(store, max_result_bytes=2000) as c:
        r = c.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p ?o }"}, headers={"accept": "text/csv"})
    assert r.status_code == 200
    assert len(r.content) <= 2000
    assert r.headers["patentnav-result-truncated"].startswith("bytes")


def test_service_description_without_query(client):
    r = client.get("/sparql", headers={"accept": "text/turtle"})
    assert r.status_code == 200
    graph = rdflib.Graph().parse(data=r.content, format="turtle")
    sd = rdflib.Namespace("http://www.w3.org/ns/sparql-service-description#")
    service = graph.value(None, rdflib.RDF.type, sd.Service)
    assert service is not None
    assert str(graph.value(service, sd.endpoint)).endswith("/sparql")
    assert (service, sd.supportedLanguage, sd.SPARQL11Query) in graph
    assert (service, sd.supportedLanguage, sd.SPARQL11Update) not in graph
    names = {str(o) for o in graph.objects(None, sd.name)}
    assert "https://w3id.org/patentnav/graph/hunan-pilot" in names


def test_browsers_get_the_local_query_ui_with_examples(client):
    r = client.get("/sparql", headers={"accept": "text/html,application/xhtml+xml,*/*;q=0.8"})
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    assert 'src="/sparql/ui/yasgui.min.js"' in r.text
    assert "PREFIX pnav: <https://w3id.org/patentnav/ontology#>" in r.text.replace("\\n", "\n")
    assert not re.search(r'(src|href)="(https?:)?//', r.text), "the page must not load anything from elsewhere"
    assert "cdn" not in r.text.lower()
    js = client.get("/sparql/ui/yasgui.min.js")
    assert js.status_code == 200 and len(js.content) > 500_000
    assert client.get("/sparql/ui/..%2F..%2Fmain.py").status_code == 404


def test_syntax_error_is_400_with_the_parser_message(client):
    r = client.get("/sparql", params={"query": "SELECT * WHERE { ?s ?p }"})
    assert r.status_code == 400
    assert r.json()["title"] == "SPARQL syntax error"
    # the engine's own message: pyoxigraph says "error at 1:…", Virtuoso "SPARQL compiler, line 1: syntax error…"
    assert re.search(r"error at 1:|line 1: syntax error", r.json()["detail"])


@pytest.mark.parametrize(
    ("query", "status", "words"),
    [
        ("INSERT DATA { <urn:a> <urn:b> <urn:c> }", 403, "read-only"),
        ("SELECT * WHERE { SERVICE <http://127.0.0.1:8000/sparql> { ?s ?p ?o } }", 400, "SERVICE"),
        ("LOAD <file:///etc/passwd>", 400, "LOAD"),
    ],
)
def test_update_service_and_load_are_refused(client, query, status, words):
    r = client.post("/sparql", content=query, headers=SPARQL_QUERY)
    assert r.status_code == status
    assert words in r.json()["detail"]


def test_plain_text_errors_for_clients_that_ask(client):
    r = client.get("/sparql", params={"query": "SELECT"}, headers={"accept": "text/plain"})
    assert r.status_code == 400
    assert r.headers["content-type"].startswith("text/plain")
    assert r.text.startswith("400 SPARQL syntax error:")


# -------------------------------------------------------------------- updates


UPDATE = "INSERT DATA { GRAPH <urn:test:g> { <urn:test:a> <urn:test:b> 'c' } }"


def test_update_needs_a_token_configured(client):
    r = client.post("/sparql", content=UPDATE, headers={"content-type": "application/sparql-update"})
    assert r.status_code == 403 and "read-only" in r.json()["detail"]


@pytest.mark.parametrize("auth", [None, "Bearer wrong", "Basic c2VjcmV0", "Bearer "])
def test_update_with_bad_token_is_401(store, auth):
    headers = {"content-type": "application/sparql-update"} | ({"authorization": auth} if auth else {})
    with _app(store, update_token="s3cret-token") as c:
        r = c.post("/sparql", content=UPDATE, headers=headers)
    assert r.status_code == 401
    assert r.headers["www-authenticate"].startswith("Bearer")
    assert not store.has_graph("urn:test:g")


def test_update_with_token_applies_and_is_visible_to_queries(store):
    with _app(store, update_token="s3cret-token") as c:
        auth = {"authorization": "Bearer s3cret-token"}
        r = c.post("/sparql", data={"update": UPDATE}, headers=auth)
        assert r.status_code == 204
        r = c.get("/sparql", params={"query": "ASK { <urn:test:a> ?p ?o }"}, headers={"accept": "application/json"})
        assert r.json()["boolean"] is True
        sd = c.get("/sparql", headers={"accept": "text/turtle"}).text
        assert "SPARQL11Update" in sd
        r = c.post(
            "/sparql",
            content="LOAD <file:///etc/passwd> INTO GRAPH <urn:x>",
            headers={**auth, "content-type": "application/sparql-update"},
        )
        assert r.status_code == 400 and "LOAD" in r.json()["detail"]
        r = c.post("/sparql", content="INSERT DATA {", headers={**auth, "content-type": "application/sparql-update"})
        assert r.status_code == 400 and r.json()["title"] == "SPARQL syntax error"


def test_examples_in_the_ui_run(client):
    from patentnav.api.query_page import examples as _examples
    from patentnav.ontology import sparql_prefixes

    examples = _examples()
    assert len(examples) >= 3
    for title, text in examples:
        r = client.post(
            "/sparql", content=sparql_prefixes() + text, headers={**SPARQL_QUERY, "accept": "application/json"}
        )
        assert r.status_code == 200, (title, r.text)
    industries = json.loads(
        client.post("/sparql", content=sparql_prefixes() + examples[0][1], headers=SPARQL_QUERY).text
    )["results"]["bindings"]
    assert len(industries) >= 5


def test_readme_queries_are_the_ui_examples():
    """Every ``sparql`` block of the README and of the manual (docs/) is one of the query UI's examples."""
    from patentnav.api.query_page import examples as _examples
    from tests.support.doc_examples import README, sparql_blocks, sparql_examples

    assert sparql_blocks(README), "README.md shows no SPARQL example"
    examples = [text for _, text in _examples()]
    for where, block in sparql_examples():
        assert any(block.strip() in text for text in examples), f"{where} is not a query UI example: {block[:60]}"
