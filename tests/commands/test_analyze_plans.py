"""``patentnav analyze targets --plan ID`` on an on-disk store holding the pilot, the Ningbo sample and a test plan."""

from __future__ import annotations

import json

import pytest
from typer.testing import CliRunner

from patentnav.cli import app
from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.store import open_store
from tests.support.plans import PILOT_PLAN_ID, SAMPLE_PLAN_ID, TEST_PLAN_ID, load_plans

runner = CliRunner()


@pytest.fixture(scope="module")
def store_url(tmp_path_factory) -> str:
    folder = tmp_path_factory.mktemp("analyze-plans")
    store = open_store(f"oxigraph://{folder / 'store'}")
    ensure_seeded(store)
    load_plans(store, folder)
    store.flush()
    del store
    return f"oxigraph://{folder / 'store'}"


def _targets(store_url: str, *args: str):
    return runner.invoke(app, ["analyze", "targets", "--store", store_url, *args])


def test_plan_targets_as_json(store_url):
    r = _targets(store_url, "--plan", SAMPLE_PLAN_ID, "--format", "json")
    assert r.exit_code == 0, r.output
    body = json.loads(r.stdout)
    assert list(body) == ["plan_targets", "targets"]
    rows = {row["target_id"]: row for row in body["plan_targets"]["rows"]}
    assert rows["fictitious-ningbo-invention-patents-per-10k"]["value"] == 50.5
    assert rows["fictitious-ningbo-high-value-patents"]["note"] == "no observations loaded"
    assert [row["region_id"] for row in body["targets"]["rows"]] == ["330200"]


def test_plan_targets_as_csv_and_table(store_url):
    r = _targets(store_url, "-p", TEST_PLAN_ID, "--format", "csv", "--table", "plan_targets")
    assert r.exit_code == 0, r.output
    assert r.stdout.splitlines()[0].startswith("plan,target,target_id,")
    assert "test-share-2022" in r.stdout and "no observations loaded" in r.stdout
    r = runner.invoke(
        app, ["analyze", "targets", "--store", store_url, "--plan", PILOT_PLAN_ID], env={"COLUMNS": "250"}
    )
    assert r.exit_code == 0, r.output
    assert "plan_targets" in r.stdout and "czt-invention-patents-per-10k" in r.stdout


def test_without_a_plan_one_table_as_before(store_url):
    r = _targets(store_url, "--format", "json")
    assert r.exit_code == 0, r.output
    assert list(json.loads(r.stdout)) == ["targets"]


def test_unknown_plan_is_one_line(store_url):
    r = _targets(store_url, "--plan", "no-such-plan")
    assert r.exit_code == 2
    lines = [line for line in r.output.splitlines() if line.strip()]
    assert len(lines) == 1 and "unknown plan 'no-such-plan'" in lines[0] and SAMPLE_PLAN_ID in lines[0]
