"""The XLSX reader (calamine) gives the cells, row references and texts the openpyxl reader gave."""

from __future__ import annotations

import datetime
import zipfile
from pathlib import Path

import openpyxl
import pytest

from patentnav.graph.ingest import tabular
from patentnav.graph.ingest.records import FileError

pytestmark = pytest.mark.embedded_only  # the reader alone: no store


def _header(names: list[str]) -> bool:
    return "申请号" in names


def test_rows_and_columns_keep_their_places_below_empty_rows_and_right_of_empty_columns(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    sheet = book.active
    sheet.title = "结果"
    sheet["C3"], sheet["D3"], sheet["E3"] = "申请号", "名称", "申请日"
    sheet["C4"], sheet["D4"], sheet["E4"] = "CN201910000001.1", "一种合成样例装置", datetime.datetime(2019, 1, 2)
    sheet["C6"], sheet["D6"] = "CN201910000002.1", "一种合成样例方法"  # a blank row 5 between
    sheet["E6"] = datetime.date(2019, 2, 3)
    sheet["D7"] = "合并"
    sheet.merge_cells("D7:E8")
    sheet["C7"], sheet["C8"] = 201910000003, 1.5
    sheet["F8"] = True
    path = tmp_path / "places.xlsx"
    book.save(path)
    table = tabular.open_table(path, _header)
    assert (table.headers, table.header_line, table.sheet) == (["", "", "申请号", "名称", "申请日"], 3, "结果")
    assert list(table.rows()) == [
        ("结果!4", ["", "", "CN201910000001.1", "一种合成样例装置", "2019-01-02T00:00:00"]),
        ("结果!6", ["", "", "CN201910000002.1", "一种合成样例方法", "2019-02-03T00:00:00"]),
        ("结果!7", ["", "", "201910000003", "合并", "合并"]),
        ("结果!8", ["", "", "1.5", "合并", "合并", "True"]),
    ]


def test_every_sheet_with_the_header_is_read_in_order(tmp_path: Path) -> None:
    book = openpyxl.Workbook()
    notes = book.active
    notes.title = "检索信息"
    notes.append(["检索式", "IPC=B66C"])
    for name, number in (("第1页", "CN1"), ("第2页", "CN2")):
        sheet = book.create_sheet(name)
        sheet.append(["申请号", "名称"])
        sheet.append([number, "x"])
    path = tmp_path / "sheets.xlsx"
    book.save(path)
    table = tabular.open_table(path, _header)
    assert table.sheet == "第1页, 第2页"
    assert list(table.rows()) == [("第1页!2", ["CN1", "x"]), ("第2页!2", ["CN2", "x"])]


def test_a_part_that_declares_a_dtd_is_refused_before_parsing(tmp_path: Path) -> None:
    good = tmp_path / "good.xlsx"
    book = openpyxl.Workbook()
    book.active.append(["申请号"])
    book.save(good)
    bad = tmp_path / "dtd.xlsx"
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(bad, "w") as dst:
        for info in src.infolist():
            body = src.read(info)
            if info.filename == "xl/worksheets/sheet1.xml":
                body = body.replace(b"<worksheet", b'<!DOCTYPE w [<!ENTITY a "aaaa">]><worksheet', 1)
            dst.writestr(info, body)
    with pytest.raises(FileError, match=r"sheet1\.xml declares a DTD") as info:
        tabular.open_table(bad, _header)
    assert "\n" not in str(info.value) and str(tmp_path) not in str(info.value)
