"""``patentnav path A B`` on the pilot graph: table, JSON and CSV, and the "no path" exit."""

from __future__ import annotations

import csv
import io
import json

import pytest
from typer.testing import CliRunner

from patentnav.cli import app

runner = CliRunner()
CM, ZHUZHOU = "industry/construction-machinery", "region/430200"


@pytest.fixture(autouse=True)
def memory_store(monkeypatch):
    monkeypatch.setenv("PATENTNAV_STORE", "memory://")


def test_json_lists_each_hop_with_labels_and_iris():
    r = runner.invoke(app, ["path", CM, ZHUZHOU, "--format", "json"])
    assert r.exit_code == 0, r.output
    rows = json.loads(r.stdout)
    assert {row["step"] for row in rows} == {1, 2}
    center = [row for row in rows if row["subject_iri"].endswith("/center/construction-machinery")]
    assert [(c["relation"], c["object"], c["direction"]) for c in center] == [
        ("服务产业", "工程机械", "←"),
        ("服务区域", "株洲市", "→"),
    ]
    assert any("/task/" in row["subject_iri"] for row in rows)


def test_labels_text_and_english_csv():
    r = runner.invoke(app, ["path", "工程机械", "株洲", "--format", "csv", "--lang", "en", "--max-paths", "1"])
    assert r.exit_code == 0, r.output
    rows = list(csv.DictReader(io.StringIO(r.stdout)))
    assert len(rows) == 2 and rows[-1]["object"] == "Zhuzhou"
    assert rows[0]["predicate"].endswith(
        "#" + ("servesIndustry" if "center" in rows[0]["subject_iri"] else "concernsIndustry")
    )


def test_table_has_a_title_with_the_path_count():
    r = runner.invoke(app, ["path", CM, ZHUZHOU])
    assert r.exit_code == 0, r.output
    assert "shortest path(s) of 2 link(s)" in r.stdout


def test_no_path_within_the_bound_exits_1_with_one_line():
    r = runner.invoke(app, ["path", CM, ZHUZHOU, "--max-length", "1"])
    assert r.exit_code == 1
    assert "no path within 1 link between 工程机械 and 株洲市" in " ".join(r.output.split())
    assert "Traceback" not in r.output


def test_unknown_entity_fails_cleanly():
    r = runner.invoke(app, ["path", "industry/no-such-industry", ZHUZHOU])
    assert r.exit_code == 1 and "unknown entity" in r.output
