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
