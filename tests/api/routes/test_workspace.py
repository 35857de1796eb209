"""The workspace's routes: the page, its scope options, table downloads (CSV, XLSX), the report, the home page."""

from __future__ import annotations

import csv
import io
import re

import openpyxl
import pytest
from fastapi.testclient import TestClient

from patentnav.api.main import create_app
from patentnav.api.routes.workspace import csv_text, xlsx_bytes
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import open_store
from patentnav.settings import Settings
from tests.graph.analysis.builder import load
from tests.graph.analysis.conftest import TINY_ORGS, TINY_PATENTS

SCOPE = {"industry": "construction-machinery", "region": "430100"}
XLSX = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"


@pytest.fixture(scope="module")
def api():
    with TestClient(create_app(Settings(store="memory://"), store=load(TINY_PATENTS, TINY_ORGS))) as c:
        yield c


def _close(value):
    """A float compares to 16 significant digits (what openpyxl writes); anything else exactly."""
    return pytest.approx(value, rel=1e-15) if isinstance(value, float) else value


def _cell(value) -> str:
    """What csv_text writes for a JSON value."""
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    return str(value)


def test_page_is_html_with_a_policy_that_allows_this_server_only(api):
    r = api.get("/analysis")
    assert r.status_code == 200 and r.headers["content-type"].startswith("text/html")
    csp = r.headers["content-security-policy"]
    for directive in ("default-src 'self'", "script-src 'self'", "connect-src 'self'", "object-src 'none'"):
        assert directive in csp
    assert "unsafe-inline" not in csp and "unsafe-eval" not in csp
    scripts = re.findall(r"<script[^>]*>", r.text)
    assert scripts and all('src="/analysis/ui/' in s for s in scripts)  # no inline script
    assert "http://" not in r.text and "https://" not in r.text  # nothing from elsewhere
    # the JSON routes are still there beside it
    assert api.get("/analysis/landscape", params=SCOPE).headers["content-type"].startswith("application/json")


def test_assets_are_served_with_cache_headers(api):
    echarts = api.get("/analysis/ui/echarts.min.js")
    assert echarts.status_code == 200
    assert echarts.headers["content-type"].startswith("application/javascript")
    assert "max-age=" in echarts.headers["cache-control"]
    assert b"Apache" in echarts.content[:2000] and len(echarts.content) > 500_000
    for name, kind in (("workspace.js", "javascript"), ("workspace.css", "text/css"), ("home.js", "javascript")):
        r = api.get(f"/analysis/ui/{name}")
        assert r.status_code == 200 and kind in r.headers["content-type"], name
    missing = api.get("/analysis/ui/../../settings.py")
    assert missing.status_code == 404
    r = api.get("/analysis/ui/nope.js")
    assert r.status_code == 404 and r.headers["content-type"].startswith("application/problem+json")


def test_options_list_industries_regions_and_zones_from_the_store(api):
    r = api.get("/analysis/options")
    assert r.status_code == 200
    body = r.json()
    industries = {i["id"]: i for i in body["industries"]}
    assert industries["construction-machinery"]["label"] == {"zh": "工程机械", "en": "Construction machinery"}
    regions = {o["id"]: o for o in body["regions"]}
    changsha = regions["430100"]
    assert (changsha["kind"], changsha["level"], changsha["code"], changsha["parents"], changsha["scope"]) == (
        "region", "prefecture", "430100", ["430000"], True,
    )  # fmt: skip
    assert regions["430000"]["level"] == "province" and regions["430000"]["parents"] == []
    group = regions["changzhutan"]
    assert group["level"] == "city group" and group["members"] == ["430100", "430200", "430300"]
    zones = [o for o in body["regions"] if o["kind"] == "zone"]
    assert zones and all(z["scope"] is False and z["level"] == "zone" for z in zones)
    assert body["has_patents"] is True
    # regions first (by code), zones last
    kinds = [o["kind"] for o in body["regions"]]
    assert kinds == sorted(kinds, key=lambda k: k == "zone")


