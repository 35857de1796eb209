"""/analysis/key-patents and /analysis/operations: JSON tables with entity IRIs, and problem documents."""

from __future__ import annotations

import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.settings import Settings
from tests.graph.analysis.extras import P1, key_store, org, patent


@pytest.fixture(scope="module")
def api():
    with TestClient(create_app(Settings(store="memory://"), store=key_store())) as c:
        yield c


def test_key_patents_tables_with_indicators_and_checks(api):
    r = api.get("/analysis/key-patents", params={"industry": "construction-machinery", "top": 3})
    assert r.status_code == 200, r.text
    body = r.json()
    assert body["analysis"] == "key-patents"
    assert set(body["tables"]) == {"key_patents", "citations", "families", "checks"}
    ranked = body["tables"]["key_patents"]
    assert len(ranked["rows"]) == 3 and ranked["meta"]["weights"]["forward_citations"] == 0.3
    first = ranked["rows"][0]
    assert first["patent"] == patent(P1) and first["rank"] == 1 and first["forward_citations"] == 5
    assert first["vendor"] == "incoPat" and first["term_end"] == "2035-03-01"
    assert {"forward_citations_pct", "family_countries", "remaining_years", "composite"} <= set(ranked["columns"])
    assert all(c["status"] == "available" for c in body["tables"]["checks"]["rows"])


def test_operations_tables(api):
    r = api.get("/analysis/operations", params={"industry": "construction-machinery", "region": "430100"})
    assert r.status_code == 200, r.text
    tables = r.json()["tables"]
    assert set(tables) == {"transfers", "licences", "pledges", "litigation", "checks"}
    transferees = [row for row in tables["transfers"]["rows"] if row["section"] == "top_transferee"]
    assert transferees[0]["org"] == org("a-co") and transferees[0]["home"] is True
    directions = [row["direction"] for row in tables["transfers"]["rows"] if row["section"] == "by_region"]
    assert directions == ["out of", "into", "into"]
    undated = [row for row in tables["transfers"]["rows"] if row["section"] == "by_year" and row["year"] is None]
    assert undated[0]["year_basis"] == "date not given"


@pytest.mark.parametrize(
    ("params", "status", "text"),
    [
        ({"industry": "shipbuilding"}, 404, "unknown industry"),
        ({"region": "999999"}, 404, "unknown region"),
        ({"from": "2020", "to": "2010"}, 422, "period is reversed"),
        ({"industry": "new-materials"}, 404, "no patents in scope"),
    ],
)
def test_bad_or_empty_scopes_are_problems(api, params, status, text):
    for path in ("/analysis/key-patents", "/analysis/operations"):
        r = api.get(path, params=params)
        assert r.status_code == status, (path, r.text)
        assert r.headers["content-type"].startswith("application/problem+json")
        assert text in r.json()["detail"]
