"""The streaming XLSX reader reads every cell as the calamine-based reader did (tests/support/calamine_reference.py).

Each case is a workbook written by hand (so every kind of cell XML occurs: shared, inline and rich strings,
types s/str/inlineStr/b/e/d/n, number formats for dates, times and durations, the 1904 date system, cells
and rows without references, merged ranges) or by openpyxl; both readers read it and must agree on every
row. Memory is checked apart: the stream holds one block of XML, not the sheet.
"""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl
import pytest

from patentnav.graph.ingest import tabular
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.xlsx_stream import StreamingWorkbook, detect_number_format
from tests.support.calamine_reference import reference_rows
from tests.support.xlsx import _PARTS, SHEET, _ZipWriter

pytest.importorskip("python_calamine")
pytestmark = pytest.mark.embedded_only  # the reader alone: no store

_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
#: Cell styles 0..9: General, then the built-in date/time/duration ids and custom formats.
_STYLES = (
    f'<styleSheet xmlns="{_MAIN}"><numFmts count="5">'
    '<numFmt numFmtId="164" formatCode="yyyy/mm/dd"/><numFmt numFmtId="165" formatCode="0.00&quot; m&quot;"/>'
    '<numFmt numFmtId="166" formatCode="[h]:mm:ss"/><numFmt numFmtId="167" formatCode="[Red]0.0;[Blue]yyyy"/>'
    '<numFmt numFmtId="168" formatCode="h:mm AM/PM"/></numFmts>'
    '<cellXfs count="10"><xf numFmtId="0"/><xf numFmtId="14"/><xf numFmtId="22"/><xf numFmtId="46"/>'
    '<xf numFmtId="164"/><xf numFmtId="165"/><xf numFmtId="166"/><xf numFmtId="167"/><xf numFmtId="168"/>'
    "<xf/></cellXfs></styleSheet>"
)
_STRINGS = (
    f'<sst xmlns="{_MAIN}" count="5" uniqueCount="5"><si><t>申请号</t></si><si><t xml:space="preserve"> 起重机 </t></si>'
    "<si><r><t>一种</t></r><r><rPr><b/></rPr><t> 臂架</t></r><rPh><t>ピ</t></rPh></si><si><t>a_x0001_b_x4E2D_</t></si>"
    "<si/></sst>"
)

CASES = {
    "strings": '<row r="1"><c r="A1" t="s"><v>0</v></c><c r="B1" t="s"><v>1</v></c><c r="C1" t="s"><v>2</v></c>'
    '<c r="D1" t="s"><v>3</v></c><c r="E1" t="s"><v>4</v></c></row>'
    '<row r="2"><c r="A2" t="inlineStr"><is><t>  a b  </t></is></c><c r="B2" t="inlineStr"><is><t xml:space="preserve">'
    '  a b  </t></is></c><c r="C2" t="inlineStr"><is><t>a_x0001_b_x005F_x0041_</t></is></c>'
    '<c r="D2" t="str"><v>  x_x0041_ </v></c><c r="E2" t="inlineStr"><is><t>x</t><t>y</t></is></c>'
    '<c r="F2" t="inlineStr"><v>q</v></c><c r="G2" t="inlineStr"><is><t>a&amp;b&#x41;&#20013;</t></is></c>'
    '<c r="H2" t="inlineStr"><is><t>l1\r\nl2</t></is></c><c r="I2" t="str"><v>a\r\nb</v></c>'
    '<c r="J2" t="inlineStr"><is><t><![CDATA[ <x> ]]></t></is></c><c r="K2" t="inlineStr"><is></is></c>'
    '<c r="L2" t="str"><v></v></c><c r="M2" t="inlineStr"><is><t>_xD800_ _xFFFE_</t></is></c></row>',
    "numbers": '<row r="1"><c r="A1"><v>201510123456</v></c><c r="B1"><v>1.5</v></c><c r="C1"><v>abc</v></c>'
    '<c r="D1"><v> 12 </v></c><c r="E1"><v>1e3</v></c><c r="F1"><v>inf</v></c><c r="G1"><v>-0</v></c>'
    '<c r="H1"><v>123456789012345678901</v></c><c r="I1"><v>0.1</v></c><c r="J1"><v>1.5e-7</v></c>'
    '<c r="K1" t="n"><v>7</v></c><c r="L1"><v>.5</v></c><c r="M1"><v>1.</v></c><c r="N1"><v>+3</v></c>'
    '<c r="O1"><v>1_0</v></c><c r="P1"><v>NaN</v></c><c r="Q1"><v>0x10</v></c><c r="R1"><v></v></c></row>',
    "types": '<row r="3"><c r="C3" t="b"><v>1</v></c><c r="D3" t="b"><v>0</v></c><c r="E3" t="e"><v>#N/A</v></c>'
    '<c r="F3" t="e"><v>#DIV/0!</v></c><c r="G3"><f>1+1</f><v>2</v></c><c r="H3"><v>2</v><f>1+1</f></c>'
    '<c r="I3" t="str"><f>A1</f><v>text</v></c><c r="J3" t="s"><v></v></c><c r="K3" t="b"><v></v></c></row>',
    "iso dates": '<row><c t="d"><v>2019-01-02</v></c><c t="d"><v>2019-01-02T03:04:05</v></c><c t="d"><v>12:30:00</v></c>'
    '<c t="d"><v>garbage</v></c><c t="d"><v>2019-01-02T03:04:05.250</v></c></row>',
    "formats": "".join(
        f'<row r="{i}">'
        + "".join(f'<c r="{col}{i}" s="{s}"><v>{v}</v></c>' for col, s in zip("ABCDEFGHIJK", range(11), strict=True))
        + "</row>"
        for i, v in enumerate(
            [
                "43831",
                "43831.75",
                "0.5",
                "1",
                "59",
                "60",
                "61",
                "0",
                "-1",
                "2958465.9999999",
                "2958466",
                "1.0000000001",
                "25.999999999",
                "12.5",
            ],
            start=1,
        )
    ),
    "positions": "<row><c><v>3</v></c></row><row/><row><c><v>4</v></c></row>"
    '<row r="6"><c r="B6"><v>3</v></c><c><v>4</v></c></row><row><c><v>5</v></c></row>'
    '<row r="9" spans="1:3"><c r="C9"><v>6</v></c></row><row r="12"><c r="AA12" t="inlineStr"><is><t>far</t></is></c></row>',
    "merged": '<row r="1"><c r="A1" t="inlineStr"><is><t>标题</t></is></c></row>'
    '<row r="3"><c r="A3" t="inlineStr"><is><t>申请号</t></is></c><c r="B3" t="inlineStr"><is><t>名称</t></is></c></row>'
    '<row r="4"><c r="A4" t="inlineStr"><is><t>CN1</t></is></c><c r="B4" t="inlineStr"><is><t>合并</t></is></c></row>'
    '<row r="7"><c r="A7"><v>1</v></c></row><row r="8"><c r="C8" s="1"/></row>'
    '</sheetData><mergeCells count="3"><mergeCell ref="A1:D2"/><mergeCell ref="B4:C6"/><mergeCell ref="A8:B9"/>'
    "</mergeCells>",
    "empty cells": '<row r="2"><c r="A2" s="1"/><c r="B2"><v></v></c><c r="C2" t="inlineStr"><is><t></t></is></c></row>'
    '<row r="3"><c r="A3" t="e"><v>#REF!</v></c></row><row r="5"><c r="B5" t="inlineStr"><is><t>x</t></is></c></row>',
}


