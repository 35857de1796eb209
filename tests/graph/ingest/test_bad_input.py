"""Bad files: a clear message and nothing loaded; bad rows: reported with line and reason."""

from __future__ import annotations

from pathlib import Path

import pytest

from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.synthetic import CNIPA_HEADER, write_export

HEADER = ",".join(CNIPA_HEADER)
GOOD = "CN201919000001.1,CN900000001A,2019-01-02,2019-07-01,一种合成样例装置,摘要,合成样例机械有限公司0001,湖南省长沙市岳麓区合成路1号,赵伟,B66C23/00,B66C23/00,审中,43,发明申请"


def _unchanged(store, before: int) -> None:
    assert len(store) == before
    assert not [g for g in store.named_graphs() if "/graph/source/" in g]


def _fails(store, path: Path, match: str, **kw) -> FileError:
    before = len(store)
    with pytest.raises(FileError, match=match) as info:
        ingest_file(store, path, **kw)
    _unchanged(store, before)
    return info.value


def test_unknown_format_names_headers_seen_and_expected(tmp_path: Path, store) -> None:
    path = tmp_path / "export.csv"
    path.write_text("foo,bar,baz\n1,2,3\n", encoding="utf-8")
    error = _fails(store, path, "unknown format")
    assert "foo, bar, baz" in str(error) and "申请(专利权)人" in str(error) and "Lens ID" in str(error)


def test_unknown_format_with_nothing_recognised_gives_the_maps_to_pass(tmp_path: Path, store) -> None:
    """No header is an alias of any format, but they are close to the Chinese reader's fields: the error names that
    format and the --as and --map that read the file, each header offered for one field; with them it loads."""
    path = tmp_path / "export.csv"
    path.write_text(
        "专利编号,专利标题,权利人,申请时间\nCN201710000001.X,合成样例,合成样例重工有限公司,2017-12-01\n",
        encoding="utf-8",
    )
    error = str(_fails(store, path, "unknown format"))
    assert "closest: cnipa (pass --as cnipa)" in error
    for mapping in ("专利标题=title", "权利人=current_holders", "专利编号=application_number"):
        assert f"--map '{mapping}'" in error
    column_map = {"专利标题": "title", "权利人": "current_holders", "专利编号": "application_number"}
    assert ingest_file(store, path, fmt="cnipa", column_map=column_map).patents_added == 1


def test_forced_format_that_does_not_match(tmp_path: Path, store, exports) -> None:
    _fails(store, exports["lens"], "expected google", fmt="google")


def test_wrong_encoding(tmp_path: Path, store) -> None:
    path = tmp_path / "latin.csv"
    path.write_bytes(HEADER.encode("utf-8") + b"\n" + bytes(range(128, 256)) * 50)
    _fails(store, path, "wrong encoding")


def test_binary_file_is_wrong_encoding(tmp_path: Path, store) -> None:
    path = tmp_path / "image.csv"
    path.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(range(256)) * 20)
    _fails(store, path, "wrong encoding|unknown format")


def test_truncated_file(tmp_path: Path, store) -> None:
    path = tmp_path / "cut.csv"
    path.write_text(f"{HEADER}\n{GOOD}\n{GOOD[:60]}", encoding="utf-8")
    _fails(store, path, "truncated")


def test_truncated_inside_a_quoted_cell(tmp_path: Path, store) -> None:
    path = tmp_path / "cut.csv"
    path.write_text(f'{HEADER}\n{GOOD}\n{GOOD[:40]},"一种被截断', encoding="utf-8")
    _fails(store, path, "damaged or truncated")


def test_missing_required_column(tmp_path: Path, store) -> None:
    path = tmp_path / "noapp.csv"
    path.write_text("名称,申请(专利权)人\n一种合成样例装置,合成样例机械有限公司0001\n", encoding="utf-8")
    _fails(store, path, "missing required column.*申请号")


def test_empty_file_and_header_only(tmp_path: Path, store) -> None:
    empty = tmp_path / "empty.csv"
    empty.write_bytes(b"")
    _fails(store, empty, "empty")
    header_only = tmp_path / "header.csv"
    header_only.write_text(HEADER + "\n", encoding="utf-8")
    _fails(store, header_only, "no data rows")


