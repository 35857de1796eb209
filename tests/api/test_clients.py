"""Real SPARQL clients against a real server: SPARQLWrapper and rdflib's SPARQLStore."""

from __future__ import annotations

import rdflib
from rdflib.plugins.stores.sparqlstore import SPARQLStore, SPARQLUpdateStore
from SPARQLWrapper import CSV, JSON, TURTLE, XML, SPARQLWrapper

from patentnav.ontology import PNAV

INDUSTRIES = f"PREFIX pnav: <{PNAV}> SELECT ?i WHERE {{ ?i a pnav:Industry }}"
CONSTRUCT = f"PREFIX pnav: <{PNAV}> CONSTRUCT {{ ?i a pnav:Industry }} WHERE {{ ?i a pnav:Industry }}"


def test_sparqlwrapper_select_json_and_xml_and_csv(live_server):
    sparql = SPARQLWrapper(live_server + "/sparql")
    sparql.setQuery(INDUSTRIES)
    sparql.setReturnFormat(JSON)
    assert len(sparql.queryAndConvert()["results"]["bindings"]) == 5
    sparql.setReturnFormat(XML)
    document = sparql.queryAndConvert()
    assert len(document.getElementsByTagName("result")) == 5
    sparql.setReturnFormat(CSV)
    assert sparql.queryAndConvert().decode().count("industry/") == 5


def test_sparqlwrapper_post_and_construct(live_server):
    sparql = SPARQLWrapper(live_server + "/sparql")
    sparql.setMethod("POST")
    sparql.setQuery(CONSTRUCT)
    sparql.setReturnFormat(TURTLE)
    graph = rdflib.Graph().parse(data=sparql.queryAndConvert(), format="turtle")
    assert len(graph) == 5


def test_sparqlwrapper_sees_refusals_as_errors(live_server):
    from SPARQLWrapper.SPARQLExceptions import QueryBadFormed

    sparql = SPARQLWrapper(live_server + "/sparql")
    sparql.setQuery("SELECT * WHERE { SERVICE <http://127.0.0.1:1/> { ?s ?p ?o } }")
    sparql.setReturnFormat(JSON)
    try:
        sparql.queryAndConvert()
    except QueryBadFormed as exc:
        assert "SERVICE" in str(exc)
    else:  # pragma: no cover - the assertion is the point
        raise AssertionError("SERVICE was not refused")


def test_rdflib_sparqlstore_select_ask_construct(live_server):
    graph = rdflib.Graph(store=SPARQLStore(live_server + "/sparql"))
    rows = list(graph.query(INDUSTRIES))
    assert len(rows) == 5 and all("industry/" in str(r[0]) for r in rows)
    assert graph.query("ASK { ?s ?p ?o }").askAnswer is True
    constructed = graph.query(CONSTRUCT).graph
    assert len(constructed) == 5


def test_rdflib_sparqlupdatestore_with_bearer_token(live_server):
    store = SPARQLUpdateStore(
        live_server + "/sparql", live_server + "/sparql", auth=None, headers={"Authorization": "Bearer live-token"}
    )
    # The store's own update() sends no using-graph-uri (not supported here); the update names its graph.
    store.update("INSERT DATA { GRAPH <urn:client:g> { <urn:client:a> <urn:client:p> 'x' } }")
    reader = rdflib.Graph(store=SPARQLStore(live_server + "/sparql"))
    assert reader.query("ASK { <urn:client:a> ?p 'x' }").askAnswer is True
