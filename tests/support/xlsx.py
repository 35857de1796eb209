"""Hand-made XLSX files for ingest tests: decompression bombs, and sheets with escaped control characters.

:func:`write_bomb` writes a valid workbook whose one sheet unpacks to ``uncompressed`` bytes of
identical rows while the file stays a few MB: the rows are deflated once, as a block that ends in a
full flush (so the compressor keeps no history and the same rows always give the same bytes), and
that block is written again and again. The zip is written by hand because :mod:`zipfile` would
compress every gigabyte for real (seconds of CPU); memory stays at one block either way.

>>> import tempfile, zipfile
>>> from pathlib import Path
>>> path = write_bomb(Path(tempfile.mkdtemp()) / "bomb.xlsx", 8 << 20)
>>> info = zipfile.ZipFile(path).getinfo(SHEET)
>>> info.file_size >= 8 << 20 and info.file_size > 100 * info.compress_size
True
"""

from __future__ import annotations

import struct
import zipfile
import zlib
from collections.abc import Iterable, Iterator
from pathlib import Path
from xml.sax.saxutils import escape

__all__ = ["DAMAGE", "SHEET", "damage_workbook", "write_bomb", "write_workbook"]

SHEET = "xl/worksheets/sheet1.xml"
_MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main"
_REL = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"
_PACKAGE_REL = "http://schemas.openxmlformats.org/package/2006/relationships"
_PARTS = {
    "[Content_Types].xml": (
        '<?xml version="1.0" encoding="UTF-8"?>'
        '<Types xmlns="http://schemas.openxmlformats.org/package/2006/content-types">'
        '<Default Extension="rels" ContentType="application/vnd.openxmlformats-package.relationships+xml"/>'
        '<Default Extension="xml" ContentType="application/xml"/>'
        '<Override PartName="/xl/workbook.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml"/>'
        '<Override PartName="/xl/worksheets/sheet1.xml" '
        'ContentType="application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        "</Types>"
    ),
    "_rels/.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/officeDocument" Target="xl/workbook.xml"/></Relationships>'
    ),
    "xl/workbook.xml": (
        f'<?xml version="1.0" encoding="UTF-8"?><workbook xmlns="{_MAIN}" xmlns:r="{_REL}">'
        '<sheets><sheet name="Sheet1" sheetId="1" r:id="rId1"/></sheets></workbook>'
    ),
    "xl/_rels/workbook.xml.rels": (
        f'<?xml version="1.0" encoding="UTF-8"?><Relationships xmlns="{_PACKAGE_REL}">'
        f'<Relationship Id="rId1" Type="{_REL}/worksheet" Target="worksheets/sheet1.xml"/></Relationships>'
    ),
}
_HEAD = f'<?xml version="1.0" encoding="UTF-8"?><worksheet xmlns="{_MAIN}"><sheetData>'
_TAIL = "</sheetData></worksheet>"
BOMB_HEADER = ["申请号", "名称", "申请(专利权)人", "申请日", "IPC分类号"]
BOMB_ROW = ["CN201919000001.1", "一种合成样例装置", "合成样例机械有限公司0001", "2019-01-02", "B66C23/00"]


def _row(cells: Iterable[str]) -> str:
    # Inline strings without cell references: every data row is the same bytes, so it deflates ~300:1.
    return "<row>" + "".join(f'<c t="inlineStr"><is><t>{escape(c)}</t></is></c>' for c in cells) + "</row>"


