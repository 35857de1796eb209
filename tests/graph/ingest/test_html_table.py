"""Web pages saved as "Excel" downloads (an HTML table named .xls): read as an XLSX of the same rows is, refused in one
line when they cannot be. Every file here is generated and synthetic (tests/support/markup.py)."""

from __future__ import annotations

from pathlib import Path

import pytest
from typer.testing import CliRunner

from patentnav.cli import app
from patentnav.graph.ingest import tabular
from patentnav.graph.ingest.inspect import inspect_file
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.records import FileError
from patentnav.graph.store import open_store
from tests.support.layouts import LAYOUT_FILES, write_layout
from tests.support.markup import HTML_FLAVOURS, graph_facts, layout_sheets, write_html
from tests.support.messages import one_line
from tests.support.xls import write_xlsx

pytestmark = pytest.mark.embedded_only  # files and a memory store: nothing about the backend

HEADER = ["申请号", "公开(公告)号", "标题", "申请人", "申请日", "IPC", "申请人地址"]
ROWS = [
    ["CN201810123456.7", "CN108000001A", "一种起重机臂架", "三一重工股份有限公司;中联重科股份有限公司", 20180526,
     "B66C23/00", "湖南省长沙市岳麓区"],
    ["CN201910654321.X", "CN110000002A", "一种转向架", "中车株洲电力机车有限公司", 20190101, "B61F5/00",
     "湖南省株洲市石峰区"],
]  # fmt: skip


def _header(names: list[str]) -> bool:
    return "申请号" in names


def _page(body: str, head: str = '<meta charset="utf-8">') -> str:
    return f"<html><head>{head}</head><body>{body}</body></html>"


def _write(tmp_path: Path, body: str, name: str = "web.xls", encoding: str = "utf-8") -> Path:
    path = tmp_path / name
    path.write_bytes(body.encode(encoding))
    return path


def _rows(path: Path) -> list[tuple[int | str, list[str]]]:
    return list(tabular.open_table(path, _header).rows())


# --- the same rows as XLSX or CSV give the same records --------------------------------------------------------------


@pytest.mark.parametrize("flavour", HTML_FLAVOURS)
@pytest.mark.parametrize("layout", ["incopat", "patsnap-xlsx", "cn-yearly", "cnipa-search"])
def test_a_layout_written_as_a_web_page_gives_the_triples_of_its_xlsx_or_csv(
    tmp_path: Path, layout: str, flavour: str
) -> None:
    # incoPat: a note sheet before the patents (a table of its own here); PatSnap: title rows above the header and
    # '-' in empty cells; the yearly dataset: its header repeated every 150 rows; the CNIPA search: GB18030.
    rows = 160 if layout == "cn-yearly" else 40
    twin = write_layout(layout, tmp_path / LAYOUT_FILES[layout], rows=rows, seed=5)
    page = write_html(tmp_path / f"{layout}.xls", layout_sheets(layout, rows, 5), flavour=flavour, encoding="gbk")
    facts, summary = graph_facts(page)
    twin_facts, twin_summary = graph_facts(twin)
    assert summary == twin_summary and summary[2] == 0
    assert len(facts) > 40 * 20 and facts == twin_facts


def test_cells_read_as_text_with_spans_filled(tmp_path: Path) -> None:
    sheets = {
        "说明": [["本表为检索结果"]],
        "结果": [
            ["检索结果（合成样例）", None, None, None],
            ["申请号", "名称", "申请日", "数量"],
            ["CN201910000001.1", "合并", 20180526, 1.5],
            ["201910000003", None, "2019-02-03", 3],
            ["0012", "一种\n装置", "2019/2/3", 1e20],
        ],
    }
    merges = {"结果": [(0, 0, 0, 3), (2, 3, 1, 1)]}  # a title over four columns; 合并 spans rows 3-4 of column B
    for flavour in HTML_FLAVOURS:
        table = tabular.open_table(write_html(tmp_path / f"{flavour}.xls", sheets, merges=merges, flavour=flavour),
                                   _header)  # fmt: skip
        assert (table.headers, table.header_line, table.sheet) == (["申请号", "名称", "申请日", "数量"], 2, "table2")
        assert table.other_sheets == ("table1",) and table.encoding == "HTML table saved as .xls, utf-8"
        assert list(table.rows()) == [
            ("table2!3", ["CN201910000001.1", "合并", "20180526", "1.5"]),
            ("table2!4", ["201910000003", "合并", "2019-02-03", "3"]),
            ("table2!5", ["0012", "一种\n装置", "2019/2/3", "100000000000000000000"]),
        ], flavour