def test_bad_rows_are_rejected_with_line_and_reason(tmp_path: Path, store) -> None:
    bad_ipc = GOOD.replace("CN201919000001.1", "CN201919000002").replace("B66C23/00,B66C23/00", "Q99X1/00,")
    bad_date = GOOD.replace("CN201919000001.1", "CN201919000003").replace("2019-01-02", "2019-02-30")
    no_number = "," + GOOD.split(",", 1)[1]
    path = tmp_path / "rows.csv"
    path.write_text("\n".join([HEADER, GOOD, bad_ipc, bad_date, no_number]) + "\n", encoding="utf-8")
    seen = []
    result = ingest_file(store, path, on_reject=seen.append)
    assert (result.rows_read, result.patents_added, result.rows_rejected) == (4, 1, 3)
    reasons = {r.line: r.reason for r in seen}
    assert "malformed IPC code 'Q99X1/00'" in reasons[3]
    assert "impossible date '2019-02-30'" in reasons[4]
    assert "empty" in reasons[5]


def test_all_rows_rejected_loads_nothing(tmp_path: Path, store) -> None:
    path = tmp_path / "allbad.csv"
    path.write_text(f"{HEADER}\n{GOOD.replace('2019-01-02', '2019-13-45')}\n", encoding="utf-8")
    _fails(store, path, "every one of the 1 rows was rejected")


def test_damaged_xlsx(tmp_path: Path, store) -> None:
    good = write_export("cnipa-xlsx", tmp_path / "synthetic.xlsx", rows=10, seed=1)
    cut = tmp_path / "cut.xlsx"
    cut.write_bytes(good.read_bytes()[: good.stat().st_size // 2])
    _fails(store, cut, "XLSX")


def test_xlsx_with_several_sheets_formulas_and_merged_cells(tmp_path: Path, store) -> None:
    import openpyxl

    book = openpyxl.Workbook()
    info = book.active
    info.title = "检索信息"
    info["A1"] = "合成样例检索式"
    sheet = book.create_sheet("结果")
    sheet.append(["合成样例导出标题"])  # a title row above the header, merged across
    sheet.merge_cells("A1:D1")
    sheet.append(["申请号", "名称", "申请(专利权)人", "申请日", "IPC分类号"])
    sheet.append(["CN201919000001.1", "一种合成样例装置", "合成样例机械有限公司0001", "2019-01-02", "B66C23/00"])
    sheet.append(["CN201919000002.1", "一种合成样例方法", None, "2019-01-03", "B66C23/00"])
    sheet.merge_cells("C3:C4")  # one applicant cell spanning two patents
    sheet.append(["CN201919000003.1", "=B3", "合成样例机械有限公司0002", "2019-01-04", "B66C23/00"])
    path = tmp_path / "book.xlsx"
    book.save(path)
    result = ingest_file(store, path)
    assert (result.rows_read, result.patents_added, result.rows_rejected) == (3, 3, 0)
    from patentnav.graph.store import select

    holders = select(
        store,
        """SELECT ?app (COUNT(DISTINCT ?o) AS ?n) WHERE { ?p pnav:applicationNumber ?app ; pnav:applicant ?o }
           GROUP BY ?app ORDER BY ?app""",
    )
    assert [r["n"] for r in holders] == [1, 1, 1]  # the merged cell fills both rows


def test_big_file_streams_with_bounded_reader_memory(tmp_path: Path) -> None:
    """Reading rows never holds the file: peak allocation does not grow with the number of rows."""
    import tracemalloc

    from patentnav.graph.ingest.base import ReadContext
    from patentnav.graph.ingest.formats import open_export

    peaks = []
    for rows in (2_000, 8_000):
        path = write_export("lens", tmp_path / f"synthetic_{rows}.csv", rows=rows, seed=2)
        export, table = open_export(path)
        list(zip(range(200), export.read(table, ReadContext()), strict=False))  # warm the caches
        tracemalloc.start()
        count = sum(1 for _ in export.read(table, ReadContext()))
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert count == rows
        peaks.append(peak)
    assert peaks[1] < peaks[0] * 1.5 + 512 * 1024, peaks
