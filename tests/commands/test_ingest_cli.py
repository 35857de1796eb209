"""``patentnav ingest``, ``sources`` and ``remove`` from a shell, on an on-disk store."""

from __future__ import annotations

import csv
import json
from pathlib import Path

from typer.testing import CliRunner

from patentnav.cli import app
from patentnav.graph.ingest.synthetic import CNIPA_HEADER, write_export

runner = CliRunner()


def test_ingest_summary_report_sources_and_remove(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    good = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=50, seed=1)
    bad = tmp_path / "rows.csv"
    row = "CN201919000001.1,CN900000001A,2019-02-30,2019-07-01,一种合成样例装置,,合成样例机械有限公司0001,,,B66C23/00,B66C23/00,审中,43,发明申请"
    bad.write_text(",".join(CNIPA_HEADER) + "\n" + row + "\n" + row.replace("2019-02-30", "2019-02-01") + "\n", "utf-8")
    report = tmp_path / "rejected.csv"
    result = runner.invoke(app, ["ingest", "--store", url, str(good), str(bad), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "50 rows read, 50 patents added, 0 duplicates merged, 0 rows rejected" in result.output
    assert "2 rows read, 0 patents added, 1 duplicates merged, 1 rows rejected" in result.output
    with report.open(encoding="utf-8-sig") as fh:
        rejected = list(csv.DictReader(fh))
    assert rejected == [
        {"file": "rows.csv", "line": "2", "reason": "impossible date '2019-02-30': day is out of range for month"}
    ]

    again = runner.invoke(app, ["ingest", "--store", url, str(good)])
    assert "already loaded" in again.output

    listed = runner.invoke(app, ["sources", "--store", url, "--format", "json"])
    files = {r["file"]: r for r in json.loads(listed.stdout)}
    assert files["synthetic_cnipa.csv"]["synthetic"] is True and files["rows.csv"]["rejected"] == 1

    removed = runner.invoke(app, ["remove", "--store", url, "rows.csv"])
    assert removed.exit_code == 0 and "Removed rows.csv" in removed.output
    listed = runner.invoke(app, ["sources", "--store", url, "--format", "json"])
    assert [r["file"] for r in json.loads(listed.stdout)] == ["synthetic_cnipa.csv"]


def test_unreadable_file_is_one_clear_line_and_exit_1(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    path = tmp_path / "odd.csv"
    path.write_text("foo,bar\n1,2\n", encoding="utf-8")
    result = runner.invoke(app, ["ingest", "--store", url, str(path)])
    assert result.exit_code == 1
    assert "unknown format" in result.output and "headers seen: foo, bar" in result.output
    assert "Traceback" not in result.output


def test_patentsview_folder_is_read_and_other_folders_are_one_clear_line(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    main = write_export("patentsview", tmp_path / "synthetic_patentsview" / "g_patent.tsv", rows=8, seed=1)
    result = runner.invoke(app, ["ingest", "--store", url, str(main.parent)])
    assert result.exit_code == 0, result.output
    assert "g_patent.tsv (patentsview)" in result.output and "8 patents added" in result.output
    # The folder and its g_patent.tsv are the same export.
    again = runner.invoke(app, ["ingest", "--store", url, str(main)])
    assert "already loaded" in again.output

    other = tmp_path / "exports"
    other.mkdir()
    (other / "synthetic_cnipa.csv").write_text(",".join(CNIPA_HEADER) + "\n", encoding="utf-8")
    refused = runner.invoke(app, ["ingest", "--store", url, str(other)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    lines = [line for line in refused.output.splitlines() if line.strip()]
    assert lines == [
        f"error: {other}: is a folder without g_patent.tsv: expected an export file, "
        "or a PatentsView folder holding g_patent.tsv"
    ]
