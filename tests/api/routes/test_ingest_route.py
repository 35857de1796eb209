"""POST /ingest: only with the ingest token; problems for bad files."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.graph.ingest.synthetic import write_export
from patentnav.settings import Settings
from tests.support.xlsx import DAMAGE, damage_workbook


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


def _memory_client() -> TestClient:
    from patentnav.graph.bootstrap import ensure_seeded
    from patentnav.graph.store import open_store

    store = open_store("memory://")
    ensure_seeded(store)
    return _client(store, "s3cret")


def _post(client: TestClient, path: Path):
    return client.post(
        "/ingest", files={"file": (path.name, path.read_bytes())}, headers={"Authorization": "Bearer s3cret"}
    )


def _no_source_graphs(client: TestClient) -> bool:
    from patentnav.graph.ingest.loader import SOURCE_GRAPH_PREFIX

    query = {"query": f'ASK {{ GRAPH ?g {{ ?s ?p ?o }} FILTER(STRSTARTS(STR(?g), "{SOURCE_GRAPH_PREFIX}")) }}'}
    answer = client.get("/sparql", params=query, headers={"accept": "application/sparql-results+json"})
    return answer.json()["boolean"] is False


def test_xlsx_bomb_over_the_size_cap_is_413_and_loads_nothing(tmp_path: Path) -> None:
    from patentnav.graph.ingest.tabular import XLSX_MAX_UNCOMPRESSED_BYTES
    from tests.support.xlsx import write_bomb

    bomb = write_bomb(tmp_path / "bomb.xlsx", XLSX_MAX_UNCOMPRESSED_BYTES + (16 << 20))
    with _memory_client() as client:
        response = _post(client, bomb)
        assert response.status_code == 413, response.text
        assert response.headers["content-type"].startswith("application/problem+json")
        detail = response.json()["detail"]
        assert detail.startswith("bomb.xlsx: the XLSX file unpacks to 1.02 GiB") and "\n" not in detail
        assert _no_source_graphs(client)


def test_xlsx_compressed_like_a_bomb_is_400_and_loads_nothing(tmp_path: Path) -> None:
    from tests.support.xlsx import write_bomb

    with _memory_client() as client:
        response = _post(client, write_bomb(tmp_path / "ratio.xlsx", 8 << 20))
        assert response.status_code == 400, response.text
        assert "is compressed" in response.json()["detail"] and "nothing loaded" in response.json()["detail"]
        assert _no_source_graphs(client)


@pytest.mark.parametrize("kind", DAMAGE)
def test_damaged_xlsx_is_one_line_400_without_the_servers_path(tmp_path: Path, kind: str) -> None:
    import tempfile

    good = write_export("cnipa-xlsx", tmp_path / "synthetic_cnipa.xlsx", rows=10, seed=1)
    path = damage_workbook(good, tmp_path / f"{kind}.xlsx", kind)
    with _memory_client() as client:
        response = _post(client, path)
        assert response.status_code == 400, response.text
        detail = response.json()["detail"]
    assert detail.startswith(f"{kind}.xlsx: ") and "XLSX" in detail and "\n" not in detail
    assert tempfile.gettempdir() not in detail and "patentnav-" not in detail and "scratch" not in detail


def test_an_old_excel_xls_upload_loads_and_a_bad_one_is_one_line(tmp_path: Path) -> None:
    import tempfile

    from tests.support.xls import damage_xls, write_xls

    rows = [
        ["incoPat 检索结果"],
        ["申请号", "标题", "申请人", "申请日"],
        ["CN201810123456.7", "一种起重机", "三一重工", 20180526],
    ]
    good = write_xls(tmp_path / "incopat.xls", {"检索式": [["TI=起重机"]], "专利": rows})
    crafted = damage_xls(good, tmp_path / "crafted.xls", "huge-dimensions")  # aborts a process that parses it
    page = tmp_path / "page.xls"  # a web page saved as .xls: read (tests/graph/ingest/test_html_table.py)
    page.write_bytes("<html><table><tr><td>申请号<td>申请人<tr><td>CN201910654321.X<td>中车</table></html>".encode())
    empty = tmp_path / "empty.xls"
    empty.write_bytes("<html><body><p>无检索结果</p></body></html>".encode())
    with _memory_client() as client:
        ok = _post(client, good)
        assert ok.status_code == 200, ok.text
        assert (ok.json()["format"], ok.json()["patents_added"], ok.json()["rows_rejected"]) == ("cnipa", 1, 0)
        ok = _post(client, page)
        assert ok.status_code == 200, ok.text
        assert (ok.json()["format"], ok.json()["patents_added"], ok.json()["rows_rejected"]) == ("cnipa", 1, 0)
        for path, start in (
            (crafted, "crafted.xls: cannot read this .xls workbook"),
            (empty, "empty.xls: this web page saved as .xls has no table"),
        ):
            response = _post(client, path)
            assert response.status_code == 400, response.text
            detail = response.json()["detail"]
            assert detail.startswith(start) and detail.endswith("; nothing loaded") and "\n" not in detail
            assert tempfile.gettempdir() not in detail and "scratch" not in detail
        assert _post(client, good).json()["already_loaded"] is True  # the server lives on
    from patentnav.graph.store import open_store

    limited = Settings(store="memory://", ingest_token="s3cret", xls_max_bytes=1024)
    with TestClient(create_app(limited, store=open_store("memory://"))) as client:
        response = _post(client, good)
    assert response.status_code == 413, response.text
    assert response.json()["detail"].startswith("incopat.xls: the .xls file is ")
    limited = Settings(store="memory://", ingest_token="s3cret", markup_max_bytes=64)
    with TestClient(create_app(limited, store=open_store("memory://"))) as client:
        response = _post(client, page)
    assert response.status_code == 413, response.text
    assert response.json()["detail"].startswith("page.xls: the HTML table saved as .xls is ")


def test_rows_with_control_characters_load_and_are_listed(tmp_path: Path) -> None:
    from patentnav.graph.ingest.synthetic import CNIPA_HEADER

    row = ["CN201919000001.1", "", "2019-01-02", "", "一种\x01合成\x00样例装置", "", "合成样例机械有限公司0001"]
    path = tmp_path / "controls.csv"
    path.write_bytes((",".join(CNIPA_HEADER) + "\n" + ",".join(row + [""] * 7) + "\n").encode())
    with _memory_client() as client:
        response = _post(client, path)
    assert response.status_code == 200, response.text
    body = response.json()
    assert (body["rows_read"], body["patents_added"], body["rows_rejected"], body["rows_with_notices"]) == (1, 1, 0, 1)
    assert body["notices"] == [{"line": 2, "field": "名称", "reason": "removed U+0000, U+0001"}]


def test_compressed_uploads_are_read_and_archives_of_several_or_bombs_refused(store, tmp_path: Path) -> None:
    """A .csv.gz upload is its CSV; a ZIP of one export is read under its name in the archive; a ZIP of several
    is 400 naming them; a gzip bomb is 400 and loads nothing. Every refusal is one line of problem JSON."""
    import gzip
    import io
    import zipfile

    csv = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=6, seed=4).read_bytes()
    lens = write_export("lens", tmp_path / "synthetic_lens.csv", rows=3, seed=2).read_bytes()

    def zipped(members: dict[str, bytes]) -> bytes:
        buffer = io.BytesIO()
        with zipfile.ZipFile(buffer, "w", zipfile.ZIP_DEFLATED) as archive:
            for name, data in members.items():
                archive.writestr(name, data)
        return buffer.getvalue()

    auth = {"Authorization": "Bearer s3cret"}
    with _client(store, "s3cret") as client:
        gz = client.post("/ingest", files={"file": ("synthetic_cnipa.csv.gz", gzip.compress(csv))}, headers=auth)
        assert gz.status_code == 200, gz.text
        assert (gz.json()["file"], gz.json()["rows_read"], gz.json()["format"]) == (
            "synthetic_cnipa.csv.gz",
            6,
            "cnipa",
        )
        one = client.post("/ingest", files={"file": ("batch.zip", zipped({"导出/x.csv": lens}))}, headers=auth)
        assert one.status_code == 200 and one.json()["file"] == "batch.zip/导出/x.csv", one.text
        several = client.post(
            "/ingest", files={"file": ("two.zip", zipped({"a.csv": csv, "b.csv": lens}))}, headers=auth
        )
        bomb = client.post("/ingest", files={"file": ("bomb.csv.gz", gzip.compress(b"0" * (64 << 20)))}, headers=auth)
    for response, reason in ((several, "holds 2 exports (a.csv, b.csv)"), (bomb, "a decompression bomb?")):
        assert response.status_code == 400 and response.headers["content-type"].startswith("application/problem+json")
        detail = response.json()["detail"]
        assert reason in detail and "\n" not in detail and str(tmp_path) not in detail and "/tmp" not in detail


def test_the_format_field_offers_every_format_ingest_reads(store) -> None:
    """The upload form's `format` choices are the formats ingest reads (a new reader is not left out of the API)."""
    from patentnav.graph.ingest.formats import FORMATS

    with _client(store, "s3cret") as client:
        schema = client.get("/openapi.json").json()["components"]["schemas"]
    assert set(schema["Body_post_ingest_ingest_post"]["properties"]["format"]["enum"]) == {"auto", *FORMATS}
