"""Excel 2003 XML spreadsheets (SpreadsheetML, often named .xls): read as their XLSX twins are, cell for cell; refused in
one line when damaged or hostile. Every file here is generated and synthetic (tests/support/markup.py)."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from patentnav.graph.ingest import tabular
from patentnav.graph.ingest.inspect import inspect_file
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.records import FileError
from patentnav.graph.store import open_store
from tests.support.layouts import LAYOUT_FILES, write_layout
from tests.support.markup import graph_facts, layout_sheets, write_spreadsheetml
from tests.support.messages import one_line
from tests.support.xls import write_xlsx

pytestmark = pytest.mark.embedded_only  # files and a memory store: nothing about the backend

NS = (
    'xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet" '
    'xmlns:html="http://www.w3.org/TR/REC-html40"'
)
HEADER = ["申请号", "公开(公告)号", "标题", "申请人", "申请日", "IPC", "申请人地址"]
ROWS = [
    ["CN201810123456.7", "CN108000001A", "一种起重机臂架", "三一重工股份有限公司;中联重科股份有限公司",
     datetime.date(2018, 5, 26), "B66C23/00", "湖南省长沙市岳麓区"],
    ["CN201910654321.X", "CN110000002A", "一种转向架", "中车株洲电力机车有限公司", 20190101, "B61F5/00",
     "湖南省株洲市石峰区"],
]  # fmt: skip


def _header(names: list[str]) -> bool:
    return "申请号" in names


def _book(worksheets: str, declaration: str = '<?xml version="1.0"?>') -> str:
    return f'{declaration}\n<?mso-application progid="Excel.Sheet"?>\n<Workbook {NS}>{worksheets}</Workbook>\n'


def _sheet(name: str, rows: str) -> str:
    return f'<Worksheet ss:Name="{name}"><Table>{rows}</Table></Worksheet>'


def _write(tmp_path: Path, text: str, name: str = "export.xls", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


def test_cells_read_as_the_xlsx_reader_reads_them(tmp_path: Path) -> None:
    sheets = {
        "说明": [["本表为检索结果"]],
        "结果": [
            [None, None, "申请号", "名称", "申请日", "数量", "有效"],
            [None, None, "CN201910000001.1", "合并", 20180526.0, 1.5, True],
            [None, None, 201910000003, None, datetime.datetime(2019, 2, 3, 10, 30), 3.0, False],
            [],
            [None, None, "CN201910000002.1", "一种\n装置", datetime.date(2019, 2, 3), 1e20, None, None, "尾列"],
            [None, None, "201510123456.7", "跨列", None, datetime.datetime(2019, 2, 3, 10, 30, 0, 500_000), 0.25],
        ],
    }
    merges = {"结果": [(1, 2, 3, 3), (5, 5, 3, 4)]}  # 合并 spans rows 2-3 of column D, 跨列 columns D-E of row 6
    xml = tabular.open_table(write_spreadsheetml(tmp_path / "cells.xls", sheets, merges=merges), _header)
    xlsx = tabular.open_table(write_xlsx(tmp_path / "cells.xlsx", sheets, merges=merges), _header)
    assert (xml.encoding, xlsx.encoding) == ("Excel 2003 XML spreadsheet saved as .xls, utf-8", "xlsx")
    assert (xml.headers, xml.header_line, xml.sheet, xml.other_sheets) == (
        xlsx.headers, xlsx.header_line, xlsx.sheet, xlsx.other_sheets)  # fmt: skip
    assert (xml.sheet, xml.other_sheets) == ("结果", ("说明",))
    expected = [
        ("结果!2", ["", "", "CN201910000001.1", "合并", "20180526", "1.5", "True"]),
        ("结果!3", ["", "", "201910000003", "合并", "2019-02-03T10:30:00", "3", "False"]),
        ("结果!5", ["", "", "CN201910000002.1", "一种\n装置", "2019-02-03T00:00:00", "1" + "0" * 20, "", "", "尾列"]),
        ("结果!6", ["", "", "201510123456.7", "跨列", "跨列", "2019-02-03T10:30:00.500000", "0.25"]),
    ]
    assert list(xml.rows()) == list(xlsx.rows()) == expected


@pytest.mark.parametrize("layout", ["incopat", "patsnap-xlsx", "cn-yearly"])
def test_a_layout_written_as_xml_gives_the_triples_of_its_xlsx_or_csv(tmp_path: Path, layout: str) -> None:
    rows = 160 if layout == "cn-yearly" else 40
    twin = write_layout(layout, tmp_path / LAYOUT_FILES[layout], rows=rows, seed=9)
    xml = write_spreadsheetml(tmp_path / f"{layout}.xls", layout_sheets(layout, rows, 9))
    facts, summary = graph_facts(xml)
    twin_facts, twin_summary = graph_facts(twin)
    assert summary == twin_summary and summary[2] == 0
    assert len(facts) > 40 * 20 and facts == twin_facts


def test_index_merges_rich_text_comments_and_types(tmp_path: Path) -> None:
    rows = (
        '<Row ss:Index="2"><Cell ss:Index="2"><Data ss:Type="String">申请号</Data></Cell>'
        '<Cell><Data ss:Type="String">标题</Data></Cell><Cell><Data ss:Type="String">申请日</Data></Cell>'
        '<Cell><Data ss:Type="String">有效</Data></Cell><Cell><Data ss:Type="String">备注</Data></Cell></Row>'
        '<Row><Cell ss:Index="2" ss:MergeDown="2"><Data ss:Type="String">CN1</Data></Cell>'
        '<Cell><ss:Data ss:Type="String" xmlns="http://www.w3.org/TR/REC-html40"><Font html:Color="#FF0000">一种</Font>'
        "<B>起重<I>机</I></B>&#10;臂架</ss:Data>"
        '<Comment ss:Author="x"><ss:Data><B>批注不是单元格</B></ss:Data></Comment></Cell>'
        '<Cell><Data ss:Type="DateTime">1899-12-31T10:30:00.000</Data></Cell>'
        '<Cell><Data ss:Type="Boolean">0</Data></Cell><Cell><Data ss:Type="Error">#N/A</Data></Cell></Row>'
        '<Row ss:Index="5"><Cell ss:Index="3" ss:MergeAcross="1"><Data ss:Type="String">跨列</Data></Cell>'
        '<Cell><Data ss:Type="Number">1.50</Data></Cell></Row>'  # row 4 is left out: the range fills it
        '<Row><Cell><Data ss:Type="String">左</Data></Cell><Cell><Data ss:Type="String">右</Data></Cell></Row>'
    )
    table = tabular.open_table(_write(tmp_path, _book(_sheet("S", rows))), _header)
    assert (table.headers, table.header_line) == (["", "申请号", "标题", "申请日", "有效", "备注"], 2)
    assert list(table.rows()) == [
        ("S!3", ["", "CN1", "一种起重机\n臂架", "10:30:00", "False", ""]),
        ("S!4", ["", "CN1", "", "", "", ""]),
        ("S!5", ["", "CN1", "跨列", "跨列", "1.5", ""]),
        ("S!6", ["左", "右", "", "", "", ""]),  # a cell without ss:Index goes past nothing: the range has ended
    ]


def test_a_cell_without_an_index_goes_past_the_columns_a_mergedown_covers(tmp_path: Path) -> None:
    rows = (
        '<Row><Cell><Data ss:Type="String">申请号</Data></Cell><Cell><Data ss:Type="String">申请人</Data></Cell>'
        '<Cell><Data ss:Type="String">IPC</Data></Cell></Row>'
        '<Row><Cell ss:MergeDown="1"><Data ss:Type="String">CN1</Data></Cell><Cell><Data ss:Type="String">甲</Data>'
        '</Cell><Cell><Data ss:Type="String">B66C</Data></Cell></Row>'
        '<Row><Cell><Data ss:Type="String">乙</Data></Cell><Cell><Data ss:Type="String">B61F</Data></Cell></Row>'
    )
    assert list(tabular.open_table(_write(tmp_path, _book(_sheet("S", rows))), _header).rows()) == [
        ("S!2", ["CN1", "甲", "B66C"]),
        ("S!3", ["CN1", "乙", "B61F"]),
    ]


def test_the_sheet_with_patents_is_read_and_the_others_listed(tmp_path: Path) -> None:
    sheets = {
        "检索式": [["检索式：TI=(起重机 OR 转向架)"], ["命中 2 条"]],
        "第1页": [["incoPat 专利检索结果（合成样例）"], [], HEADER, ROWS[0]],
        "第2页": [["incoPat 专利检索结果（合成样例）"], [], HEADER, ROWS[1]],
        "统计": [["申请人", "数量"], ["三一重工股份有限公司", 1]],
    }
    path = write_spreadsheetml(tmp_path / "incopat.xml", sheets)
    report = inspect_file(path, samples=1, place=False)
    assert (report.format, report.encoding, report.sheets, report.other_sheets, report.header_line) == (
        "cnipa", "Excel 2003 XML spreadsheet, utf-8", ["第1页", "第2页"], ["检索式", "统计"], 3)  # fmt: skip
    facts, summary = graph_facts(path)
    assert summary == ("cnipa", 2, 0) and (facts, summary) == graph_facts(write_xlsx(tmp_path / "incopat.xlsx", sheets))


@pytest.mark.parametrize(("encoding", "bom"), [("gb2312", b""), ("gbk", b""), ("utf-16", b"")])
def test_a_declared_encoding_is_read(tmp_path: Path, encoding: str, bom: bytes) -> None:
    path = write_spreadsheetml(tmp_path / "export.xls", {"S": [HEADER, ROWS[0]]}, encoding=encoding)
    table = tabular.open_table(path, _header)
    assert (
        table.encoding == f"Excel 2003 XML spreadsheet saved as .xls, {'utf-16' if encoding == 'utf-16' else 'gb18030'}"
    )
    assert [cells[3] for _, cells in table.rows()] == ["三一重工股份有限公司;中联重科股份有限公司"]


# --- damaged and hostile files ------------------------------------------------------------------------------------


_LOLS = "".join(f' <!ENTITY lol{i} "{("&lol%s;" % (i - 1 if i > 1 else "")) * 10}">\n' for i in range(1, 10))
BILLION_LAUGHS = (
    '<?xml version="1.0"?>\n<!DOCTYPE lolz [\n <!ENTITY lol "lol">\n'
    + _LOLS
    + "]>\n"
    + _book(_sheet("S", '<Row><Cell><Data ss:Type="String">申请号</Data></Cell></Row>'
                        '<Row><Cell><Data ss:Type="String">&lol9;</Data></Cell></Row>'), "")
)  # fmt: skip
XXE = (
    '<?xml version="1.0"?>\n<!DOCTYPE w [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>\n<?mso-application '
    f'progid="Excel.Sheet"?>\n<Workbook {NS}><Worksheet ss:Name="S"><Table><Row><Cell><Data ss:Type="String">申请号'
    '</Data></Cell></Row><Row><Cell><Data ss:Type="String">&xxe;</Data></Cell></Row></Table></Worksheet></Workbook>'
)
GOOD = _book(_sheet("S", '<Row><Cell><Data ss:Type="String">申请号</Data></Cell></Row>'
                         '<Row><Cell><Data ss:Type="String">CN1</Data></Cell></Row>'))  # fmt: skip
DTD = (
    "not a readable Excel 2003 XML spreadsheet: it declares a DTD, which Excel never writes (entities are not expanded)"
)


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BILLION_LAUGHS, DTD),
        (XXE, DTD),
        (GOOD[: len(GOOD) // 2 + 40], "not a readable Excel 2003 XML spreadsheet (damaged or truncated?): "),
        (GOOD.replace("</Row>", "</Cell>", 1), "not a readable Excel 2003 XML spreadsheet (damaged or truncated?): "),
        (
            GOOD.replace(" xmlns:ss=", " xmlns:x="),
            "not a readable Excel 2003 XML spreadsheet (damaged or truncated?): ",
        ),
        (
            _book(
                _sheet(
                    "S",
                    '<Row><Cell><Data ss:Type="String">申请号</Data></Cell></Row>'
                    '<Row><Cell><ss:Data ss:Type="String">'
                    + "<B>" * 200
                    + "CN1"
                    + "</B>" * 200
                    + "</ss:Data></Cell></Row>",
                )
            ),
            "not a readable Excel 2003 XML spreadsheet: elements nested more than 100 deep",
        ),
        (
            _book(
                _sheet(
                    "S",
                    '<Row ss:Index="5"><Cell><Data ss:Type="String">申请号</Data></Cell></Row>'
                    '<Row ss:Index="3"><Cell><Data ss:Type="String">CN1</Data></Cell></Row>',
                )
            ),
            "not a readable Excel 2003 XML spreadsheet (damaged?): worksheet 'S' has row 3 after row 5",
        ),
        (
            _book(
                _sheet(
                    "S",
                    '<Row><Cell><Data ss:Type="String">申请号</Data></Cell>'
                    '<Cell ss:Index="16385"><Data ss:Type="String">x</Data></Cell></Row>',
                )
            ),
            "not a readable Excel 2003 XML spreadsheet: worksheet 'S', row 1 reaches column 16385, past Excel's",
        ),
        (
            _book(_sheet("S", '<Row><Cell ss:MergeAcross="-1"><Data ss:Type="String">申请号</Data></Cell></Row>')),
            "not a readable Excel 2003 XML spreadsheet (damaged?): a cell of row 1 of 'S' has ss:MergeAcross='-1'",
        ),
    ],
    ids=[
        "billion-laughs",
        "external-entity",
        "truncated",
        "mismatched",
        "unbound-prefix",
        "deep",
        "order",
        "wide",
        "merge",
    ],
)
def test_a_damaged_or_hostile_file_is_one_line_and_loads_nothing(tmp_path: Path, text: str, message: str) -> None:
    path = _write(tmp_path, text)
    store = open_store("memory://")
    with pytest.raises(FileError) as info:
        ingest_file(store, path)
    got = one_line(info, tmp_path)
    assert got.startswith(message), got
    assert "root:" not in got and store.named_graphs() == []


def test_a_file_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path, monkeypatch) -> None:
    from patentnav.graph.ingest import spreadsheetml

    monkeypatch.setattr(
        spreadsheetml, "read_spreadsheetml", lambda *a, **k: pytest.fail("parsed a file over the limit")
    )
    path = _write(tmp_path, GOOD, "export.xml")
    with pytest.raises(tabular.FileTooLargeError) as info:
        ingest_file(open_store("memory://"), path, xlsx_limits=tabular.XlsxLimits(max_markup_bytes=len(GOOD) - 1))
    assert one_line(info, tmp_path).startswith("the Excel 2003 XML spreadsheet is 0.0 MiB, more than the limit of")
    huge = tmp_path / "huge.xls"  # sparse: the default limit (1 GiB) and one byte, written in no time
    with huge.open("wb") as fh:
        fh.write(GOOD.encode())
        fh.truncate(tabular.MARKUP_MAX_BYTES + 1)
    with pytest.raises(tabular.FileTooLargeError, match=r"^the Excel 2003 XML spreadsheet saved as \.xls is 1\.00 GiB"):
        tabular.open_table(huge, _header)


def test_a_workbook_without_worksheets_or_patents_isone_line(tmp_path: Path) -> None:
    with pytest.raises(FileError, match=r"^this Excel 2003 XML spreadsheet saved as \.xls has no worksheet$"):
        tabular.open_table(_write(tmp_path, _book("")), _header)
    notes = _book(_sheet("检索式", '<Row><Cell><Data ss:Type="String">TI=起重机</Data></Cell></Row>'))
    with pytest.raises(FileError, match=r"^unknown format: no header row recognised; headers seen: TI=起重机$"):
        tabular.open_table(_write(tmp_path, notes, "notes.xls"), _header)
