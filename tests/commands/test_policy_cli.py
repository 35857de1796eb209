"""``patentnav policy template|add|list|remove|export`` and ``view overview --plan`` from a shell."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from patentnav.cli import app
from patentnav.data import data_path
from patentnav.graph.policy import read_workbook
from patentnav.graph.policy.sample import SAMPLE_FILE, SAMPLE_PLAN_ID
from tests.graph.policy.helpers import filled_xlsx, yaml_file

runner = CliRunner()


def test_help_teaches_the_workbook() -> None:
    result = runner.invoke(app, ["policy", "--help"])
    assert result.exit_code == 0
    for word in ("template", "add", "list", "remove", "export", "说明 README"):
        assert word in result.output
    add = runner.invoke(app, ["policy", "add", "--help"])
    assert "sheet, row, column" in " ".join(add.output.split())


def test_template_add_list_export_remove(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    template = tmp_path / "template.xlsx"
    done = runner.invoke(app, ["policy", "template", "-o", str(template)])
    assert done.exit_code == 0 and template.is_file(), done.output
    again = runner.invoke(app, ["policy", "template", "-o", str(template)])
    assert again.exit_code == 2 and "exists" in again.output

    plan = filled_xlsx(tmp_path / "plan.xlsx")
    added = runner.invoke(app, ["policy", "add", str(plan), "--store", url])
    assert added.exit_code == 0, added.output
    assert "plan test-city-plan loaded" in added.output and "(fictitious)" in added.output
    twice = runner.invoke(app, ["policy", "add", str(plan), "--store", url])
    assert "already loaded" in twice.output and "nothing changed" in twice.output

    listed = runner.invoke(app, ["policy", "list", "--store", url, "--format", "json"])
    plans = {p["id"]: p for p in json.loads(listed.stdout)}
    assert set(plans) == {"hunan-ip-strong-province-pilot", "test-city-plan"}
    assert plans["test-city-plan"]["file"] == "plan.xlsx" and plans["test-city-plan"]["tasks"] == 2

    out = tmp_path / "exported.yaml"
    exported = runner.invoke(app, ["policy", "export", "test-city-plan", "-o", str(out), "--store", url])
    assert exported.exit_code == 0, exported.output
    assert read_workbook(out)[0].tables() == read_workbook(plan)[0].tables()

    view = tmp_path / "overview.html"
    shown = runner.invoke(app, ["view", "overview", "--plan", "test-city-plan", "-o", str(view), "--store", url])
    assert shown.exit_code == 0 and "测试市知识产权规划" in view.read_text(encoding="utf-8")

    removed = runner.invoke(app, ["policy", "remove", "test-city-plan", "--store", url])
    assert removed.exit_code == 0 and "Removed plan test-city-plan" in removed.output
    gone = runner.invoke(app, ["policy", "remove", "test-city-plan", "--store", url])
    assert gone.exit_code == 1 and "no loaded plan 'test-city-plan'" in gone.output
    pilot = runner.invoke(app, ["policy", "remove", "hunan-ip-strong-province-pilot", "--store", url])
    assert pilot.exit_code == 1 and "bundled Hunan pilot" in pilot.output
    # (last: a failing view leaves the store to the test process, as every failing command does)
    unknown = runner.invoke(app, ["view", "overview", "--plan", "nope", "-o", str(view), "--store", url])
    assert unknown.exit_code == 1 and "hunan-ip-strong-province-pilot" in unknown.output


def test_bad_workbooks_are_one_line_per_problem_and_load_nothing(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    bad = yaml_file(
        tmp_path / "bad.yaml",
        {
            "plan": [{"id": "bad", "label_en": "Bad", "regions": "430100", "source_title": "x"}],
            "tasks": [{"id": "t", "label_en": "T", "industries": "nope", "zones": "nowhere"}],
        },
    )
    result = runner.invoke(app, ["policy", "add", str(bad), "--store", url])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if line.startswith("error:")]
    assert lines == [
        "error: bad.yaml: tasks, row 1, column industries: industry 'nope' is neither in the industries sheet (产业) "
        "nor in the graph",
        "error: bad.yaml: tasks, row 1, column zones: zone 'nowhere' is neither in the zones sheet (园区) nor in the "
        "graph",
    ]
    assert "nothing loaded" in result.output
    listed = runner.invoke(app, ["policy", "list", "--store", url, "--format", "json"])
    assert [p["id"] for p in json.loads(listed.stdout)] == ["hunan-ip-strong-province-pilot"]
    missing = runner.invoke(app, ["policy", "add", str(tmp_path / "none.xlsx"), "--store", url])
    assert missing.exit_code == 2 and "no such file" in missing.output
    junk = tmp_path / "junk.xlsx"
    junk.write_bytes(b"PK\x03\x04 broken")
    broken = runner.invoke(app, ["policy", "add", str(junk), "--store", url])
    assert broken.exit_code == 1 and "junk.xlsx: not a readable XLSX file" in broken.output
    assert "Traceback" not in broken.output


def test_check_loads_nothing_and_the_sample_loads(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    sample = str(data_path(SAMPLE_FILE))
    checked = runner.invoke(app, ["policy", "add", sample, "--check", "--store", url])
    assert checked.exit_code == 0 and "checked, would load" in checked.output
    listed = runner.invoke(app, ["policy", "list", "--store", url, "--format", "json"])
    assert SAMPLE_PLAN_ID not in listed.stdout
    added = runner.invoke(app, ["policy", "add", sample, "--store", url])
    assert added.exit_code == 0 and f"plan {SAMPLE_PLAN_ID} loaded (fictitious)" in added.output
