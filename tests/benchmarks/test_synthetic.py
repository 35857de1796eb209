"""The benchmark generator's data is labelled synthetic, parses, and is shaped like real exports (not timed)."""

from __future__ import annotations

import io
from collections import Counter

import pyoxigraph as ox

from benchmarks.synthetic import IPC_BY_INDUSTRY, SOURCE, publication_number, write_ntriples
from patentnav.graph.store import PatentStore, open_store, select

CITED = "SELECT (COUNT(?p) AS ?n) WHERE { ?p a pnav:Patent ; prov:wasDerivedFrom ?s . ?s pnav:synthetic true }"
SOURCE_LABEL = "SELECT ?l WHERE { ?s pnav:synthetic ?b ; rdfs:label ?l FILTER(LANG(?l) = 'en') }"
BY_APPLICANT = "SELECT ?a (COUNT(?p) AS ?n) WHERE { ?p pnav:applicant ?a } GROUP BY ?a ORDER BY DESC(?n)"
APPLICANT_NAMES = "SELECT ?l WHERE { ?a a pnav:Organization ; rdfs:label ?l FILTER(LANG(?l) = 'en') }"
MAIN_IPC = "SELECT DISTINCT ?n WHERE { ?p pnav:mainClassification/skos:notation ?n }"
BY_NUMBER = "SELECT ?p WHERE { ?p pnav:publicationNumber ?n }"


def _store(patents: int) -> PatentStore:
    buf = io.StringIO()
    count = write_ntriples(buf, patents=patents, seed=3)
    store = open_store("memory://")
    assert store.load_graph("urn:bench", buf.getvalue(), format=ox.RdfFormat.N_TRIPLES) == count
    return store


def test_every_patent_cites_a_source_labelled_synthetic() -> None:
    store = _store(300)
    assert select(store, CITED) == [{"n": 300}]
    assert select(store, SOURCE_LABEL, s=ox.NamedNode(SOURCE)) == [{"l": "Synthetic benchmark data (not real)"}]


def test_applicants_are_zipf_skewed_and_obviously_synthetic() -> None:
    store = _store(2000)
    counts = [r["n"] for r in select(store, BY_APPLICANT)]
    assert counts[0] > 10 * counts[len(counts) // 2]  # the head files far more than the median applicant
    names = {r["l"] for r in select(store, APPLICANT_NAMES)}
    assert names and all(n.startswith("Synthetic Applicant ") for n in names)


def test_ipc_symbols_come_from_the_industry_table_and_numbers_are_predictable() -> None:
    store = _store(500)
    notations = {r["n"] for r in select(store, MAIN_IPC)}
    assert notations and notations <= {s for symbols in IPC_BY_INDUSTRY.values() for s in symbols}
    assert Counter(publication_number(i)[-1] for i in range(1000)) == {"A": 500, "U": 400, "S": 100}
    assert len(select(store, BY_NUMBER, n=ox.Literal(publication_number(42)))) == 1
