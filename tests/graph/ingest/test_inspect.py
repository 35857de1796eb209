"""``inspect_file``: what ingest would make of a file, from the same detection and reader, loading nothing."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from patentnav.graph.ingest.inspect import ANALYSIS_NEEDS, FIELD_NEEDS, inspect_file
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.synthetic import CNIPA_HEADER, write_export

#: A PatSnap-style export (synthetic): title rows above the header, [标] columns, region columns, no address.
PATSNAP_HEADER = [
    "公开(公告)号", "申请号", "标题", "申请日", "[标]当前申请(专利权)人", "申请(专利权)人", "[标]当前申请(专利权)人类型",
    "当前申请(专利权)人州/省", "当前申请(专利权)人地市", "当前申请(专利权)人区县", "IPC分类号", "被引用专利数量", "简单同族",
    "工商统一社会信用代码", "备注栏",
]  # fmt: skip
PATSNAP_ROW = [
    "CN105000001A", "CN201510123456.7", "一种合成样例起重臂", "2015-03-01", "合成样例重工有限公司0001",
    "合成样例重工有限公司0001", "企业", "湖南省", "长沙市", "岳麓区", "B66C23/64 | B66C13/18", "3", "CN105000001A",
    "", "x",
]  # fmt: skip


def _patsnap(tmp_path: Path, rows: list[list[str]] | None = None) -> Path:
    path = tmp_path / "synthetic_patsnap.csv"
    lines = ["智慧芽导出 (synthetic)", "", ",".join(PATSNAP_HEADER), *(",".join(r) for r in rows or [PATSNAP_ROW])]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8-sig")
    return path


def test_report_says_format_why_layout_encoding_header_row_and_columns(tmp_path: Path) -> None:
    report = inspect_file(_patsnap(tmp_path))
    assert (report.format, report.layout, report.encoding) == ("cnipa", "patsnap", "utf-8-sig")
    assert (report.header_line, report.title_rows) == (3, 2)
    assert report.reason.startswith("header row 3 has 标题") and report.vendor
    how = {c.header: (c.field, c.how) for c in report.columns}
    assert how["申请号"] == ("application_number", "alias")
    assert how["[标]当前申请(专利权)人"] == ("current_holders_standardized", "alias")
    assert how["备注栏"] == (None, "ignored")
    assert [c.header for c in report.unused()] == ["备注栏"]


def test_region_columns_place_the_sample_applicants_as_ingest_would(tmp_path: Path) -> None:
    report = inspect_file(_patsnap(tmp_path))
    (sample,) = report.samples[:1]
    holder = sample.record["current_holders"][0]
    assert holder["placed"] == {"code": "430104", "name": "湖南省长沙市岳麓区", "country": "CN", "by": "region columns"}
    assert holder["org_type_source"] == "file"
    assert [c["symbol"] for c in sample.record["ipc"]] == ["B66C23/64", "B66C13/18"]


def test_missing_lists_only_what_the_format_can_carry_and_no_field_of_the_need_gives(tmp_path: Path) -> None:
    cnipa = inspect_file(write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=3, seed=1), samples=0)
    missing = {m.field: m for m in cnipa.missing}
    assert missing["credit_code"].needed_for.startswith("organisation identity")
    assert missing["credit_code"].header == "工商统一社会信用代码"
    assert missing["lapse_date"].needed_for.startswith("expiry warnings")
    # The file has an address (and a province code): region analyses miss nothing, so no region field is listed.
    assert not set(missing) & {"address", "province", "city", "district", "province_code"}
    lens = inspect_file(write_export("lens", tmp_path / "synthetic_lens.csv", rows=3, seed=1), samples=0)
    assert {m.field for m in lens.missing} <= {f for f in FIELD_NEEDS}
    assert "credit_code" not in {m.field for m in lens.missing}  # Lens never has credit codes: not its gap
    patsnap = inspect_file(_patsnap(tmp_path), samples=0)
    assert "credit_code" not in {m.field for m in patsnap.missing}  # the column is there (empty cells are data)


def test_samples_and_row_errors_with_their_lines(tmp_path: Path) -> None:
    bad = list(PATSNAP_ROW)
    bad[3] = "2015-02-30"
    second = [c.replace("123456", "234567").replace("105000001", "105000002") for c in PATSNAP_ROW]
    report = inspect_file(_patsnap(tmp_path, [bad, second, PATSNAP_ROW]), samples=2)
    assert [s.line for s in report.samples] == [5, 6]
    assert [(e.line, e.reason.split(":")[0]) for e in report.errors] == [(4, "impossible date '2015-02-30'")]
    assert inspect_file(_patsnap(tmp_path), samples=0).samples == []


def test_xlsx_sheets_read_and_the_others(tmp_path: Path) -> None:
    report = inspect_file(write_export("cnipa-xlsx", tmp_path / "synthetic_cnipa.xlsx", rows=4, seed=1), samples=1)
    assert (report.encoding, report.sheets, report.other_sheets) == ("xlsx", ["专利列表"], ["检索信息"])
    assert report.samples[0].line == "专利列表!2"


def test_user_map_and_forced_format(tmp_path: Path) -> None:
    path = _patsnap(tmp_path)
    report = inspect_file(path, "cnipa", {"备注栏": "ignore", "申请(专利权)人": "applicants"})
    how = {c.header: (c.field, c.how) for c in report.columns}
    assert how["备注栏"] == (None, "user") and how["申请(专利权)人"] == ("applicants", "user")
    with pytest.raises(FileError, match="--map names the header '无此列'"):
        inspect_file(path, column_map={"无此列": "title"})
    with pytest.raises(FileError, match=r"missing required column|unknown format"):
        inspect_file(path, "lens")


def test_to_dict_is_json_and_loads_nothing(tmp_path: Path) -> None:
    path = write_export("cnipa", tmp_path / "synthetic_cnipa.csv", rows=3, seed=1)
    before = sorted(p.name for p in tmp_path.iterdir())
    data = json.loads(json.dumps(inspect_file(path).to_dict(), ensure_ascii=False))
    assert data["counts"] == {"columns": len(CNIPA_HEADER), "read": len(CNIPA_HEADER), "alias": len(CNIPA_HEADER)}
    assert len(data["samples"]) == 3 and data["samples"][0]["record"]["application_date"]
    assert sorted(p.name for p in tmp_path.iterdir()) == before  # no store, no spool, nothing written


def test_analysis_table_names_each_field_once() -> None:
    fields = [f for _, group in ANALYSIS_NEEDS for f in group]
    assert len(fields) == len(set(fields))
    assert FIELD_NEEDS["city"].startswith("region analyses") and FIELD_NEEDS["simple_family"].startswith("outbound")
