"""/analysis/*: JSON tables with entity IRIs, and problem documents for bad or empty scopes."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.settings import Settings
from tests.graph.analysis.builder import load
from tests.graph.analysis.conftest import TINY_ORGS, TINY_PATENTS


@pytest.fixture(scope="module")
def api():
    with TestClient(create_app(Settings(store="memory://"), store=load(TINY_PATENTS, TINY_ORGS))) as c:
        yield c


def test_landscape_gives_applicants_with_name_count_and_iri(api):
    r = api.get("/analysis/landscape", params={"industry": "construction-machinery", "region": "430100"})
    assert r.status_code == 200
    body = r.json()
    apps = body["tables"]["applicants"]["rows"]
    assert apps[0] == {
        "applicant": "https://w3id.org/patentnav/id/org/sany", "name": "三一重工股份有限公司", "patents": 2,
        "share": pytest.approx(2 / 3),
    }  # fmt: skip
    assert body["tables"]["concentration"]["rows"][0]["CR4"] == 1.0
    assert "origin" in body["tables"]


def test_warnings_carry_evidence_iris_and_checks(api):
    r = api.get("/analysis/warnings", params={"industry": "construction-machinery", "region": "430100"})
    assert r.status_code == 200
    body = r.json()
    assert {c["kind"] for c in body["checks"]} >= {"competitor_surge", "dependence", "expiry"}
    dep = next(w for w in body["warnings"] if w["kind"] == "dependence_out_of_region")
    assert dep["evidence"][0]["iri"].startswith("https://w3id.org/patentnav/id/org/")


def test_layout_and_targets(api):
    r = api.get("/analysis/layout", params={"industry": "construction-machinery", "region": "430100"})
    assert r.status_code == 200 and "white_space" in r.json()["tables"]
    t = api.get("/analysis/targets").json()["tables"]["targets"]["rows"]
    czt = next(row for row in t if row["region_id"] == "changzhutan" and row["basis"] == "official")
    assert czt["meets_target"] is True


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"industry": "shipbuilding"}, 404, "unknown industry"),
        ({"region": "999999"}, 404, "unknown region"),
        ({"from": "2020", "to": "2010"}, 422, "period is reversed"),
        ({"industry": "cultural-creative"}, 404, "no patents in scope"),
    ],
)
def test_bad_or_empty_scopes_are_problems_not_empty_results(api, params, status, text):
    for path in ("/analysis/landscape", "/analysis/warnings", "/analysis/layout"):
        r = api.get(path, params=params)
        if path == "/analysis/layout" and "cultural" in str(params):
            continue  # layout without a region has region-free tables (coverage) that are never empty
        assert r.status_code == status, (path, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert text in r.json()["detail"]


def test_an_answer_says_which_graphs_tables_were_rebuilt_after_a_write(store) -> None:
    """An analysis never reads stale tables silently: after a SPARQL Update it rebuilds and says so."""
    from patentnav.graph.ingest.loader import ingest_file

    sample = Path(__file__).resolve().parents[3] / "data" / "samples" / "synthetic_cnipa.csv"
    graph = ingest_file(store, sample).graph
    with TestClient(create_app(Settings(store="memory://", update_token="t"), store=store)) as c:
        first = c.get("/analysis/landscape").json()
        assert graph not in first["analytic_tables"]["rebuilt"]
        update = f"INSERT DATA {{ GRAPH <{graph}> {{ <urn:x> <urn:y> <urn:z> }} }}"
        r = c.post(
            "/sparql",
            content=update,
            headers={"content-type": "application/sparql-update", "authorization": "Bearer t"},
        )
        assert r.status_code == 204
        again = c.get("/analysis/landscape").json()
        assert again["analytic_tables"]["rebuilt"] == [graph]
