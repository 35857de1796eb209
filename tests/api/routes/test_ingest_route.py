"""POST /ingest: only with the ingest token; problems for bad files."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.graph.ingest.synthetic import write_export
from patentnav.settings import Settings


def _client(store, token: str | None) -> TestClient:
    return TestClient(create_app(Settings(store="memory://", ingest_token=token), store=store))


def test_ingest_disabled_without_a_token(store, tmp_path: Path) -> None:
    path = write_export("lens", tmp_path / "synthetic_lens.csv", rows=5, seed=1)
    with _client(store, None) as client:
        response = client.post("/ingest", files={"file": (path.name, path.read_bytes(), "text/csv")})
    assert response.status_code == 403
    assert response.headers["content-type"].startswith("application/problem+json")


def test_ingest_with_token(store, tmp_path: Path) -> None:
    path = write_export("lens", tmp_path / "synthetic_lens.csv", rows=5, seed=1)
    with _client(store, "s3cret") as client:
        wrong = client.post(
            "/ingest", files={"file": (path.name, path.read_bytes())}, headers={"Authorization": "Bearer nope"}
        )
        assert wrong.status_code == 401
        ok = client.post(
            "/ingest", files={"file": (path.name, path.read_bytes())}, headers={"Authorization": "Bearer s3cret"}
        )
        assert ok.status_code == 200, ok.text
        body = ok.json()
        assert (body["format"], body["rows_read"], body["patents_added"], body["synthetic"]) == ("lens", 5, 5, True)
        again = client.post(
            "/ingest", files={"file": (path.name, path.read_bytes())}, headers={"Authorization": "Bearer s3cret"}
        )
        assert again.json()["already_loaded"] is True
        bad = client.post(
            "/ingest", files={"file": ("x.csv", b"foo,bar\n1,2\n")}, headers={"Authorization": "Bearer s3cret"}
        )
        assert bad.status_code == 400 and "unknown format" in bad.json()["detail"]


def test_ingested_patents_reach_sparql_worker_processes(tmp_path: Path) -> None:
    # On disk, /sparql answers from worker processes holding the store as they opened it;
    # found by tests/test_end_to_end.py: they answered 0 patents after an ingest.
    from patentnav.graph.bootstrap import ensure_seeded
    from patentnav.graph.store import open_store

    store = open_store(f"oxigraph://{tmp_path / 'store'}")
    ensure_seeded(store)
    path = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=6, seed=3)
    count = {"query": "SELECT (COUNT(*) AS ?n) WHERE { ?p a <https://w3id.org/patentnav/ontology#Patent> }"}
    json = {"accept": "application/sparql-results+json"}
    settings = Settings(store=store.url, ingest_token="s3cret", query_workers=1)
    with TestClient(create_app(settings, store=store)) as client:
        assert client.get("/sparql", params=count, headers=json).json()["results"]["bindings"][0]["n"]["value"] == "0"
        response = client.post(
            "/ingest", files={"file": (path.name, path.read_bytes())}, headers={"Authorization": "Bearer s3cret"}
        )
        assert response.status_code == 200 and response.json()["patents_added"] == 6
        after = client.get("/sparql", params=count, headers=json)
        assert after.status_code == 200, after.text
        assert after.json()["results"]["bindings"][0]["n"]["value"] == "6", after.text
