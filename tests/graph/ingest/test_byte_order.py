"""UTF-16 without a byte order mark is told from UTF-8, GBK and binary files by its first bytes."""

from __future__ import annotations

import zipfile
from io import BytesIO

import pytest

from patentnav.graph.ingest.byte_order import utf16_without_mark

HEADER = "申请号,名称,申请人,申请日,IPC分类号\r\n"
# Chinese-heavy rows, with 一 (U+4E00, whose low byte is zero) and other characters whose code ends in 00
ROW = "CN201510123456.7,一种用于丁烷三丙乙烯的挖掘机构,中联重科股份有限公司,2015-01-02,E02F3/00\r\n"


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_chinese_csv_without_a_mark_is_recognised(encoding: str) -> None:
    data = (HEADER + ROW * 200).encode(encoding)
    assert utf16_without_mark(data) == encoding
    assert utf16_without_mark(data[:4095]) == encoding  # an odd cut, mid-character


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_text_that_is_almost_all_chinese_is_recognised(encoding: str) -> None:
    # one ASCII character per 40, and 一 (the same bytes as a big-endian N) twenty times as often as a line end
    text = "一丁七万丈三上下不与丐丑专且丕世丘丙业丛东丝丞丢两严丧个中丰串临丸丹为主丽举乃" * 20 + "\n"
    assert utf16_without_mark(text.encode(encoding)) == encoding


@pytest.mark.parametrize("encoding", ["utf-8", "utf-8-sig", "gb18030"])
def test_eight_bit_text_is_not_utf16(encoding: str) -> None:
    assert utf16_without_mark((HEADER + ROW * 50).encode(encoding)) is None


def test_binary_files_are_not_utf16() -> None:
    buffer = BytesIO()
    with zipfile.ZipFile(buffer, "w") as archive:
        archive.writestr("xl/worksheets/sheet1.xml", "<worksheet/>" * 100)
    assert utf16_without_mark(buffer.getvalue()) is None
    assert utf16_without_mark(bytes(range(256)) * 16) is None
    assert utf16_without_mark(b"\x00" * 4096) is None  # NUL characters are not text


@pytest.mark.parametrize("prefix", [b"", b"a", "一".encode("utf-16-le")[:1]])
def test_too_short_to_tell(prefix: bytes) -> None:
    assert utf16_without_mark(prefix) is None
