"""What a query and an update read: their own FROM / USING, the protocol's dataset, else the union; the base IRI;
the update guard (time and size bounded before anything is written); answers XML 1.0 cannot carry."""

from __future__ import annotations

import pyoxigraph as ox
import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.graph.store import PatentStore, open_store
from patentnav.ontology import PNAV, graph_iri
from patentnav.settings import Settings

JSON = {"accept": "application/sparql-results+json"}
TOKEN = {"authorization": "Bearer t0ken"}
UPDATE = {**TOKEN, "content-type": "application/sparql-update"}
PILOT = graph_iri("hunan-pilot")


def _count(client: TestClient, query: str, **params) -> int:
    r = client.get("/sparql", params={"query": query, **params}, headers=JSON)
    assert r.status_code == 200, r.text
    return int(r.json()["results"]["bindings"][0]["n"]["value"])


def _app(store: PatentStore, **settings) -> TestClient:
    return TestClient(create_app(Settings(store="memory://", update_token="t0ken", **settings), store=store))


def test_a_query_own_from_defines_its_dataset(client) -> None:
    everything = _count(client, "SELECT (COUNT(*) AS ?n) WHERE { ?s ?p ?o }")
    assert everything > 100
    assert _count(client, "SELECT (COUNT(*) AS ?n) FROM <urn:none> WHERE { ?s ?p ?o }") == 0
    pilot = _count(client, f"SELECT (COUNT(*) AS ?n) FROM <{PILOT}> WHERE {{ ?s ?p ?o }}")
    assert 0 < pilot < everything
    # FROM NAMED alone: an empty default graph, the named graph reachable by GRAPH
    assert _count(client, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{PILOT}> WHERE {{ ?s ?p ?o }}") == 0
    assert _count(client, f"SELECT (COUNT(*) AS ?n) FROM NAMED <{PILOT}> WHERE {{ GRAPH ?g {{ ?s ?p ?o }} }}") == pilot


def test_the_protocol_dataset_wins_over_from(client) -> None:
    query = "SELECT (COUNT(*) AS ?n) FROM <urn:none> WHERE { ?s ?p ?o }"
    assert _count(client, query, **{"default-graph-uri": PILOT}) > 0


def test_from_inside_strings_iris_and_names_is_not_a_dataset(client) -> None:
    query = f'PREFIX from: <{PNAV}> SELECT (COUNT(*) AS ?n) WHERE {{ ?s ?p ?o FILTER(?o != "FROM <urn:none>") }} # FROM'
    assert _count(client, query) > 100


def test_relative_iris_resolve_against_the_endpoint(client) -> None:
    """W3C protocol: a relative IRI in a query is resolved with the service's URL as base."""
    r = client.get(
        "/sparql", params={"query": "CONSTRUCT { <s> <p> 1 } WHERE {}"}, headers={"accept": "application/n-triples"}
    )
    assert r.status_code == 200
    assert (
        r.text.strip()
        == '<http://testserver/s> <http://testserver/p> "1"^^<http://www.w3.org/2001/XMLSchema#integer> .'
    )
    # the query's own BASE still wins
    r = client.get(
        "/sparql",
        params={"query": "BASE <http://example.org/a/> ASK { FILTER(<s> = <http://example.org/a/s>) }"},
        headers=JSON,
    )
    assert r.json()["boolean"] is True


def test_an_update_where_reads_what_a_query_reads(store) -> None:
    """The union default graph for both: the issue's INSERT … WHERE { ?s a pnav:Industry } inserts the industries."""
    with _app(store) as c:
        update = f"PREFIX pnav: <{PNAV}> INSERT {{ GRAPH <urn:copy> {{ ?s a pnav:Industry }} }} WHERE {{ ?s a pnav:Industry }}"
        assert c.post("/sparql", content=update, headers=UPDATE).status_code == 204
        industries = f"PREFIX pnav: <{PNAV}> SELECT (COUNT(DISTINCT ?s) AS ?n) WHERE {{ ?s a pnav:Industry }}"
        copied = f"PREFIX pnav: <{PNAV}> SELECT (COUNT(*) AS ?n) WHERE {{ GRAPH <urn:copy> {{ ?s a pnav:Industry }} }}"
        assert _count(c, copied) == _count(c, industries) == 5
    assert store.has_graph("urn:copy")


def test_an_update_own_using_is_kept(store) -> None:
    with _app(store) as c:
        update = "INSERT { GRAPH <urn:copy> { ?s ?p ?o } } USING <urn:none> WHERE { ?s ?p ?o }"
        assert c.post("/sparql", content=update, headers=UPDATE).status_code == 204
        assert not store.has_graph("urn:copy")


def test_update_dataset_protocol_parameters(store) -> None:
    """W3C update_dataset_default_graph(s) / _named_graphs / _full: using-graph-uri and using-named-graph-uri."""
    with _app(store) as c:
        for g, n in (("urn:d1", 1), ("urn:d2", 2)):
            data = f"INSERT DATA {{ GRAPH <{g}> {{ <urn:doc{n}> a <urn:Doc> }} }}"
            assert c.post("/sparql", content=data, headers=UPDATE).status_code == 204
        copy = "INSERT { GRAPH <urn:out> { ?d a <urn:Copied> } } WHERE { ?d a <urn:Doc> }"
        r = c.post("/sparql", params={"using-graph-uri": "urn:d1"}, content=copy, headers=UPDATE)
        assert r.status_code == 204
        assert _count(c, "SELECT (COUNT(*) AS ?n) FROM <urn:out> WHERE { ?d a <urn:Copied> }") == 1
        r = c.post("/sparql", params=[("using-graph-uri", "urn:d1"), ("using-graph-uri", "urn:d2")], content=copy,
                   headers=UPDATE)  # fmt: skip
        assert _count(c, "SELECT (COUNT(*) AS ?n) FROM <urn:out> WHERE { ?d a <urn:Copied> }") == 2
        named = "INSERT { GRAPH <urn:named> { ?d <urn:in> ?g } } WHERE { GRAPH ?g { ?d a <urn:Doc> } }"
        r = c.post("/sparql", data={"update": named, "using-named-graph-uri": "urn:d2"}, headers=TOKEN)
        assert r.status_code == 204
        assert _count(c, "SELECT (COUNT(*) AS ?n) FROM <urn:named> WHERE { ?d <urn:in> <urn:d2> }") == 1
        assert _count(c, "SELECT (COUNT(*) AS ?n) FROM <urn:named> WHERE { ?d <urn:in> ?g }") == 1
        conflict = "INSERT { GRAPH <urn:x> { ?d a <urn:X> } } USING <urn:d1> WHERE { ?d a <urn:Doc> }"
        r = c.post("/sparql", params={"using-graph-uri": "urn:d2"}, content=conflict, headers=UPDATE)
        assert r.status_code == 400 and "nothing was applied" in r.json()["detail"]
        assert not store.has_graph("urn:x")


def test_update_base_uri(store) -> None:
    """W3C update_base_uri: relative IRIs in an update resolve against the endpoint URL."""
    with _app(store) as c:
        assert c.post("/sparql", content="INSERT DATA { GRAPH <g> { <s> <p> <o> } }", headers=UPDATE).status_code == 204
        assert store.has_graph("http://testserver/g")


def test_an_update_touching_too_much_is_refused_before_anything_is_written(store) -> None:
    before = len(store)
    with _app(store, max_update_rows=100) as c:
        runaway = "INSERT { GRAPH <urn:x> { ?a <urn:p> ?d } } WHERE { ?a ?b ?c . ?d ?e ?f }"
        r = c.post("/sparql", content=runaway, headers=UPDATE)
        assert r.status_code == 413, r.text
        assert r.headers["content-type"] == "application/problem+json"
        assert "nothing was applied" in r.json()["detail"] and "100 solutions" in r.json()["detail"]
        copy = f"COPY <{PILOT}> TO <urn:y>"
        assert c.post("/sparql", content=copy, headers=UPDATE).status_code == 413
        # a small one still goes through
        small = (
            f"PREFIX pnav: <{PNAV}> INSERT {{ GRAPH <urn:z> {{ ?s a pnav:Industry }} }} WHERE {{ ?s a pnav:Industry }}"
        )
        assert c.post("/sparql", content=small, headers=UPDATE).status_code == 204
    assert not store.has_graph("urn:x") and not store.has_graph("urn:y") and store.has_graph("urn:z")
    assert len(store) == before + 5


@pytest.mark.embedded_only
def test_an_update_whose_where_cannot_finish_times_out_and_applies_nothing(tmp_path) -> None:
    """On the on-disk store the WHERE is evaluated in a worker that is killed at the query timeout.

    The WHERE is a filtered three-way cross product of a few thousand triples (about 10^10 rows): no
    machine finishes it within the timeout, so the 503 comes from the timeout, whatever the speed.
    """
    store = open_store(f"oxigraph://{tmp_path / 'store'}")
    store.load_graph("urn:big", "\n".join(f"<urn:s{i}> <urn:p> {i} ." for i in range(2200)))
    with TestClient(create_app(Settings(store=store.url, update_token="t0ken", query_timeout=1), store=store)) as c:
        runaway = (
            "INSERT { GRAPH <urn:x> { ?a <urn:q> ?g } } WHERE { ?a ?b ?c . ?d ?e ?f . ?g ?h ?i "
            "FILTER(STRLEN(CONCAT(STR(?c), STR(?f), STR(?i))) < 0) }"
        )
        r = c.post("/sparql", content=runaway, headers=UPDATE)
        assert r.status_code == 503, r.text
        assert r.json()["title"] == "Update timed out" and "nothing was applied" in r.json()["detail"]
        assert "Retry-After" in r.headers
        # the server answers the next request, and the store is unchanged; that request may meet a worker
        # process still starting (the killed one's replacement), whose start-up counts against a short limit
        c.app.state.query_pool.timeout = 120
        assert c.get("/sparql", params={"query": "ASK { GRAPH <urn:x> { ?s ?p ?o } }"}, headers=JSON).json() == {
            "head": {},
            "boolean": False,
        }
    assert not store.has_graph("urn:x")


@pytest.mark.embedded_only
@pytest.mark.parametrize(
    ("path", "accept"),
    [
        (
            "/sparql?query=SELECT%20%3Fo%20WHERE%20%7B%20%3Curn%3Aa%3E%20%3Fp%20%3Fo%20%7D",
            "application/sparql-results+xml",
        ),
        ("/sparql?query=CONSTRUCT%20WHERE%20%7B%20%3Curn%3Aa%3E%20%3Fp%20%3Fo%20%7D", "application/rdf+xml"),
        ("/graph-store?graph=urn%3Actl", "application/rdf+xml"),
    ],
)
def test_xml_answers_are_never_ill_formed(store, path, accept) -> None:
    """A literal with a control character (legal in RDF) cannot be written in XML 1.0: 406 saying which formats can."""
    store.load_graph("urn:ctl", '<urn:a> <urn:p> "a\\u0001b" .', format=ox.RdfFormat.N_TRIPLES)
    with _app(store) as c:
        r = c.get(path, headers={"accept": accept})
        assert r.status_code == 406 and "U+0001" in r.json()["detail"]
        r = c.get(path, headers={"accept": "application/sparql-results+json, application/n-triples"})
        assert r.status_code == 200 and ("\\u0001" in r.text or "\\u0001".upper() in r.text.upper())
