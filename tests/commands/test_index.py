"""``patentnav index``: the analytic tables listed and rebuilt from the store."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from patentnav.cli import app

runner = CliRunner()


def test_status_and_rebuild_on_an_on_disk_store(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    sample = Path(__file__).resolve().parents[2] / "data" / "samples" / "synthetic_cnipa.csv"
    assert runner.invoke(app, ["ingest", "--store", url, str(sample)]).exit_code == 0
    result = runner.invoke(app, ["index", "status", "--store", url, "--format", "json"])
    assert result.exit_code == 0, result.output
    rows = json.loads(result.stdout)
    ingested = [r for r in rows if "/graph/source/" in r["graph"]]
    assert [(r["how"], r["stale"], r["in_store"]) for r in ingested] == [("ingest", False, True)]
    assert (tmp_path / "store.tables").is_dir()
    result = runner.invoke(app, ["index", "rebuild", "--store", url, "--graph", ingested[0]["graph"]])
    assert result.exit_code == 0 and "rebuilt the tables of 1 graph(s)" in result.output
    rows = json.loads(runner.invoke(app, ["index", "status", "--store", url, "--format", "json"]).stdout)
    assert [r["how"] for r in rows if r["graph"] == ingested[0]["graph"]] == ["rebuild"]


def test_rebuild_of_an_unknown_graph_is_one_line(tmp_path: Path) -> None:
    result = runner.invoke(app, ["index", "rebuild", "--store", f"oxigraph://{tmp_path / 's'}", "--graph", "urn:nope"])
    assert result.exit_code == 2 and "no named graph 'urn:nope'" in result.output