def _write(path: Path, sheets: dict[str, str], *, date1904: bool = False, styles: str = _STYLES,
           strings: str | None = _STRINGS) -> Path:  # fmt: skip
    names = list(sheets)
    rels = "".join(
        f'<Relationship Id="rId{i}" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
        f'Target="worksheets/sheet{i}.xml"/>'
        for i in range(1, len(names) + 1)
    )
    parts = dict(_PARTS)
    parts["xl/_rels/workbook.xml.rels"] = (
        '<?xml version="1.0" encoding="UTF-8"?><Relationships '
        f'xmlns="http://schemas.openxmlformats.org/package/2006/relationships">{rels}</Relationships>'
    )
    sheet_list = "".join(f'<sheet name="{n}" sheetId="{i}" r:id="rId{i}"/>' for i, n in enumerate(names, start=1))
    parts["xl/workbook.xml"] = (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" '
        'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
        f'<workbookPr date1904="{int(date1904)}"/><sheets>{sheet_list}</sheets></workbook>'
    )
    parts["xl/styles.xml"] = styles
    if strings is not None:
        parts["xl/sharedStrings.xml"] = strings
    for i, body in enumerate(sheets.values(), start=1):
        parts[f"xl/worksheets/sheet{i}.xml"] = (
            f'<?xml version="1.0" encoding="UTF-8" standalone="yes"?>\n<!-- written by hand -->'
            f'<worksheet xmlns="{_MAIN}"><dimension ref="A1"/><sheetData>{body}'
            + ("" if "</sheetData>" in body else "</sheetData>")
            + "</worksheet>"
        )
    with _ZipWriter(path) as out:
        for name, text in parts.items():
            out.add(name, text.encode())
    return path


def _streamed(path: Path) -> dict[str, list[tuple[int, list[str]]]]:
    with zipfile.ZipFile(path) as archive:
        book = StreamingWorkbook(archive)
        return {name: list(book.rows(name)) for name in book.worksheets}


@pytest.mark.parametrize("case", list(CASES))
@pytest.mark.parametrize("date1904", [False, True])
def test_each_kind_of_cell_reads_as_calamine_read_it(tmp_path: Path, case: str, date1904: bool) -> None:
    path = _write(tmp_path / "case.xlsx", {"S": CASES[case]}, date1904=date1904)
    assert _streamed(path) == reference_rows(path)


def test_several_sheets_and_no_shared_strings(tmp_path: Path) -> None:
    sheets = {"说明": '<row><c t="inlineStr"><is><t>检索式</t></is></c></row>', "结果": CASES["numbers"], "空": ""}
    path = _write(tmp_path / "book.xlsx", sheets, strings=None, styles=f'<styleSheet xmlns="{_MAIN}"/>')
    assert _streamed(path) == reference_rows(path)


