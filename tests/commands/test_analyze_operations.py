"""``patentnav analyze key-patents`` and ``patentnav analyze operations`` on an on-disk store."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from patentnav.cli import app
from patentnav.graph.store import open_store
from tests.graph.analysis.extras import P1, key_store

runner = CliRunner()


@pytest.fixture
def store_url(tmp_path_factory) -> str:
    path = tmp_path_factory.mktemp("analyze-ops") / "store"
    store = open_store(f"oxigraph://{path}")
    key_store(store)
    store.flush()
    del store
    return f"oxigraph://{path}"


def test_key_patents_json(store_url):
    r = runner.invoke(app, ["analyze", "key-patents", "-i", "construction-machinery", "--store", store_url,
                            "--format", "json", "--top", "2"])  # fmt: skip
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert list(body) == ["key_patents", "citations", "families", "checks"]
    rows = body["key_patents"]["rows"]
    assert len(rows) == 2 and rows[0]["application_number"] == P1 and rows[0]["claims"] == 10


def test_key_patents_checks_csv_and_table(store_url):
    r = runner.invoke(app, ["analyze", "key-patents", "--store", store_url, "--format", "csv", "--table", "checks"])
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0] == "indicator,field,status,patents,of,coverage,note"
    assert "forward_citations," in r.stdout


def test_key_patents_terminal_table_shows_the_main_indicators(store_url):
    r = runner.invoke(app, ["analyze", "key-patents", "--store", store_url, "--table", "key_patents"],
                      env={"COLUMNS": "200"})  # fmt: skip
    assert r.exit_code == 0, r.output
    assert "composite" in r.stdout and "forward_citations" in r.stdout and "vendor_score" in r.stdout
    assert "member_countries" not in r.stdout  # in json and csv only


def test_operations_csv_table(store_url):
    r = runner.invoke(app, ["analyze", "operations", "--region", "430100", "--store", store_url, "--format", "csv",
                            "--table", "transfers"])  # fmt: skip
    assert r.exit_code == 0, r.output
    header = r.stdout.splitlines()[0].split(",")
    assert header[:3] == ["section", "kind", "year"] and "direction" in header
    assert "by_region" in r.stdout and "out of" in r.stdout


def test_operations_csv_needs_one_table(store_url):
    r = runner.invoke(app, ["analyze", "operations", "--store", store_url, "--format", "csv"])
    assert r.exit_code == 2 and "--table" in r.output


def test_operations_unknown_industry_exits_2(store_url):
    r = runner.invoke(app, ["analyze", "operations", "--industry", "no-such", "--store", store_url])
    assert r.exit_code == 2 and "unknown industry" in r.output