def write_bomb(path: Path, uncompressed: int, *, header: list[str] = BOMB_HEADER, row: list[str] = BOMB_ROW) -> Path:
    """Write a workbook whose sheet XML is at least ``uncompressed`` bytes of ``row`` repeated; return ``path``."""
    block = _row(row).encode() * ((1 << 20) // len(_row(row).encode()) + 1)
    head, tail = (_HEAD + _row(header)).encode(), _TAIL.encode()
    compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
    first = compressor.compress(head) + compressor.flush(zlib.Z_FULL_FLUSH)
    deflated = compressor.compress(block) + compressor.flush(zlib.Z_FULL_FLUSH)
    last = compressor.compress(tail) + compressor.flush(zlib.Z_FINISH)
    repeats = max(1, -(-(uncompressed - len(head) - len(tail)) // len(block)))

    def pieces() -> Iterator[tuple[bytes, bytes]]:
        yield head, first
        for _ in range(repeats):
            yield block, deflated
        yield tail, last

    crc = size = 0
    for plain, _ in pieces():
        crc, size = zlib.crc32(plain, crc), size + len(plain)
    csize = len(first) + repeats * len(deflated) + len(last)
    with _ZipWriter(path) as out:
        for name, text in _PARTS.items():
            out.add(name, text.encode())
        out.add_deflated(SHEET, (c for _, c in pieces()), crc=crc, size=size, csize=csize)
    return path


def write_workbook(path: Path, rows: list[list[str]]) -> Path:
    """Write a one-sheet workbook of inline strings exactly as given (``_x0001_`` escapes stay as written)."""
    sheet = _HEAD + "".join(_row(r) for r in rows) + _TAIL
    with _ZipWriter(path) as out:
        for name, text in {**_PARTS, SHEET: sheet}.items():
            out.add(name, text.encode())
    return path


def damage_workbook(good: Path, out: Path, kind: str) -> Path:
    """``out``: ``good`` damaged as ``kind`` (see :data:`DAMAGE`).

    ``good`` is a synthetic ``cnipa-xlsx`` export, whose rows are in ``sheet2.xml`` (``sheet1.xml`` holds
    the search notes).
    """
    data = good.read_bytes()
    if kind == "truncated":
        out.write_bytes(data[: len(data) // 2])
        return out
    with zipfile.ZipFile(good) as src, zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as dst:
        for info in src.infolist():
            body = src.read(info)
            if kind == "no-workbook" and info.filename == "xl/workbook.xml":
                continue
            if kind == "dtd-workbook" and info.filename == "xl/workbook.xml":
                body = b'<?xml version="1.0"?><!DOCTYPE x [<!ENTITY a "aaaa">]><workbook>&a;</workbook>'
            if kind == "cut-sheet-xml" and info.filename == "xl/worksheets/sheet2.xml":
                body = body[: len(body) // 2]
            if kind == "bad-cell" and info.filename == "xl/worksheets/sheet2.xml":
                body = body.replace(b'<c r="A3"', b'<c r="A3" t="n"><v>abc</v></c><c r="Z3"', 1)
            if kind == "bad-styles" and info.filename == "xl/styles.xml":
                body = b'<styleSheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><numFmts><numFmt numFmtId="abc"/></numFmts></styleSheet>'
            dst.writestr(info.filename, body)
    return out


#: Damage seen or plausible in uploads; before the fix several answered 500 or a three-line message with the server's path.
DAMAGE = ["truncated", "no-workbook", "dtd-workbook", "cut-sheet-xml", "bad-cell", "bad-styles"]


class _ZipWriter:
    """The few zip structures a workbook needs: local headers, deflated data, central directory (no zip64)."""

    _DOS_TIME, _DOS_DATE = 0, (2024 - 1980) << 9 | 1 << 5 | 1

    def __init__(self, path: Path) -> None:
        self.fh = Path(path).open("wb")  # noqa: SIM115 - closed by __exit__, after the central directory
        self.central: list[bytes] = []

    def __enter__(self) -> _ZipWriter:
        return self

    def __exit__(self, *exc) -> None:
        start = self.fh.tell()
        for entry in self.central:
            self.fh.write(entry)
        n, size = len(self.central), self.fh.tell() - start
        self.fh.write(struct.pack("<IHHHHIIH", 0x06054B50, 0, 0, n, n, size, start, 0))
        self.fh.close()

    def add(self, name: str, data: bytes) -> None:
        compressor = zlib.compressobj(9, zlib.DEFLATED, -15)
        deflated = compressor.compress(data) + compressor.flush()
        self.add_deflated(name, [deflated], crc=zlib.crc32(data), size=len(data), csize=len(deflated))

    def add_deflated(self, name: str, chunks: Iterable[bytes], *, crc: int, size: int, csize: int) -> None:
        encoded = name.encode()
        offset = self.fh.tell()
        fields = (20, 0, 8, self._DOS_TIME, self._DOS_DATE, crc, csize, size, len(encoded))
        self.fh.write(struct.pack("<IHHHHHIIIHH", 0x04034B50, *fields, 0) + encoded)
        for chunk in chunks:
            self.fh.write(chunk)
        self.central.append(struct.pack("<IHHHHHHIIIHHHHHII", 0x02014B50, 20, *fields, 0, 0, 0, 0, 0, offset) + encoded)
