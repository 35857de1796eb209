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
        {
            "file": "rows.csv",
            "line": "2",
            "reason": "impossible date '2019-02-30': day is out of range for month",
            "outcome": "rejected",
            "field": "",
        }
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

    # Any other folder gives its export files (tests/commands/test_ingest_options.py); one without any is one line.
    other = tmp_path / "exports"
    other.mkdir()
    (other / "notes.docx").write_text("not an export", encoding="utf-8")
    refused = runner.invoke(app, ["ingest", "--store", url, str(other)])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    lines = [line for line in refused.output.splitlines() if line.strip()]
    assert lines == [
        f"error: {other}: is a folder without export files (.csv .tsv .txt .xls .xlsx) or g_patent.tsv: expected an "
        "export file, or a PatentsView folder holding g_patent.tsv"
    ]


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def _invoke(args: list[str]) -> tuple[int, str]:
    # A failed run's exc_info (and a failed ingest's exception cycles) hold the command's frames, so its
    # open store and the store's lock: a real run ends its process, here they are collected instead.
    import gc

    result = runner.invoke(app, args)
    code, output = result.exit_code, result.output
    del result
    gc.collect()
    return code, output


def test_xlsx_bomb_is_one_line_and_exit_2(tmp_path: Path) -> None:
    from patentnav.graph.ingest.tabular import XLSX_MAX_UNCOMPRESSED_BYTES
    from tests.support.xlsx import write_bomb

    url = f"oxigraph://{tmp_path / 'store'}"
    good = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=5, seed=1)
    bomb = write_bomb(tmp_path / "bomb.xlsx", XLSX_MAX_UNCOMPRESSED_BYTES + (16 << 20))
    ratio = write_bomb(tmp_path / "ratio.xlsx", 8 << 20)
    code, output = _invoke(["ingest", "--store", url, str(bomb), str(ratio), str(good)])
    assert code == 2, output
    errors = [line for line in _error_lines(output) if line.startswith("error:")]
    assert len(errors) == 2 and "Traceback" not in output
    assert errors[0].startswith(f"error: {bomb}: the XLSX file unpacks to 1.02 GiB, more than the limit of 1.00 GiB")
    assert errors[1].startswith(f"error: {ratio}: xl/worksheets/sheet1.xml is compressed")
    assert all(line.endswith("(nothing loaded)") for line in errors)
    assert "5 patents added" in output  # the other file still loads
    listed = runner.invoke(app, ["sources", "--store", url, "--format", "json"])
    assert [r["file"] for r in json.loads(listed.stdout)] == ["synthetic_cnipa.csv"]


def test_damaged_xlsx_is_one_line_without_other_paths(tmp_path: Path) -> None:
    from tests.support.xlsx import DAMAGE, damage_workbook

    url = f"oxigraph://{tmp_path / 'store'}"
    good = write_export("cnipa-xlsx", tmp_path / "synthetic_cnipa.xlsx", rows=10, seed=1)
    for kind in DAMAGE:
        path = damage_workbook(good, tmp_path / f"{kind}.xlsx", kind)
        code, output = _invoke(["ingest", "--store", url, str(path)])
        assert code == 1, (kind, output)
        lines = [line for line in _error_lines(output) if not line.startswith("Empty store")]
        assert len(lines) == 1 and lines[0].startswith(f"error: {path}: "), (kind, output)
        assert str(tmp_path) not in lines[0][len(f"error: {path}: ") :] and "XLSX" in lines[0], (kind, lines)


def test_control_characters_are_removed_counted_and_reported(tmp_path: Path) -> None:
    url = f"oxigraph://{tmp_path / 'store'}"
    row = [
        "CN201919000001.1",
        "",
        "2019-01-02",
        "",
        "一种\x01合成\x00样例装置",
        "摘要\x0b第二段",
        "合成样例机械有限公司0001",
    ]
    path = tmp_path / "controls.csv"
    path.write_bytes((",".join(CNIPA_HEADER) + "\n" + ",".join(row + [""] * 7) + "\n").encode())
    report = tmp_path / "report.csv"
    result = runner.invoke(app, ["ingest", "--store", url, str(path), "--report", str(report)])
    assert result.exit_code == 0, result.output
    assert "1 rows read, 1 patents added" in result.output
    assert "1 rows loaded with a value changed or left out (see --report)" in result.output
    assert "line 2, 名称: removed U+0000, U+0001" in result.output
    with report.open(encoding="utf-8-sig") as fh:
        listed = list(csv.DictReader(fh))
    assert listed == [
        {"file": "controls.csv", "line": "2", "reason": "removed U+0000, U+0001", "outcome": "loaded", "field": "名称"},
        {
            "file": "controls.csv",
            "line": "2",
            "reason": "replaced U+000B by a space",
            "outcome": "loaded",
            "field": "摘要",
        },
    ]