def test_workbooks_written_by_openpyxl(tmp_path: Path) -> None:
    book = openpyxl.Workbook()  # shared strings, real styles
    sheet = book.active
    sheet.title = "结果"
    sheet.append(["申请号", "申请日", "时间", "时长", "数", "布尔", "公式"])
    for i in range(300):
        sheet.append(
            [
                f"CN2019{i:08d}.1",
                datetime.datetime(2019, 1, 2, i % 24, 30) if i % 3 else datetime.date(2019, 1 + i % 12, 2),
                datetime.time(i % 24, 15, 30),
                datetime.timedelta(hours=i, minutes=1),
                i * 1.25,
                i % 2 == 0,
                "=1/0",
            ]
        )
    sheet.merge_cells("H2:I5")
    sheet["H2"] = "合并"
    sheet["A305"] = "一种\n起重机 "
    other = book.create_sheet("第2页")
    other.append(["申请号", "名称"])
    other.append([None, None, "右"])
    path = tmp_path / "openpyxl.xlsx"
    book.save(path)
    assert _streamed(path) == reference_rows(path)


def test_the_synthetic_incopat_export_reads_alike(tmp_path: Path) -> None:
    from tests.support.layouts import write_layout

    path = write_layout("incopat", tmp_path / "incopat.xlsx", rows=300, seed=3)
    assert _streamed(path) == reference_rows(path)


def test_number_formats_are_told_apart_as_calamine_does() -> None:
    cases = {"DD/MM/YY": 1, "H:MM:SS;@": 1, "#,##0\\ [$\\u20bd-46D]": 0, 'm"M"d"D";@': 1, "[h]:mm:ss": 2,
             '"Y: "0.00"m";"Y: "-0.00"m";"Y: <num>m";@': 0, '"$"#,##0_);[Red]("$"#,##0)': 0,
             '[$-404]e"\\xfc"m"\\xfc"d"\\xfc"': 1, "0_ ;[Red]\\-0\\ ": 0, "\\Y000000": 0, '#,##0.0####" YMD"': 0,
             "[h]": 2, "[ss]": 2, "[s].000": 2, "[mm]": 2, "[Blue]\\+[h]:mm;[Red]\\-[h]:mm;[Green][h]:mm": 2,
             "[>=100][Magenta][s].00": 2, "[>=100][Magenta].00": 0, "[>=100][Magenta]General": 0, "ha/p\\\\m": 1,
             '#,##0.00\\ _M"H"_);[Red]#,##0.00\\ _M"S"_)': 0, "#,##0*y": 0, '0"x"*d': 0, "*-#,##0": 0, "*-yyyy-mm-dd": 1}  # fmt: skip
    assert {code: detect_number_format(code) for code in cases} == cases


def test_rows_out_of_order_are_refused_not_misread(tmp_path: Path) -> None:
    path = _write(
        tmp_path / "order.xlsx", {"S": '<row r="2"><c r="A2"><v>1</v></c></row><row r="1"><c r="A1"><v>2</v></c></row>'}
    )
    with pytest.raises(FileError, match="out of order"):
        _streamed(path)


@pytest.mark.parametrize(
    ("prolog", "match"),
    [
        ('<?xml version="1.0"?>\n<!-- a comment -->\n<!DOCTYPE worksheet [<!ENTITY a "aaaa">]>', "declares a DTD"),
        ('<?xml version="1.0" encoding="ISO-8859-1"?>', "not UTF-8"),
        ("<!-- " + "x" * 70_000 + " --><!DOCTYPE w>", "declares a DTD"),  # past what tabular._check_parts reads
    ],
)
def test_a_sheet_whose_prolog_declares_a_dtd_or_another_encoding_is_refused(
    tmp_path: Path, prolog: str, match: str
) -> None:
    body = f'{prolog}<worksheet xmlns="{_MAIN}"><sheetData><row><c t="inlineStr"><is><t>申请号</t></is></c></row></sheetData></worksheet>'
    path = tmp_path / "dtd.xlsx"
    parts = {**_PARTS, SHEET: body}
    with _ZipWriter(path) as out:
        for name, text in parts.items():
            out.add(name, text.encode("utf-8"))
    with pytest.raises(FileError, match=match) as info:
        tabular.open_table(path, lambda names: "申请号" in names)
    assert "\n" not in str(info.value)


def test_utf16_parts_are_refused(tmp_path: Path) -> None:
    body = f'<worksheet xmlns="{_MAIN}"><sheetData><row><c t="inlineStr"><is><t>申请号</t></is></c></row></sheetData></worksheet>'
    path = tmp_path / "utf16.xlsx"
    with _ZipWriter(path) as out:
        for name, text in {**_PARTS, SHEET: body}.items():
            out.add(name, text.encode("utf-16") if name == SHEET else text.encode())
    with pytest.raises(FileError, match="not UTF-8"):
        tabular.open_table(path, lambda names: "申请号" in names)
