"""``GET /analysis/targets?plan=``, its CSV/XLSX downloads and the plans in ``GET /analysis/options``."""

from __future__ import annotations

import csv
import io

import openpyxl
import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.settings import Settings
from tests.graph.analysis.builder import load
from tests.graph.analysis.conftest import TINY_ORGS, TINY_PATENTS
from tests.support.plans import PILOT_PLAN_ID, SAMPLE_PLAN_ID, TEST_PLAN_ID, load_plans


@pytest.fixture(scope="module")
def api(tmp_path_factory):
    store = load_plans(load(TINY_PATENTS, TINY_ORGS), tmp_path_factory.mktemp("plans"))
    with TestClient(create_app(Settings(store="memory://"), store=store)) as c:
        yield c


def test_options_list_the_loaded_plans_with_labels(api):
    plans = {p["id"]: p for p in api.get("/analysis/options").json()["plans"]}
    assert set(plans) == {PILOT_PLAN_ID, SAMPLE_PLAN_ID, TEST_PLAN_ID}
    assert plans[PILOT_PLAN_ID]["label"]["zh"] == "湖南省建设支撑型知识产权强省试点省实施方案"
    assert plans[PILOT_PLAN_ID]["fictitious"] is False and plans[PILOT_PLAN_ID]["targets"] == 4
    assert plans[SAMPLE_PLAN_ID]["fictitious"] is True and "Ningbo" in plans[SAMPLE_PLAN_ID]["label"]["en"]
    assert plans[SAMPLE_PLAN_ID]["iri"].endswith(f"/id/plan/{SAMPLE_PLAN_ID}")


def test_without_a_plan_the_answer_is_unchanged(api):
    body = api.get("/analysis/targets").json()
    assert list(body["tables"]) == ["targets"] and "plan" not in body["scope"]
    assert {r["region_id"] for r in body["tables"]["targets"]["rows"]} >= {"changzhutan", "330200"}


@pytest.mark.parametrize(
    ("plan", "expected"),
    [
        (PILOT_PLAN_ID, {"czt-invention-patents-per-10k": (28.596537094413587, True)}),
        (SAMPLE_PLAN_ID, {"fictitious-ningbo-invention-patents-per-10k": (50.5, False)}),
        (TEST_PLAN_ID, {"test-share-2020": (12.5, False), "test-share-2022": (30.0, True)}),
    ],
)
def test_a_plan_answers_its_own_targets(api, plan, expected):
    r = api.get("/analysis/targets", params={"plan": plan})
    assert r.status_code == 200, r.text
    body = r.json()
    assert list(body["tables"]) == ["plan_targets", "targets"] and body["scope"]["plan"] == plan
    rows = body["tables"]["plan_targets"]["rows"]
    assert {row["plan"] for row in rows} == {plan} and body["tables"]["plan_targets"]["meta"]["plan"] == plan
    observed = {row["target_id"]: (row["value"], row["meets_target"]) for row in rows if row["value"] is not None}
    assert set(observed) == set(expected)
    for target, (value, met) in expected.items():
        assert observed[target] == (pytest.approx(value), met)
    for row in rows:
        if row["value"] is None:
            assert row["meets_target"] is None and row["note"].startswith(("no observations loaded", "no observation"))
    others = {row["target"] for row in body["tables"]["targets"]["rows"]}
    assert others <= {row["target"] for row in rows}


def test_an_unknown_plan_is_a_problem_naming_the_loaded_ones(api):
    r = api.get("/analysis/targets", params={"plan": "no-such-plan"})
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")
    assert "no-such-plan" in r.json()["detail"] and SAMPLE_PLAN_ID in r.json()["detail"]
    download = api.get("/analysis/targets/plan_targets.csv", params={"plan": "no-such-plan"})
    assert download.status_code == 404 and SAMPLE_PLAN_ID in download.json()["detail"]
    assert api.get("/analysis/targets", params={"plan": "x" * 201}).status_code == 422


def test_downloads_hold_the_plans_rows(api):
    params = {"plan": SAMPLE_PLAN_ID}
    table = api.get("/analysis/targets", params=params).json()["tables"]["plan_targets"]
    r = api.get("/analysis/targets/plan_targets.csv", params=params)
    assert r.status_code == 200 and SAMPLE_PLAN_ID in r.headers["content-disposition"]
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert [row["target_id"] for row in rows] == [row["target_id"] for row in table["rows"]]
    assert [row["value"] for row in rows] == [
        "" if row["value"] is None else str(row["value"]) for row in table["rows"]
    ]
    x = api.get("/analysis/targets/plan_targets.xlsx", params=params)
    book = openpyxl.load_workbook(io.BytesIO(x.content), read_only=True)
    sheet = list(book["plan_targets"].iter_rows(values_only=True))
    assert list(sheet[0]) == table["columns"] and len(sheet) == len(table["rows"]) + 1
    about = {row[0]: row[1:] for row in book["about"].iter_rows(values_only=True)}
    assert about["plan"] == (SAMPLE_PLAN_ID,)
    # the table exists only for a plan
    assert api.get("/analysis/targets/plan_targets.csv").status_code == 404
