"""``POST /policy`` (with the ingest token, problem JSON on bad input), ``GET /policy`` and ``/views/overview?plan=``."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.data import data_path
from patentnav.graph.policy.sample import SAMPLE_FILE, SAMPLE_PLAN_ID
from patentnav.graph.store import PatentStore
from patentnav.settings import Settings

TOKEN = {"authorization": "Bearer s3cret"}


@pytest.fixture
def api(store: PatentStore):
    with TestClient(create_app(Settings(store="memory://", ingest_token="s3cret"), store=store)) as client:
        yield client


def _upload(name: str, data: bytes) -> dict:
    return {"file": (name, data, "application/octet-stream")}


def test_posting_a_workbook_needs_the_token(store: PatentStore) -> None:
    sample = data_path(SAMPLE_FILE).read_bytes()
    with TestClient(create_app(Settings(store="memory://"), store=store)) as closed:
        assert closed.post("/policy", files=_upload("plan.xlsx", sample)).status_code == 403
    with TestClient(create_app(Settings(store="memory://", ingest_token="s3cret"), store=store)) as client:
        r = client.post("/policy", files=_upload("plan.xlsx", sample), headers={"authorization": "Bearer wrong"})
        assert r.status_code == 401 and r.headers["content-type"].startswith("application/problem+json")


def test_the_sample_loads_once_and_is_listed_and_drawn(api: TestClient) -> None:
    sample = data_path(SAMPLE_FILE).read_bytes()
    r = api.post("/policy", files=_upload("fictitious_city_plan.xlsx", sample), headers=TOKEN)
    assert r.status_code == 200, r.text
    body = r.json()
    assert (body["plan"], body["fictitious"], body["already_loaded"]) == (SAMPLE_PLAN_ID, True, False)
    assert body["graph"].endswith(f"/graph/plan/{SAMPLE_PLAN_ID}") and body["rows"]["tasks"] == 3
    again = api.post("/policy", files=_upload("fictitious_city_plan.xlsx", sample), headers=TOKEN)
    assert again.status_code == 200 and again.json()["already_loaded"]
    plans = {p["id"]: p for p in api.get("/policy").json()}
    assert plans[SAMPLE_PLAN_ID]["file"] == "fictitious_city_plan.xlsx"
    page = api.get("/views/overview", params={"plan": SAMPLE_PLAN_ID})
    assert page.status_code == 200 and "宁波市知识产权强市建设示范方案" in page.text
    assert "宁波市知识产权强市建设示范方案" not in api.get("/views/overview").text  # the default stays the pilot
    missing = api.get("/views/overview", params={"plan": "nope"})
    assert missing.status_code == 404 and SAMPLE_PLAN_ID in missing.json()["detail"]
    # the SPARQL endpoint sees it
    ask = api.get(
        "/sparql",
        params={"query": f"ASK {{ <https://w3id.org/patentnav/id/plan/{SAMPLE_PLAN_ID}> ?p ?o }}"},
        headers={"accept": "application/sparql-results+json"},
    )
    assert ask.json()["boolean"] is True


def test_bad_workbooks_answer_problem_json_with_every_problem(api: TestClient, tmp_path: Path) -> None:
    bad = b"plan: {id: bad, label_en: Bad, regions: '430100', source_title: x}\n" + (
        b"targets: [{id: t, label_en: T, indicator: invention-patents-per-10k-population, comparator: about, "
        b"deadline_year: 20x7, region: '430100'}]\n"
    )
    r = api.post("/policy", files=_upload("bad.yaml", bad), headers=TOKEN)
    assert r.status_code == 400 and r.headers["content-type"].startswith("application/problem+json")
    body = r.json()
    assert body["title"] == "Cannot load the workbook" and body["detail"].endswith("nothing loaded")
    where = {(e["sheet"], e["row"], e["column"]) for e in body["errors"]}
    assert {("targets", 1, "comparator"), ("targets", 1, "deadline_year"), ("targets", 1, "value")} <= where
    junk = api.post("/policy", files=_upload("junk.xlsx", b"PK\x03\x04 junk"), headers=TOKEN)
    assert junk.status_code == 400 and "junk.xlsx" in junk.json()["detail"]


def test_a_plan_loaded_from_another_file_answers_409(api: TestClient) -> None:
    plan = b"plan: {id: twice, label_en: Twice, regions: '430100', source_title: x}\n"
    assert api.post("/policy", files=_upload("a.yaml", plan), headers=TOKEN).status_code == 200
    r = api.post("/policy", files=_upload("b.yaml", plan + b"# changed\n"), headers=TOKEN)
    assert r.status_code == 409
    assert "already loaded from another file, a.yaml" in r.json()["detail"]
    assert r.json()["errors"][0]["column"] == "id"
