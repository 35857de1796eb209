"""Old Excel .xls exports (BIFF8, written by xlwt): read as their XLSX twins are, refused in one line when they cannot be.

incoPat and CNIPA-derived tools hand out .xls; web systems hand out HTML tables, or text, named .xls.
"""

from __future__ import annotations

import datetime
import shutil
from pathlib import Path

import pytest

from patentnav.graph.ingest import tabular
from patentnav.graph.ingest.inspect import inspect_file
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.options import export_files
from patentnav.graph.ingest.records import FileError
from patentnav.graph.store import open_store, select
from tests.support.messages import one_line
from tests.support.xls import DAMAGE, damage_xls, write_xls, write_xlsx

pytestmark = pytest.mark.embedded_only  # files and a memory store: nothing about the backend

HEADER = ["申请号", "公开(公告)号", "标题", "申请人", "申请日", "公开(公告)日", "IPC", "申请人地址"]
ROWS = [
    [
        "CN201810123456.7",
        "CN108000001A",
        "一种起重机臂架",
        "三一重工股份有限公司;中联重科股份有限公司",
        20180526,  # a date typed as a number, as incoPat writes it
        datetime.date(2018, 11, 2),
        "B66C23/00",
        "湖南省长沙市岳麓区",
    ],
    [
        "CN201910654321.X",
        "CN110000002A",
        "一种转向架",
        "中车株洲电力机车有限公司",
        20190101.0,
        datetime.datetime(2019, 12, 3),
        "B61F5/00",
        "湖南省株洲市石峰区",
    ],
]
#: An incoPat download: the search strategy on a sheet before the patents, a title row and a blank row above the header.
INCOPAT = {
    "检索式": [["检索式：TI=(起重机 OR 转向架)"], ["命中 2 条"]],
    "专利": [["incoPat 专利检索结果（导出于 2024-05-01）"], [], HEADER, *ROWS],
}


def _header(names: list[str]) -> bool:
    return "申请号" in names


def _facts(path: Path) -> tuple[set[tuple[str, str, str]], str]:
    """The triples a file's graph holds about everything but the file itself, and the reader's format."""
    store = open_store("memory://")
    result = ingest_file(store, path)
    assert (result.rows_read, result.rows_rejected) == (2, 0), result.rejections
    rows = select(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{result.graph}> {{ ?s ?p ?o }} }}")
    return {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows if str(r["s"]) != result.source}, result.format


def test_an_incopat_xls_gives_the_patents_and_applicants_its_xlsx_twin_gives(tmp_path: Path) -> None:
    xls = write_xls(tmp_path / "incopat.xls", INCOPAT)
    assert xls.read_bytes()[:8] == b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"  # a genuine BIFF file, not a renamed zip
    facts, fmt = _facts(xls)
    twin, twin_fmt = _facts(write_xlsx(tmp_path / "incopat.xlsx", INCOPAT))
    assert facts == twin and fmt == twin_fmt == "cnipa"
    dates = {(s.rsplit("/", 1)[1], o) for s, p, o in facts if p.endswith("#applicationDate")}
    assert dates == {("CN201810123456", "2018-05-26"), ("CN201910654321", "2019-01-01")}
    labels = {o for s, p, o in facts if "/id/org/" in s and p.endswith("#label")}
    assert labels == {"三一重工股份有限公司", "中联重科股份有限公司", "中车株洲电力机车有限公司"}


def test_cells_read_as_the_xlsx_reader_reads_them(tmp_path: Path) -> None:
    sheets = {
        "说明": [["本表为检索结果"]],
        "结果": [
            [None, None, "申请号", "名称", "申请日", "数量", "有效"],
            [None, None, "CN201910000001.1", "合并", 20180526.0, 1.5, True],
            [None, None, 201910000003, None, datetime.datetime(2019, 2, 3, 10, 30), 3.0, False],
            [],
            [None, None, "CN201910000002.1", "一种\n装置", datetime.date(2019, 2, 3), 1e20, None, None, "尾列"],
        ],
    }
    merges = {"结果": [(1, 2, 3, 3)]}  # 合并 spans rows 2-3 of column D
    xls = tabular.open_table(write_xls(tmp_path / "cells.xls", sheets, merges=merges), _header)
    xlsx = tabular.open_table(write_xlsx(tmp_path / "cells.xlsx", sheets, merges=merges), _header)
    assert (xls.encoding, xlsx.encoding) == ("xls", "xlsx")
    assert (xls.headers, xls.header_line, xls.sheet) == (xlsx.headers, xlsx.header_line, xlsx.sheet)
    assert (xls.header_line, xls.sheet) == (1, "结果")
    expected = [
        ("结果!2", ["", "", "CN201910000001.1", "合并", "20180526", "1.5", "True"]),
        ("结果!3", ["", "", "201910000003", "合并", "2019-02-03T10:30:00", "3", "False"]),
        ("结果!5", ["", "", "CN201910000002.1", "一种\n装置", "2019-02-03T00:00:00", "1" + "0" * 20, "", "", "尾列"]),
    ]
    assert list(xls.rows()) == list(xlsx.rows()) == expected