def test_csv_download_holds_the_rows_of_the_json(api):
    json_table = api.get("/analysis/landscape", params=SCOPE).json()["tables"]["applicants"]
    r = api.get("/analysis/landscape/applicants.csv", params=SCOPE)
    assert r.status_code == 200
    assert r.headers["content-type"] == "text/csv; charset=utf-8"
    disposition = r.headers["content-disposition"]
    assert disposition.startswith(
        'attachment; filename="patentnav-landscape-applicants-construction-machinery-430100.csv"'
    )
    assert r.content.startswith(b"\xef\xbb\xbf")  # BOM: spreadsheet programs read it as UTF-8
    rows = list(csv.reader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows[0] == json_table["columns"]
    assert rows[1:] == [[_cell(row[c]) for c in json_table["columns"]] for row in json_table["rows"]]
    # numbers read back exactly
    assert float(rows[1][3]) == json_table["rows"][0]["share"]


def test_xlsx_download_holds_the_rows_of_the_json(api):
    params = {**SCOPE, "from": "2010", "to": "2020"}
    json_table = api.get("/analysis/layout", params=params).json()["tables"]["specialisation"]
    r = api.get("/analysis/layout/specialisation.xlsx", params=params)
    assert r.status_code == 200 and r.headers["content-type"] == XLSX
    assert (
        'filename="patentnav-layout-specialisation-construction-machinery-430100-2010-01-01_2020-12-31.xlsx"'
        in (r.headers["content-disposition"])
    )
    book = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True)
    assert book.sheetnames == ["specialisation", "about"]
    rows = list(book["specialisation"].iter_rows(values_only=True))
    assert list(rows[0]) == json_table["columns"]
    # openpyxl writes numbers with 16 significant digits (Excel keeps 15): equal to that precision
    expected = [[row[c] for c in json_table["columns"]] for row in json_table["rows"]]
    assert [list(r) for r in rows[1:]] == [[_close(v) for v in row] for row in expected]
    about = dict(book["about"].iter_rows(values_only=True))
    assert about["analysis"] == "layout" and about["rows"] == len(json_table["rows"])
    assert about["industry"].endswith("/industry/construction-machinery") and about["from"] == "2010-01-01"


def test_downloads_of_warnings_and_targets_follow_their_json_routes(api):
    warnings = api.get("/analysis/warnings", params=SCOPE).json()
    r = api.get("/analysis/warnings/checks.csv", params=SCOPE)
    assert r.status_code == 200
    rows = list(csv.DictReader(io.StringIO(r.content.decode("utf-8-sig"))))
    assert rows == [{k: _cell(v) for k, v in c.items()} for c in warnings["checks"]]
    r = api.get("/analysis/warnings/warnings.csv", params=SCOPE)
    kinds = [row["kind"] for row in csv.DictReader(io.StringIO(r.content.decode("utf-8-sig")))]
    assert kinds == [w["kind"] for w in warnings["warnings"]]
    # targets take no period, as their JSON route: a period given to the download changes nothing
    targets = api.get("/analysis/targets").json()["tables"]["targets"]
    r = api.get("/analysis/targets/targets.xlsx", params={"from": "2015"})
    assert r.status_code == 200
    sheet = openpyxl.load_workbook(io.BytesIO(r.content), read_only=True)["targets"]
    rows = list(sheet.iter_rows(values_only=True))
    assert len(rows) == len(targets["rows"]) + 1
    assert [r[targets["columns"].index("value")] for r in rows[1:]] == [_close(t["value"]) for t in targets["rows"]]


@pytest.mark.parametrize(
    ("path", "params", "status", "text"),
    [
        ("/analysis/landscape/applicants.csv", {"industry": "shipbuilding"}, 404, "unknown industry"),
        ("/analysis/landscape/applicants.xlsx", {"region": "999999"}, 404, "unknown region"),
        ("/analysis/layout/white_space.csv", {"from": "2020", "to": "2010"}, 422, "period is reversed"),
        ("/analysis/landscape/applicants.csv", {"industry": "cultural-creative"}, 404, "no patents in scope"),
        ("/analysis/landscape/nosuchtable.csv", SCOPE, 404, "it has trend, applicants"),
        ("/analysis/bogus/applicants.csv", SCOPE, 422, ""),
        ("/analysis/report", {"from": "someday"}, 422, "is not a year"),
        ("/analysis/report", {"industry": "shipbuilding"}, 404, "unknown industry"),
    ],
)
def test_bad_scopes_are_problem_documents(api, path, params, status, text):
    r = api.get(path, params=params)
    assert r.status_code == status, r.text
    assert r.headers["content-type"].startswith("application/problem+json")
    assert text in str(r.json()["detail"])


