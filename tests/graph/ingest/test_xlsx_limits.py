"""XLSX files are checked before they are parsed: decompression bombs and damaged workbooks load nothing.

Every refusal is one line naming no server path (callers prefix the file's name). The bombs are
built by :mod:`tests.support.xlsx` without compressing their gigabyte for real.
"""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest

from patentnav.graph.ingest import tabular
from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.synthetic import CNIPA_HEADER, write_export
from patentnav.graph.ingest.tabular import FileLimitError, FileTooLargeError
from patentnav.graph.store import open_store
from tests.support.xlsx import BOMB_HEADER, DAMAGE, damage_workbook, write_bomb, write_workbook

pytestmark = pytest.mark.embedded_only  # refused before the store is touched: the backend plays no part


@pytest.fixture
def memory_store():
    from patentnav.graph.bootstrap import ensure_seeded

    store = open_store("memory://")
    ensure_seeded(store)
    return store


def _refused(store, path: Path, error: type[FileError], match: str) -> str:
    before = len(store)
    with pytest.raises(error, match=match) as info:
        ingest_file(store, path)
    assert len(store) == before and not [g for g in store.named_graphs() if "/graph/source/" in g]
    message = str(info.value)
    assert "\n" not in message and str(path.parent) not in message
    return message


def test_a_sheet_that_unpacks_beyond_the_size_cap_is_refused_unread(tmp_path: Path, memory_store) -> None:
    # The reported case: a few MB upload holding a 1 GB sheet took 17 s and 1.35 GB before it failed.
    bomb = write_bomb(tmp_path / "bomb.xlsx", tabular.XLSX_MAX_UNCOMPRESSED_BYTES + (16 << 20))
    assert bomb.stat().st_size < 10 << 20
    message = _refused(memory_store, bomb, FileTooLargeError, "unpacks to 1.02 GiB.*limit of 1.00 GiB")
    assert "split the export" in message


def test_a_sheet_compressed_like_a_bomb_is_refused_below_the_size_cap(tmp_path: Path, memory_store) -> None:
    bomb = write_bomb(tmp_path / "ratio.xlsx", 8 << 20)
    ratio = zipfile.ZipFile(bomb).getinfo("xl/worksheets/sheet1.xml")
    assert ratio.file_size > tabular.XLSX_MAX_COMPRESSION_RATIO * ratio.compress_size
    error = _refused(memory_store, bomb, FileLimitError, r"xl/worksheets/sheet1.xml is compressed \d+:1")
    assert not isinstance(error, FileTooLargeError)


def test_limits_are_parameters(tmp_path: Path) -> None:
    bomb = write_bomb(tmp_path / "ratio.xlsx", 2 << 20)
    with pytest.raises(FileTooLargeError, match=r"limit of 1\.0 MiB"):
        tabular.open_table(bomb, lambda names: True, xlsx_limits=tabular.XlsxLimits(max_uncompressed_bytes=1 << 20))
    table = tabular.open_table(bomb, lambda names: "申请号" in names, xlsx_limits=tabular.XlsxLimits(max_ratio=1000))
    assert table.headers == BOMB_HEADER


def test_a_zip_of_very_many_parts_is_refused(tmp_path: Path) -> None:
    path = tmp_path / "parts.xlsx"
    with zipfile.ZipFile(path, "w") as zf:
        for i in range(50):
            zf.writestr(f"x/{i}.xml", "<x/>")
    with pytest.raises(FileLimitError, match="50 parts"):
        tabular.open_table(path, lambda names: True, xlsx_limits=tabular.XlsxLimits(max_parts=20))


def test_a_medium_real_workbook_loads_streaming(tmp_path: Path, memory_store) -> None:
    path = write_export("cnipa-xlsx", tmp_path / "synthetic_cnipa.xlsx", rows=1500, seed=4)
    sheet = max(zipfile.ZipFile(path).infolist(), key=lambda i: i.file_size)
    assert sheet.file_size > 1 << 20  # big enough for its compression ratio to be checked
    result = ingest_file(memory_store, path)
    assert (result.rows_read, result.rows_rejected, result.patents_added) == (1500, 0, 1500)


def test_a_very_repetitive_real_sheet_is_not_mistaken_for_a_bomb(tmp_path: Path) -> None:
    # The most compressible honest sheet measured: the same text in every cell (about 26:1).
    import openpyxl

    book = openpyxl.Workbook(write_only=True)
    sheet = book.create_sheet("结果")
    sheet.append(CNIPA_HEADER)
    for _ in range(3000):
        sheet.append(["发明申请"] * len(CNIPA_HEADER))
    path = tmp_path / "same.xlsx"
    book.save(path)
    info = max(zipfile.ZipFile(path).infolist(), key=lambda i: i.file_size)
    assert info.file_size > 1 << 20 and info.file_size > 15 * info.compress_size
    assert tabular.open_table(path, lambda names: "申请号" in names).headers == CNIPA_HEADER


def _damaged(tmp_path: Path, kind: str) -> Path:
    good = write_export("cnipa-xlsx", tmp_path / "synthetic_cnipa.xlsx", rows=10, seed=1)
    return damage_workbook(good, tmp_path / f"{kind}.xlsx", kind)


def test_a_workbook_named_csv_is_read_as_a_workbook(tmp_path: Path, memory_store) -> None:
    good = write_export("cnipa-xlsx", tmp_path / "synthetic_cnipa.xlsx", rows=10, seed=1)
    renamed = tmp_path / "export.csv"
    renamed.write_bytes(good.read_bytes())
    assert ingest_file(memory_store, renamed).patents_added == 10


@pytest.mark.parametrize("kind", DAMAGE)
def test_a_damaged_workbook_is_one_line_without_the_servers_path(tmp_path: Path, memory_store, kind: str) -> None:
    path = _damaged(tmp_path, kind)
    message = _refused(memory_store, path, FileError, "XLSX")
    assert str(tmp_path) not in message and "Traceback" not in message and len(message) < 400


def test_headers_quoted_in_errors_are_one_line(tmp_path: Path, memory_store) -> None:
    # An XLSX header cell often holds a line break ("申请号\n(Application No.)"); the error quoting it must not.
    unknown = write_workbook(tmp_path / "unknown.xlsx", [["foo\nbar", "baz"], ["1", "2"]])
    _refused(memory_store, unknown, FileError, "unknown format")
    missing = write_workbook(tmp_path / "missing.xlsx", [["名称", "申请(专利权)人", "备\n注"], ["x", "y", "z"]])
    assert "备 注" in _refused(memory_store, missing, FileError, "missing required column")


def test_workbook_rows_stream_with_bounded_memory(tmp_path: Path) -> None:
    """Reading a workbook's rows never holds its sheets: peak allocation does not grow with the rows."""
    import tracemalloc

    from patentnav.graph.ingest.formats import open_export

    paths = {
        rows: write_export("cnipa-xlsx", tmp_path / f"synthetic_{rows}.xlsx", rows=rows, seed=2)
        for rows in (1_000, 4_000)
    }
    list(open_export(paths[1_000])[1].rows())  # imports and caches outside the measurement
    peaks = []
    for rows, path in paths.items():
        tracemalloc.start()
        _, table = open_export(path)
        count = sum(1 for _ in table.rows())
        _, peak = tracemalloc.get_traced_memory()
        tracemalloc.stop()
        assert count == rows
        peaks.append(peak)
    assert peaks[1] < peaks[0] * 1.5 + 512 * 1024, peaks