def test_a_cell_goes_past_the_columns_a_rowspan_above_covers(tmp_path: Path) -> None:
    page = _page(
        "<table><tr><th>申请号<th>申请人<th>IPC<th>法律状态"
        "<tr><td rowspan=3>CN1<td>甲<td rowspan=2 colspan=2>B66C"
        "<tr><td>乙"  # columns A, C and D are covered: 乙 is in B
        "<tr><td>丙<td>B61F<td>有效"
        "<tr><td colspan=0>CN2<td rowspan=x>丁</table>"  # colspan 0 and a rowspan without digits count as 1
    )
    assert _rows(_write(tmp_path, page)) == [
        ("table1!2", ["CN1", "甲", "B66C", "B66C"]),
        ("table1!3", ["CN1", "乙", "B66C", "B66C"]),
        ("table1!4", ["CN1", "丙", "B61F", "有效"]),
        ("table1!5", ["CN2", "丁", "", ""]),
    ]


def test_nested_markup_entities_and_white_space_read_as_a_browser_shows_them(tmp_path: Path) -> None:
    page = _page(
        "<table><tr><td>申请号</td><td>标题</td><td>申请人</td><td>摘要</td></tr>"
        '<tr><td>\n   <a href="/p/1"><font color=red>CN1</font></a>\n </td>'
        "<td><span>一种</span><b>起重机</b>&amp;臂架&nbsp;&lt;新&gt;&#x4e00;&#19968;</td>"
        "<td>甲公司<br>乙公司<br/>\n丙公司</td>"
        "<td><p>第一段</p><div>第二段<script>var t = '<table>';</script><style>td{}</style></div>  全角\u3000空格</td></tr>"
        "<tr><td>&nbsp;</td><td>&nbsp;</td></tr></table>"  # a row of nothing but &nbsp; is empty
    )
    assert _rows(_write(tmp_path, page)) == [
        ("table1!2", ["CN1", "一种起重机&臂架 <新>一一", "甲公司\n乙公司\n丙公司", "第一段\n第二段\n全角\u3000空格"])
    ]


def test_a_line_break_in_an_applicant_cell_separates_applicants(tmp_path: Path) -> None:
    page = _page(
        "<table><tr><td>申请号</td><td>标题</td><td>申请人</td><td>申请日</td></tr>"
        "<tr><td>CN201810123456.7</td><td>一种起重机</td><td>合成样例重工有限公司0001<br>合成样例大学0002</td>"
        "<td>2018-05-26</td></tr></table>"
    )
    facts, summary = graph_facts(_write(tmp_path, page))
    assert summary == ("cnipa", 1, 0)
    labels = {o for s, p, o in facts if "/id/org/" in s and p.endswith("#label")}
    assert labels == {"合成样例重工有限公司0001", "合成样例大学0002"}


def test_numbers_kept_as_text_stay_text_and_a_displayed_number_reads_as_its_value(tmp_path: Path) -> None:
    page = _page(
        "<table><tr><td>申请号</td><td>优先权号</td><td>序号</td><td>被引证次数</td><td>公开号</td></tr>"
        "<tr><td class=xl65 x:str>201510123456.7</td>"  # Excel's text-kept number
        '<td style=\'mso-number-format:"\\@"\' x:num="201510123456">2.01510E+11</td>'  # text format: as shown
        "<td>0012</td>"
        '<td x:num="1234">1,234</td>'  # displayed with a thousands separator
        '<td x:num="201510123456.7">2.01510E+11</td></tr></table>',  # displayed in E notation beside its value
        '<meta charset="utf-8"><style>.xl65 {mso-number-format:"\\@";}</style>',
    )
    assert _rows(_write(tmp_path, page)) == [
        ("table1!2", ["201510123456.7", "2.01510E+11", "0012", "1234", "201510123456.7"])
    ]


def test_the_table_with_the_patent_header_is_read_among_layout_and_note_tables(tmp_path: Path) -> None:
    inner = (
        "<table><tr><td>专利检索结果</td></tr><tr><td>申请号</td><td>申请人</td></tr>"
        "<tr><td>CN1</td><td>甲</td></tr><tr><td>CN2</td><td>乙</td></tr></table>"
    )
    page = _page(
        "<table><tr><td>检索式</td><td>TI=(起重机)</td></tr></table>"  # the search strategy
        f"<table><tr><td>导航</td><td>{inner}</td><td>页脚</td></tr></table>"  # a layout table holding the patents
        "<table><tr><td>申请号</td><td>申请人</td></tr><tr><td>CN3</td><td>丙</td></tr></table>"  # a second page
    )
    table = tabular.open_table(_write(tmp_path, page), _header)
    assert (table.sheet, table.other_sheets, table.header_line) == ("table3, table4", ("table1", "table2"), 2)
    assert list(table.rows()) == [
        ("table3!3", ["CN1", "甲"]),
        ("table3!4", ["CN2", "乙"]),
        ("table4!2", ["CN3", "丙"]),
    ]


