"""``patentnav analyze …`` and ``patentnav report`` on an on-disk store holding the tiny graph."""

from __future__ import annotations

import json
from pathlib import Path

import pytest
from typer.testing import CliRunner

from patentnav.cli import app
from patentnav.graph.store import open_store
from tests.graph.analysis.builder import load
from tests.graph.analysis.conftest import TINY_ORGS, TINY_PATENTS

runner = CliRunner()


@pytest.fixture
def store_url(tmp_path_factory) -> str:
    # One store per test: a CLI run that exits with an error keeps its store open in the traceback.
    path = tmp_path_factory.mktemp("analyze") / "store"
    store = open_store(f"oxigraph://{path}")
    load(TINY_PATENTS, TINY_ORGS, store)
    store.flush()
    del store
    return f"oxigraph://{path}"


def test_landscape_json_has_applicants_with_names_and_counts(store_url):
    r = runner.invoke(
        app, ["analyze", "landscape", "--industry", "construction-machinery", "--store", store_url, "--format", "json"]
    )
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)["applicants"]["rows"]
    assert rows[0]["name"] == "Foreign Machinery Corp" and rows[0]["patents"] == 3


def test_warn_csv_gives_one_table(store_url):
    r = runner.invoke(
        app,
        [
            "analyze",
            "warn",
            "--industry",
            "工程机械",
            "--region",
            "430100",
            "--store",
            store_url,
            "--format",
            "csv",
            "--table",
            "checks",
        ],
    )
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "kind,status,detail"
    assert "dependence,fired" in r.stdout


def test_layout_and_targets_tables(store_url):
    r = runner.invoke(
        app,
        [
            "analyze",
            "layout",
            "--industry",
            "construction-machinery",
            "--region",
            "430100",
            "--store",
            store_url,
            "--format",
            "json",
            "--table",
            "specialisation",
        ],
    )
    assert r.exit_code == 0, r.output
    assert {row["field"] for row in json.loads(r.stdout)["specialisation"]["rows"]} >= {"B66C23-00"}
    r = runner.invoke(app, ["analyze", "targets", "--store", store_url, "--format", "json"])
    assert r.exit_code == 0, r.output
    assert json.loads(r.stdout)["targets"]["meta"]["completeness"]["patents"] == 8


def test_csv_needs_one_table(store_url):
    r = runner.invoke(
        app,
        ["analyze", "warn", "--industry", "工程机械", "--region", "430100", "--store", store_url, "--format", "csv"],
    )
    assert r.exit_code == 2 and "--table" in r.output


@pytest.mark.parametrize(
    ("args", "text"),
    [
        (["--industry", "shipbuilding"], "unknown industry 'shipbuilding'"),
        (["--from", "2020", "--to", "2010"], "period is reversed"),
        (["--industry", "cultural-creative"], "no patents in scope"),
    ],
)
def test_errors_are_one_clear_line(store_url, args, text):
    r = runner.invoke(app, ["analyze", "landscape", *args, "--store", store_url])
    assert r.exit_code == 2
    assert text in " ".join(r.output.split())
    assert "Traceback" not in r.output


def test_report_writes_one_offline_page(store_url, tmp_path: Path):
    out = tmp_path / "report.html"
    r = runner.invoke(
        app,
        ["report", "--industry", "construction-machinery", "--region", "430100", "--store", store_url, "-o", str(out)],
    )
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    assert page.count("<svg") >= 4  # trend, applicants, IPC, RTA
    assert page.count('<iframe class="pnav-view"') == 2  # the co-applicant and IPC network views
    assert "专利预警" in page and "Early warnings" in page and "每万人口发明专利拥有量" in page
    for ref in ("<script src", "<link", "http://cdn", "https://cdn"):
        assert ref not in page


def test_report_scope_names_industry_region_and_period(store_url, tmp_path: Path):
    out = tmp_path / "report.html"
    args = ["report", "-i", "construction-machinery", "-r", "430100", "--from", "2015", "--to", "2018-06"]
    r = runner.invoke(app, [*args, "--store", store_url, "-o", str(out)])
    assert r.exit_code == 0, r.output
    page = out.read_text(encoding="utf-8")
    scope = page[page.index("范围 Scope:") : page.index("生成时间")]
    assert "<b>产业 Industry</b>: 工程机械 Construction machinery" in scope
    assert "<b>地区 Region</b>: 长沙市 Changsha" in scope
    assert "2015-01-01 – 2018-06-30" in scope
    assert "https://" not in scope