def test_control_characters_are_removed_as_in_every_other_format(tmp_path: Path) -> None:
    path = write_xls(tmp_path / "controls.xls", {"S": [["申请号", "名称"], ["CN1", "一种\x01起重\x00机\x0b臂架"]]})
    ((line, cells),) = tabular.open_table(path, _header).rows()
    assert (line, cells) == ("S!2", ["CN1", "一种起重机 臂架"])
    assert cells.cleaned == [(1, "removed U+0000, U+0001; replaced U+000B by a space")]


def test_every_sheet_with_the_header_is_read_and_different_headers_are_refused(tmp_path: Path) -> None:
    pages = {"检索式": [["TI=起重机"]], "第1页": [HEADER, ROWS[0]], "第2页": [HEADER, ROWS[1]]}
    table = tabular.open_table(write_xls(tmp_path / "pages.xls", pages), _header)
    assert table.sheet == "第1页, 第2页"
    assert [line for line, _ in table.rows()] == ["第1页!2", "第2页!2"]
    pages["第2页"] = [["申请号", "别的列"], ["CN1", "x"]]
    with pytest.raises(FileError, match="sheets '第1页' and '第2页' have different header rows"):
        tabular.open_table(write_xls(tmp_path / "mixed.xls", pages), _header)
    with pytest.raises(FileError, match=r"^unknown format: no header row recognised; headers seen: TI=起重机$"):
        tabular.open_table(write_xls(tmp_path / "notes.xls", {"检索式": [["TI=起重机"]]}), _header)


def test_a_renamed_xlsx_and_a_renamed_tsv_named_xls_are_read_by_content(tmp_path: Path) -> None:
    xlsx = write_xlsx(tmp_path / "export.xlsx", INCOPAT)
    renamed = tmp_path / "renamed_xlsx.xls"
    shutil.copyfile(xlsx, renamed)
    tsv = tmp_path / "web_tsv.xls"  # what many Chinese web systems call an Excel download: GBK text, tab-separated
    dates = [("2018-05-26", "2018-11-02"), ("2019-01-01", "2019-12-03")]
    lines = ["\t".join(HEADER)] + [
        "\t".join([*row[:4], *days, *row[6:]]) for row, days in zip(ROWS, dates, strict=True)
    ]
    tsv.write_bytes(("\r\n".join(lines) + "\r\n").encode("gbk"))
    assert tabular.open_table(renamed, _header).encoding == "xlsx"
    assert tabular.open_table(tsv, _header).encoding == "gb18030"
    for path in (renamed, tsv):
        result = ingest_file(open_store("memory://"), path)
        assert (result.format, result.rows_read, result.patents_added, result.rows_rejected) == ("cnipa", 2, 2, 0)


def test_a_genuine_xls_named_otherwise_is_read_by_content(tmp_path: Path) -> None:
    xls = write_xls(tmp_path / "incopat.xls", INCOPAT)
    for name in ("incopat.xlsx", "incopat.csv", "incopat"):
        shutil.copyfile(xls, tmp_path / name)
        table = tabular.open_table(tmp_path / name, _header)
        assert (table.encoding, table.sheet, len(list(table.rows()))) == ("xls", "专利", 2)


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_xls_is_one_line_and_loads_nothing(tmp_path: Path, kind: str) -> None:
    good = write_xls(tmp_path / "good.xls", INCOPAT)
    path = damage_xls(good, tmp_path / f"{kind}.xls", kind)
    store = open_store("memory://")
    with pytest.raises(FileError) as info:
        ingest_file(store, path)
    message = one_line(info, tmp_path)
    assert message.startswith("cannot read this .xls workbook"), message
    assert store.named_graphs() == []


def test_a_reader_that_aborts_is_a_one_line_error_in_a_process_that_lives_on(tmp_path: Path) -> None:
    # In-process, python-calamine 0.9.1 aborts the interpreter on this file (a terabyte reserved for 100 million rows).
    path = damage_xls(write_xls(tmp_path / "good.xls", INCOPAT), tmp_path / "dims.xls", "huge-dimensions")
    with pytest.raises(FileError) as info:
        tabular.open_table(path, _header)
    message = one_line(info, tmp_path)
    assert message.startswith("cannot read this .xls workbook") and "damaged" in message, message
    assert tabular.open_table(write_xls(tmp_path / "after.xls", INCOPAT), _header).sheet == "专利"