def test_report_downloads_the_offline_page_for_the_scope(api):
    r = api.get("/analysis/report", params=SCOPE)
    assert r.status_code == 200
    assert r.headers["content-type"].startswith("text/html")
    assert r.headers["content-disposition"].startswith(
        'attachment; filename="patentnav-report-construction-machinery-430100.html"'
    )
    assert "default-src 'none'" in r.headers["content-security-policy"]
    assert r.text.lstrip().lower().startswith("<!doctype html") and "长沙市" in r.text


def test_spreadsheet_text_is_never_a_formula():
    text = csv_text(["name", "n"], [{"name": "=HYPERLINK(1)", "n": -1}, {"name": "@x", "n": None}])
    assert text.splitlines()[1:] == ["'=HYPERLINK(1),-1", "'@x,"]
    book = openpyxl.load_workbook(io.BytesIO(xlsx_bytes("t", ["name"], [{"name": "=1+1"}], {})))
    cell = book["t"]["A2"]
    assert (cell.value, cell.data_type) == ("=1+1", "s")


def _app(store, token: str | None = None) -> TestClient:
    return TestClient(create_app(Settings(store="memory://", ingest_token=token), store=store))


def test_home_leads_to_the_workspace_and_offers_samples_when_empty():
    store = open_store("memory://")
    ensure_seeded(store)
    with _app(store) as c:
        r = c.get("/")
        assert r.status_code == 200 and "default-src 'self'" in r.headers["content-security-policy"]
        html = r.text
        order = [html.index(f'href="{href}') for href in ("/analysis", "/sparql", "/views/overview", "/search")]
        assert order == sorted(order)
        assert "uv run patentnav ingest data/samples/synthetic_cnipa.csv" in html and "synthetic" in html
        assert "home-samples" not in html and "home.js" not in html  # no ingest token: no button
    with _app(store, token="s3cret") as c:
        html = c.get("/").text
        assert 'id="home-samples"' in html and 'type="password"' in html and "/analysis/ui/home.js" in html
        assert c.post("/ingest/samples").status_code == 401
        assert c.post("/ingest/samples", headers={"Authorization": "Bearer wrong"}).status_code == 401
        r = c.post("/ingest/samples", headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 200, r.text
        body = r.json()
        assert (body["synthetic"], body["rows_read"], body["patents_added"]) == (True, 20, 20)
        assert body["file"] == "synthetic_cnipa.csv"
        html = c.get("/").text
        assert "home-empty" not in html and 'href="/analysis"' in html  # patents now: no sample offer
        assert c.get("/analysis/options").json()["has_patents"] is True
    with _app(store) as c:
        r = c.post("/ingest/samples", headers={"Authorization": "Bearer s3cret"})
        assert r.status_code == 403 and r.headers["content-type"].startswith("application/problem+json")


def test_options_read_the_same_on_every_backend(client):
    """The options' SPARQL (DISTINCT, two VALUES, LANG) on the embedded store and on Virtuoso."""
    body = client.get("/analysis/options").json()
    assert {i["id"] for i in body["industries"]} >= {"construction-machinery", "rail-transit"}
    regions = {o["id"]: o for o in body["regions"]}
    assert regions["430100"]["label"] == {"zh": "长沙市", "en": "Changsha"}
    assert regions["430100"]["parents"] == ["430000"]
    assert regions["changzhutan"]["members"] == ["430100", "430200", "430300"]
    assert any(o["kind"] == "zone" and o["members"] for o in body["regions"])
    assert body["has_patents"] is False
