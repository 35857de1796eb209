"""Ingested patents satisfy the SHACL shapes, including Google's (no application number)."""

from __future__ import annotations

from pathlib import Path

from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.synthetic import FORMAT_FILES, write_export
from patentnav.graph.store import PatentStore, select
from patentnav.graph.validate import validate_store


def test_an_ingested_google_sample_conforms(tmp_path: Path, store: PatentStore) -> None:
    path = write_export("google", tmp_path / FORMAT_FILES["google"], rows=40, seed=3)
    result = ingest_file(store, path)
    # the premise: Google records carry publication numbers only
    rows = select(
        store,
        "SELECT (COUNT(DISTINCT ?p) AS ?n) WHERE { GRAPH ?g { ?p a pnav:Patent FILTER NOT EXISTS "
        "{ ?p pnav:applicationNumber ?a } } }",
    )
    assert result.patents_added == 40 and rows[0]["n"] == 40
    report = validate_store(store)
    assert report.conforms, "\n".join(str(v) for v in report.violations[:10])


def test_a_patent_with_neither_number_is_reported(store: PatentStore) -> None:
    store.update(
        "INSERT DATA { GRAPH <urn:test> { <https://w3id.org/patentnav/id/patent/X1> a "
        "<https://w3id.org/patentnav/ontology#Patent> } }"
    )
    report = validate_store(store)
    assert not report.conforms
    messages = [v.message for v in report.violations if v.focus_node.endswith("/patent/X1")]
    assert messages == [
        "a patent needs an application number or a publication number "
        "(pnav:applicationNumber or pnav:publicationNumber)"
    ]