def test_a_small_file_that_asks_for_gigabytes_is_stopped_by_the_readers_memory_cap(tmp_path: Path) -> None:
    # 80,000 cells of 14 bytes each point to one string of 30,000 characters: calamine copies it into every cell,
    # 7 GB for a 1 MB file; the child's address space is capped at 1 GiB and 20 times the file.
    long = "专" * 30_000
    path = write_xls(tmp_path / "strings.xls", {"S": [["申请号"], *([long] * 4 for _ in range(20_000))]})
    assert path.stat().st_size < 2 << 20
    with pytest.raises(FileError) as info:
        tabular.open_table(path, _header)
    assert one_line(info, tmp_path).startswith("cannot read this .xls workbook")


@pytest.mark.parametrize(("kind", "name"), [("password", "locked.xls"), ("encrypted-xlsx", "locked.xlsx")])
def test_a_password_protected_workbook_says_so(tmp_path: Path, kind: str, name: str) -> None:
    path = damage_xls(write_xls(tmp_path / "good.xls", INCOPAT), tmp_path / name, kind)
    with pytest.raises(FileError) as info:
        tabular.open_table(path, _header)
    assert one_line(info, tmp_path) == (
        "the workbook is password-protected (encrypted): open it in Excel or WPS, remove the password and save it "
        "as .xlsx"
    )


@pytest.mark.parametrize(
    ("body", "what"),
    [
        (
            '\ufeff\r\n<html xmlns:x="urn:schemas-microsoft-com:office:excel"><head><meta charset="utf-8"></head>'
            "<body><table><tr><td>申请号</td><td>名称</td></tr><tr><td>CN1</td><td>起重机</td></tr></table></body></html>",
            "HTML table saved as .xls, utf-8-sig",
        ),
        (
            "  <!DOCTYPE html>\n<html><table><tr><td>申请号</td></tr><tr><td>CN1</td></tr></table>",
            "HTML table saved as .xls, gb18030",
        ),
        ("<table border=1><tr><th>申请号</th></tr><tr><td>CN1</td></tr></table>", "HTML table saved as .xls, gb18030"),
        (
            '<?xml version="1.0"?>\n<html xmlns="http://www.w3.org/1999/xhtml"><table><tr><td>申请号</td></tr>'
            "<tr><td>CN1</td></tr></table></html>",
            "HTML table saved as .xls, gb18030",
        ),
        (
            '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
            'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S"><Table>'
            '<Row><Cell><Data ss:Type="String">申请号</Data></Cell></Row>'
            '<Row><Cell><Data ss:Type="String">CN1</Data></Cell></Row></Table></Worksheet></Workbook>',
            "Excel 2003 XML spreadsheet saved as .xls, utf-8",
        ),
    ],
)
def test_a_web_page_or_xml_spreadsheet_saved_as_xls_is_read_by_content(tmp_path: Path, body: str, what: str) -> None:
    # (tests/graph/ingest/test_html_table.py and test_spreadsheetml.py test these readers themselves.)
    path = tmp_path / "download.xls"
    path.write_bytes(
        body.encode("gbk" if "申请号" in body and "\ufeff" not in body and "Workbook" not in body else "utf-8")
    )
    table = tabular.open_table(path, _header)
    assert (table.encoding, table.headers[0], [cells[0] for _, cells in table.rows()]) == (what, "申请号", ["CN1"])


def test_an_xls_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path, monkeypatch) -> None:
    from patentnav.graph.ingest import xls

    path = write_xls(tmp_path / "incopat.xls", INCOPAT)
    monkeypatch.setattr(xls, "read_workbook", lambda path: pytest.fail("parsed a file over the limit"))
    limits = tabular.XlsxLimits(max_xls_bytes=path.stat().st_size - 1)
    with pytest.raises(tabular.FileTooLargeError) as info:
        ingest_file(open_store("memory://"), path, xlsx_limits=limits)
    message = one_line(info, tmp_path)
    assert message.startswith("the .xls file is ") and message.endswith(
        ": not read (split the export into smaller files)"
    )


def test_a_folder_gives_its_xls_files(tmp_path: Path) -> None:
    write_xls(tmp_path / "b_incopat.XLS", INCOPAT)
    (tmp_path / "a.csv").write_text("申请号\n", encoding="utf-8")
    (tmp_path / "~$b_incopat.XLS").write_bytes(b"lock")
    files, skipped = export_files(tmp_path)
    assert [f.name for f in files] == ["a.csv", "b_incopat.XLS"]
    assert skipped == ["~$b_incopat.XLS (an Excel lock file)"]


def test_inspect_shows_the_xls_format_and_sheets(tmp_path: Path) -> None:
    report = inspect_file(write_xls(tmp_path / "incopat.xls", INCOPAT), samples=1, place=False)
    assert (report.format, report.encoding, report.sheets, report.header_line) == ("cnipa", "xls", ["专利"], 3)
    assert report.other_sheets == ["检索式"]  # the search strategy's sheet, not read
    assert report.samples[0].record["application_number"].startswith("CN201810123456")