def test_title_rows_are_skipped_and_repeated_header_rows_are_not_records(tmp_path: Path) -> None:
    rows = [["合成样例导出（synthetic）"], [], HEADER, ROWS[0], HEADER, ROWS[1], HEADER]
    page = write_html(tmp_path / "repeated.xls", {"S": rows}, flavour="web")
    report = inspect_file(page, samples=2, place=False)
    assert (report.header_line, report.title_rows, report.repeated_headers) == (3, 2, 2)
    twin = write_xlsx(tmp_path / "repeated.xlsx", {"S": rows})
    facts, summary = graph_facts(page)
    assert summary == ("cnipa", 2, 0) and (facts, summary) == graph_facts(twin)


# --- encodings --------------------------------------------------------------------------------------------------------


TABLE = "<table><tr><td>申请号</td><td>申请人</td></tr><tr><td>CN1</td><td>湖南省长沙市岳麓区某公司</td></tr></table>"


@pytest.mark.parametrize(
    ("head", "encoding", "bom", "read_as"),
    [
        ('<meta charset="gbk">', "gbk", b"", "gb18030"),
        ('<meta http-equiv="Content-Type" content="text/html; charset=gb2312">', "gbk", b"", "gb18030"),
        ('<META HTTP-EQUIV="content-type" CONTENT="text/html;charset=GB18030">', "gb18030", b"", "gb18030"),
        ("", "gbk", b"", "gb18030"),  # no declaration: told from the bytes
        ('<meta charset="utf-8">', "gbk", b"", "gb18030"),  # the declaration is wrong: the bytes overrule it
        ('<meta charset="iso-8859-1">', "utf-8", b"", "utf-8"),  # a Chinese export is not Latin-1
        ('<meta charset="gbk">', "utf-8", b"\xef\xbb\xbf", "utf-8-sig"),  # the byte order mark wins
        ("", "utf-16-le", b"\xff\xfe", "utf-16"),
        ('<meta charset="utf-16">', "utf-16-be", b"", "utf-16-be"),  # UTF-16 without a byte order mark
    ],
)
def test_the_page_encoding_is_read(tmp_path: Path, head: str, encoding: str, bom: bytes, read_as: str) -> None:
    path = tmp_path / "web.xls"
    path.write_bytes(bom + _page(TABLE, head).encode(encoding))
    table = tabular.open_table(path, _header)
    assert table.encoding == f"HTML table saved as .xls, {read_as}"
    assert list(table.rows()) == [("table1!2", ["CN1", "湖南省长沙市岳麓区某公司"])]


def test_bytes_the_encoding_cannot_read_are_one_line_after_the_row_they_follow(tmp_path: Path) -> None:
    rows = "".join(f"<tr><td>CN{i}</td><td>甲</td></tr>" for i in range(40_000))
    path = tmp_path / "mixed.xls"
    path.write_bytes(
        _page(f"<table><tr><td>申请号</td><td>申请人</td></tr>{rows}", "").encode("utf-8") + b"\xff\xfe\xfd"
    )
    with pytest.raises(FileError) as info:
        tabular.open_table(path, _header)
    message = one_line(info, tmp_path)
    assert message.startswith("wrong encoding: the page has bytes that are not valid utf-8 after row 40001 of table1")


# --- what is not a patent table, and hostile pages ----------------------------------------------------------------


def test_a_page_without_a_table_isone_line(tmp_path: Path) -> None:
    path = _write(tmp_path, _page("<p>没有检索结果</p>"))
    with pytest.raises(FileError) as info:
        ingest_file(open_store("memory://"), path)
    assert one_line(info, tmp_path) == "this web page saved as .xls has no table: it holds no patent list to read"
    with pytest.raises(FileError, match=r"^unknown format: no header row recognised; headers seen: 检索式, TI=x$"):
        tabular.open_table(_write(tmp_path, _page("<table><tr><td>检索式<td>TI=x</table>"), "notes.htm"), _header)


