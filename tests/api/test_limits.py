"""Body limits: an oversized upload is a 413 problem however it is sent, and nothing of it is loaded."""

from __future__ import annotations

from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.synthetic import write_export
from patentnav.graph.store import PatentStore, open_store
from patentnav.settings import Settings

TOKEN = "t0ken-for-tests"
AUTH = {"authorization": f"Bearer {TOKEN}"}
LIMIT = 50_000
BOUNDARY = "patentnav-test-boundary"


@pytest.fixture
def store() -> PatentStore:
    store = open_store("memory://")
    ensure_seeded(store)
    return store


@pytest.fixture
def client(store: PatentStore) -> Iterator[TestClient]:
    settings = Settings(store="memory://", ingest_token=TOKEN, update_token=TOKEN, max_upload_bytes=LIMIT)
    with TestClient(create_app(settings, store=store)) as c:
        yield c


def _chunked(data: bytes, size: int = 8_192) -> Iterator[bytes]:
    """``data`` as a generator: httpx sends it chunked, without a Content-Length."""
    for start in range(0, len(data), size):
        yield data[start : start + size]


def _multipart(name: str, data: bytes) -> bytes:
    head = (
        f'--{BOUNDARY}\r\nContent-Disposition: form-data; name="file"; filename="{name}"\r\n'
        "Content-Type: text/csv\r\n\r\n"
    ).encode()
    return head + data + f"\r\n--{BOUNDARY}--\r\n".encode()


def _upload(client: TestClient, body: bytes):
    headers = {**AUTH, "content-type": f"multipart/form-data; boundary={BOUNDARY}"}
    return client.post("/ingest", content=_chunked(body), headers=headers)


def _assert_too_large(response) -> None:
    assert response.status_code == 413, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    body = response.json()
    assert (body["status"], body["title"]) == (413, "Request too large")
    assert f"the limit is {LIMIT}" in body["detail"]


def test_an_oversized_chunked_multipart_upload_to_ingest_is_413_and_loads_nothing(client, store, tmp_path: Path):
    export = write_export("lens", tmp_path / "synthetic_lens.csv", rows=5, seed=1).read_bytes()
    padded = export + b"\n" * (2 * LIMIT)  # a real export, past the limit
    before = (len(store), sorted(store.named_graphs()))
    _assert_too_large(_upload(client, _multipart("synthetic_lens.csv", padded)))
    assert (len(store), sorted(store.named_graphs())) == before


def test_a_chunked_multipart_upload_within_the_limit_is_ingested(client, store, tmp_path: Path):
    export = write_export("lens", tmp_path / "synthetic_lens.csv", rows=5, seed=1).read_bytes()
    assert len(export) < LIMIT
    response = _upload(client, _multipart("synthetic_lens.csv", export))
    assert response.status_code == 200, response.text
    assert response.json()["patents_added"] == 5


def test_an_oversized_chunked_graph_store_upload_is_413_and_loads_nothing(client, store):
    turtle = b"".join(b"<urn:ex:s%d> <urn:ex:p> 'x' .\n" % i for i in range(LIMIT // 10))
    assert len(turtle) > LIMIT
    for method in ("PUT", "POST"):
        response = client.request(
            method,
            "/graph-store",
            params={"graph": "urn:ex:big"},
            content=_chunked(turtle),
            headers={**AUTH, "content-type": "text/turtle"},
        )
        _assert_too_large(response)
        assert not store.has_graph("urn:ex:big")


def test_an_oversized_declared_upload_is_413_too(client, store):
    response = client.post(
        "/ingest",
        files={"file": ("big.csv", b"x" * (2 * LIMIT), "text/csv")},
        headers=AUTH,
    )
    _assert_too_large(response)
