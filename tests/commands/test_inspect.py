"""``patentnav inspect``: the format and why, the header row, every column with how it was matched; nothing loaded."""

from __future__ import annotations

import json
from pathlib import Path

from typer.testing import CliRunner

from patentnav.cli import app
from patentnav.graph.ingest.synthetic import CNIPA_HEADER, write_export

runner = CliRunner()

#: A CNIPA-style export whose headers differ slightly from the alias table (申请号码, 发明人姓名 …).
VARIANT_HEADER = [
    "申请号码", "公开（公告）号", "申请日", "发明名称", "申请人名称", "申请人所在地址", "发明人姓名", "IPC分类号", "序号",
]  # fmt: skip
VARIANT_ROWS = [
    ["CN201510123456.7", "CN105000001A", "2015.03.01", "一种合成样例起重臂", "合成样例重工有限公司0001",
     "湖南省长沙市岳麓区合成路1号", "王伟", "B66C23/64;B66C13/18", "1"],
    ["CN201610234567.8", "CN106000002A", "2016.04.02", "一种合成样例转向架", "合成样例轨道装备有限公司0002",
     "湖南省株洲市石峰区合成路2号", "李娜", "B61F5/00", "2"],
]  # fmt: skip


def _variant(tmp_path: Path) -> Path:
    path = tmp_path / "variant.csv"
    lines = [",".join(VARIANT_HEADER), *(",".join(r) for r in VARIANT_ROWS)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return path


def _json(args: list[str]) -> list[dict]:
    result = runner.invoke(app, ["inspect", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    return json.loads(result.stdout)


def _error_lines(output: str) -> list[str]:
    return [line for line in output.splitlines() if line.strip()]


def test_table_output_names_format_header_row_and_every_column_with_how(tmp_path: Path) -> None:
    path = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=5, seed=1)
    result = runner.invoke(app, ["inspect", str(path)])
    assert result.exit_code == 0, result.output
    out = result.stdout
    assert "synthetic_cnipa.csv: cnipa (layout generic), utf-8, header row 1" in out
    assert "why: header row 1 has 名称, 申请号, 申请(专利权)人" in out
    assert f"Columns: {len(CNIPA_HEADER)} of {len(CNIPA_HEADER)} read ({len(CNIPA_HEADER)} alias)" in out
    rows = [line for line in out.splitlines() if line.startswith("│")]
    for header in CNIPA_HEADER:
        assert any(f" {header} " in row and " alias " in row for row in rows), header
    assert "What a navigation analysis would miss" in out and "工商统一社会信用代码" in out
    assert out.count("Record at line") == 3


def test_json_output_parses_and_carries_the_whole_report(tmp_path: Path) -> None:
    path = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=5, seed=1)
    (report,) = _json([str(path), "-n", "2"])
    seen = (report["format"], report["encoding"], report["header_line"], report["title_rows"])
    assert seen == ("cnipa", "utf-8", 1, 0)
    assert report["reason"].startswith("header row 1 has")
    assert [c["header"] for c in report["columns"]] == CNIPA_HEADER
    assert {c["how"] for c in report["columns"]} == {"alias"}
    assert len(report["samples"]) == 2 and report["samples"][0]["line"] == 2
    first = report["samples"][0]["record"]
    assert first["ipc"][0]["symbol"] and "title" in first["ipc"][0]
    assert {m["field"] for m in report["missing"]} >= {"credit_code", "citing_count", "applicant_type"}
    assert not {m["field"] for m in report["missing"]} & {"address", "province_code"}  # the file has them


def test_slightly_different_cnipa_headers_show_suggested_and_ignored(tmp_path: Path) -> None:
    (report,) = _json([str(_variant(tmp_path))])
    how = {c["header"]: (c["field"], c["how"]) for c in report["columns"]}
    assert how["发明人姓名"] == ("inventors", "suggested")
    assert how["公开（公告）号"] == ("publication_number", "alias")  # full-width brackets
    assert how["序号"] == (None, "known")
    assert how["申请人所在地址"] == (None, "ignored")  # as close to 申请人 as to 申请人地址: not guessed
    note = next(c["note"] for c in report["columns"] if c["header"] == "申请人所在地址")
    assert "--map" in note
    table = runner.invoke(app, ["inspect", str(_variant(tmp_path))]).stdout
    assert "suggested" in table and "closest to '发明人'" in table


def test_map_changes_a_columns_field_and_the_records_follow(tmp_path: Path) -> None:
    (report,) = _json([str(_variant(tmp_path)), "--map", "申请人所在地址=address", "--map", "序号=ignore"])
    how = {c["header"]: (c["field"], c["how"]) for c in report["columns"]}
    assert how["申请人所在地址"] == ("address", "user") and how["序号"] == (None, "user")
    applicant = report["samples"][0]["record"]["applicants"][0]
    assert applicant["address"] == "湖南省长沙市岳麓区合成路1号"
    assert applicant["placed"] == {"code": "430104", "name": "湖南省长沙市岳麓区", "country": "CN", "by": "address"}


def test_columns_file_with_bom_maps_like_map(tmp_path: Path) -> None:
    columns = tmp_path / "headers.csv"
    columns.write_bytes("header,field\n# my layout\n申请人所在地址,address\n没有的表头,title\n".encode("utf-8-sig"))
    result = runner.invoke(app, ["inspect", str(_variant(tmp_path)), "--columns", str(columns), "--format", "json"])
    assert result.exit_code == 0, result.output
    (report,) = json.loads(result.stdout)
    assert next(c for c in report["columns"] if c["header"] == "申请人所在地址")["how"] == "user"
    # A column file may cover several layouts: a header no file has is said, not an error.
    assert "--columns: no file has the header(s) 没有的表头" in result.stderr


def test_unknown_field_in_map_is_one_line_and_exit_2(tmp_path: Path) -> None:
    result = runner.invoke(app, ["inspect", str(_variant(tmp_path)), "--map", "申请人所在地址=adress"])
    assert result.exit_code == 2
    assert _error_lines(result.output) == [
        "error: --map 申请人所在地址=adress: unknown field 'adress'; did you mean address or holder_address? "
        "(`patentnav inspect --fields` lists them; ignore drops a column)"
    ]


def test_bad_options_and_unreadable_files_are_one_line_and_exit_2(tmp_path: Path) -> None:
    variant = str(_variant(tmp_path))
    odd = tmp_path / "odd.csv"
    odd.write_text("foo,bar\n1,2\n", encoding="utf-8")
    bad_columns = tmp_path / "bad.csv"
    bad_columns.write_bytes("申请人名称,applicants\n".encode("gbk"))
    cases = {
        ("--map", "没有的表头=title"): "--map names the header '没有的表头', which the file does not have",
        ("--map", "no-equals-sign"): "--map 'no-equals-sign': write HEADER=field (or HEADER=ignore)",
        ("--as", "nope"): "--as nope: unknown export format; use auto, cnipa",
        ("--format", "cnipa"): "--format is the output (table or json); the export format is --as cnipa",
        ("--columns", str(bad_columns)): "not UTF-8; save it as CSV UTF-8",
    }
    for args, expected in cases.items():
        result = runner.invoke(app, ["inspect", variant, *args])
        assert result.exit_code == 2, (args, result.output)
        lines = _error_lines(result.stderr)
        assert len(lines) == 1 and lines[0].startswith("error: ") and expected in lines[0], (args, lines)
    result = runner.invoke(app, ["inspect", str(odd), variant])
    assert result.exit_code == 2  # the readable file is still reported
    assert "variant.csv: cnipa" in result.stdout
    (line,) = _error_lines(result.stderr)
    assert line.startswith(f"error: {odd}: unknown format: no header row recognised; headers seen: foo, bar")


def test_title_rows_above_the_header_and_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "exports"
    folder.mkdir()
    rows = [",".join(VARIANT_HEADER), *(",".join(r) for r in VARIANT_ROWS)]
    (folder / "b_titled.csv").write_text("检索结果导出\n检索式: 起重机\n" + "\n".join(rows) + "\n", encoding="utf-8")
    write_export("lens", folder / "a_lens.csv", rows=3, seed=1)
    (folder / "readme.md").write_text("notes", encoding="utf-8")
    result = runner.invoke(app, ["inspect", str(folder), "--format", "json", "-n", "0"])
    assert result.exit_code == 0, result.output
    reports = json.loads(result.stdout)
    assert [(r["file"], r["format"], r["header_line"], r["title_rows"]) for r in reports] == [
        ("a_lens.csv", "lens", 1, 0),
        ("b_titled.csv", "cnipa", 3, 2),
    ]
    assert all(r["samples"] == [] for r in reports)
    assert "skipped readme.md" in result.stderr


def test_fields_lists_what_map_accepts() -> None:
    rows = _json(["--fields", "--as", "cnipa"])
    by_field = {r["field"]: r for r in rows}
    assert by_field["application_number"]["required"] is True
    assert "申请号" in by_field["application_number"]["headers"]
    assert by_field["credit_code"]["needed_for"].startswith("organisation identity")


def test_help_teaches_formats_map_and_ipc_titles() -> None:
    result = runner.invoke(app, ["inspect", "--help"], env={"COLUMNS": "200"})
    assert result.exit_code == 0
    text = " ".join(result.output.split())
    for words in ("--as", "--map", "--columns", "suggested", "Chinese IPC titles are not available", "Examples"):
        assert words in text, words