@pytest.mark.parametrize(
    ("body", "start"),
    [
        (  # cut off inside a row: the rows read so far are not loaded
            "<html><body><table><tr><td>申请号</td><td>申请人</td></tr><tr><td>CN1</td><td>甲</td></tr><tr><td>CN2",
            "the HTML table ends at row 3 of table1 without its </table>: the file looks truncated",
        ),
        (  # an unclosed tag: 5 MiB of attributes without its '>'
            "<table><tr><td>申请号</td></tr><tr><td title='" + "x" * (5 << 20),
            "not a readable HTML table: after row 2 of table1, a tag, comment or script runs on for more than 4 MiB",
        ),
        (  # an unclosed comment
            "<table><tr><td>申请号</td></tr><!-- " + "注释" * (3 << 20),
            "not a readable HTML table: after row 1 of table1, a tag, comment or script runs on for more than 4 MiB",
        ),
        ("<table>" * 65 + "<tr><td>申请号", "not a readable HTML table: tables nested more than 64 deep"),
        (
            "<table><tr><td>申请号</td>" + "<td colspan=1000>x</td>" * 17 + "</tr></table>",
            "not a readable HTML table: table1, row 1 reaches column 17001, past Excel's 16,384 columns",
        ),
    ],
)
def test_a_damaged_or_hostile_page_is_one_line_and_loads_nothing(tmp_path: Path, body: str, start: str) -> None:
    path = _write(tmp_path, body)
    store = open_store("memory://")
    with pytest.raises(FileError) as info:  # refused at its bound (the message says which), not crunched through
        ingest_file(store, path)
    assert one_line(info, tmp_path).startswith(start), str(info.value)
    assert store.named_graphs() == []


def test_deeply_nested_inline_tags_are_read_as_their_text(tmp_path: Path) -> None:
    deep = "<span><b>" * 50_000 + "CN1" + "</b></span>" * 50_000
    page = _page(f"<table><tr><td>申请号<td>申请人<tr><td>{deep}<td>{'<div>' * 20_000}甲</table>")
    assert _rows(_write(tmp_path, page)) == [("table1!2", ["CN1", "甲"])]


def test_an_entity_declaration_in_a_page_is_never_expanded(tmp_path: Path) -> None:
    lol = "".join(f'<!ENTITY lol{i} "{f"&lol{i - 1};" * 10}">' for i in range(1, 10))
    page = (
        f'<?xml version="1.0"?><!DOCTYPE html [<!ENTITY lol0 "lol">{lol}]>'
        "<html><body><table><tr><td>申请号</td><td>标题</td></tr><tr><td>CN1</td><td>&lol9;</td></tr></table>"
    )
    assert _rows(_write(tmp_path, page + "</body></html>")) == [("table1!2", ["CN1", "&lol9;"])]


def test_a_page_over_the_size_limit_is_refused_before_it_is_parsed(tmp_path: Path, monkeypatch) -> None:
    from patentnav.graph.ingest import html_table

    monkeypatch.setattr(html_table, "read_html", lambda *a, **k: pytest.fail("parsed a file over the limit"))
    path = _write(tmp_path, _page(TABLE))
    with pytest.raises(tabular.FileTooLargeError) as info:
        ingest_file(open_store("memory://"), path, xlsx_limits=tabular.XlsxLimits(max_markup_bytes=100))
    message = one_line(info, tmp_path)
    assert message.startswith("the HTML table saved as .xls is 0.0 MiB, more than the limit of 0.0 MiB: not read")
    huge = tmp_path / "huge.xls"  # sparse: the default limit (1 GiB) and one byte, written in no time
    with huge.open("wb") as fh:
        fh.write(_page(TABLE).encode())
        fh.truncate(tabular.MARKUP_MAX_BYTES + 1)
    with pytest.raises(tabular.FileTooLargeError, match=r"^the HTML table saved as \.xls is 1\.00 GiB, more than"):
        tabular.open_table(huge, _header)


# --- the command line and inspect ---------------------------------------------------------------------------------


def test_inspect_and_ingest_from_the_command_line_say_it_is_a_web_page(tmp_path: Path) -> None:
    page = write_html(tmp_path / "检索结果.xls", {"S": [HEADER, *ROWS]}, encoding="gbk", declare="gb2312")
    runner = CliRunner()
    result = runner.invoke(app, ["inspect", str(page)])
    assert result.exit_code == 0, result.output
    assert "检索结果.xls: cnipa (layout generic), HTML table saved as .xls, gb18030, header row 1, sheet table1" in (
        " ".join(result.stdout.split())
    )
    result = runner.invoke(app, ["ingest", "--store", f"oxigraph://{tmp_path / 'store'}", str(page)])
    assert result.exit_code == 0, result.output
    assert "2 rows read, 2 patents added, 0 duplicates merged, 0 rows rejected" in result.output
