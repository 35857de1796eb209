"""POST /ingest form fields ``map``, ``columns`` (uploaded CSV or text) and ``only``: the CLI's options."""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.graph.ingest import loader
from patentnav.graph.ingest.synthetic import CNIPA_HEADER, write_export
from patentnav.settings import Settings

AUTH = {"Authorization": "Bearer s3cret"}


@pytest.fixture
def client():
    from patentnav.graph.bootstrap import ensure_seeded
    from patentnav.graph.store import open_store

    store = open_store("memory://")
    ensure_seeded(store)
    with TestClient(create_app(Settings(store="memory://", ingest_token="s3cret"), store=store)) as c:
        yield c


def _variant(tmp_path: Path) -> Path:
    """A CNIPA export with the address column spelled 申请人所在地址 and a row number column."""
    source = write_export("cnipa", tmp_path / "source.csv", rows=12, seed=4)
    with source.open(encoding="utf-8-sig", newline="") as fh:
        rows = list(csv.reader(fh))[1:]
    header = [*CNIPA_HEADER, "序号"]
    header[header.index("申请人地址")] = "申请人所在地址"
    buf = io.StringIO()
    writer = csv.writer(buf)
    writer.writerow(header)
    writer.writerows([*row, str(i)] for i, row in enumerate(rows, start=1))
    path = tmp_path / "synthetic_variant.csv"
    path.write_text(buf.getvalue(), encoding="utf-8")
    return path


def _post(client: TestClient, path: Path, data: dict | None = None, files: dict | None = None):
    return client.post(
        "/ingest", files={"file": (path.name, path.read_bytes()), **(files or {})}, data=data or {}, headers=AUTH
    )


def test_without_fields_unread_columns_are_listed(client: TestClient, tmp_path: Path) -> None:
    response = _post(client, _variant(tmp_path))
    assert response.status_code == 200, response.text
    body = response.json()
    assert [c.split(":")[0] for c in body["columns_ignored"]] == ["申请人所在地址", "序号"]
    assert body["rows_filtered"] == 0 and body["layout"] == "generic"


def test_map_fields_are_read(client: TestClient, tmp_path: Path) -> None:
    response = _post(client, _variant(tmp_path), data={"map": ["申请人所在地址=address", "序号=ignore"]})
    assert response.status_code == 200, response.text
    assert response.json()["columns_ignored"] == ["序号: dropped by --map"]


@pytest.mark.parametrize("how", ["upload", "text"])
def test_columns_as_an_uploaded_csv_or_a_text_field(client: TestClient, tmp_path: Path, how: str) -> None:
    table = "header,field\n申请人所在地址,address\n序号,ignore\n别的表头,title\n"
    if how == "upload":
        response = _post(client, _variant(tmp_path), files={"columns": ("cols.csv", table.encode("utf-8-sig"))})
    else:
        response = _post(client, _variant(tmp_path), data={"columns": table})
    assert response.status_code == 200, response.text
    assert response.json()["columns_ignored"] == ["序号: dropped by --map"]


@pytest.mark.skipif(not hasattr(loader, "IngestFilter"), reason="the loader has no IngestFilter yet")
def test_only_keeps_the_scope_and_counts_the_rest(client: TestClient, tmp_path: Path) -> None:
    path = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=40, seed=5)
    with path.open(encoding="utf-8-sig", newline="") as fh:
        expected = sum(1 for row in csv.DictReader(fh) if row["申请人地址"].startswith("湖南省长沙市"))
    response = _post(client, path, data={"only": ["region=430100"]})
    assert response.status_code == 200, response.text
    body = response.json()
    assert 0 < expected < 40
    assert (body["rows_read"], body["rows_read"] - body["rows_filtered"]) == (40, expected)


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        ({"map": "申请人所在地址=adress"}, "map 申请人所在地址=adress: unknown field 'adress'; did you mean address"),
        ({"map": "没有=title"}, "map names the header '没有', which the file does not have"),
        ({"map": "no-equals"}, "map 'no-equals': write HEADER=field"),
        ({"columns": "a,b,c\n"}, "columns line 1: write two cells, HEADER,field"),
        ({"only": "industry=spaceships"}, "only industry=spaceships: unknown industry; known: construction-machinery"),
        ({"only": "region=43"}, "only region=43: a region is a 6-digit GB/T 2260 code"),
    ],
)
def test_bad_fields_are_problem_400_and_load_nothing(client: TestClient, tmp_path: Path, data, expected) -> None:
    response = _post(client, _variant(tmp_path), data=data)
    assert response.status_code == 400, response.text
    assert response.headers["content-type"].startswith("application/problem+json")
    problem = response.json()
    assert problem["title"] == "Bad ingest options" and expected in problem["detail"], problem
    assert "\n" not in problem["detail"]
    listed = client.get("/sparql", params={"query": "ASK { ?s a <https://w3id.org/patentnav/ontology#Patent> }"},
                        headers={"accept": "application/sparql-results+json"})  # fmt: skip
    assert listed.json()["boolean"] is False
