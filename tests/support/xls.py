"""Genuine old Excel (.xls, BIFF8) files for ingest tests, written with xlwt, and their XLSX twins.

:func:`write_xls` writes sheets of rows as a real BIFF8 workbook in an OLE2 compound file (what Excel 97-2003
saves and incoPat still hands out); :func:`write_xlsx` writes the same sheets with openpyxl, so that a test
can read one set of values through both readers. A cell is a string, a number, a bool, a ``date`` or
``datetime`` (written with a date format, as Excel stores dates), or ``None`` (no cell).

>>> import tempfile
>>> from pathlib import Path
>>> path = write_xls(Path(tempfile.mkdtemp()) / "x.xls", {"S": [["申请号"], ["CN201810123456.7"]]})
>>> path.read_bytes()[:8] == b"\\xd0\\xcf\\x11\\xe0\\xa1\\xb1\\x1a\\xe1"
True
"""

from __future__ import annotations

import datetime
import random
import struct
from pathlib import Path
from typing import Any

__all__ = ["DAMAGE", "damage_xls", "write_xls", "write_xlsx"]

Sheets = dict[str, list[list[Any]]]


def write_xls(path: Path, sheets: Sheets, *, merges: dict[str, list[tuple[int, int, int, int]]] | None = None) -> Path:
    """Write ``sheets`` (name -> rows) as a BIFF8 .xls; ``merges``: per sheet, 0-based ``(r0, r1, c0, c1)`` ranges
    whose top-left cell holds the value. Returns ``path``."""
    import xlwt

    book = xlwt.Workbook(encoding="utf-8")
    styles = {
        datetime.datetime: xlwt.easyxf(num_format_str="yyyy-mm-dd hh:mm:ss"),
        datetime.date: xlwt.easyxf(num_format_str="yyyy-mm-dd"),
    }
    for name, rows in sheets.items():
        sheet = book.add_sheet(name)
        ranges = {(r0, c0): (r1, c1) for r0, r1, c0, c1 in (merges or {}).get(name, [])}
        for r, row in enumerate(rows):
            for c, value in enumerate(row):
                if value is None:
                    continue
                style = styles.get(type(value))
                if (r, c) in ranges:
                    r1, c1 = ranges[(r, c)]
                    sheet.write_merge(r, r1, c, c1, value, *([style] if style else []))
                elif style is not None:
                    sheet.write(r, c, value, style)
                else:
                    sheet.write(r, c, value)
    book.save(str(path))
    return path


def write_xlsx(path: Path, sheets: Sheets, *, merges: dict[str, list[tuple[int, int, int, int]]] | None = None) -> Path:
    """Write the same ``sheets`` (and ``merges``) as an XLSX with openpyxl (dates with a date format, as Excel
    writes them)."""
    import openpyxl

    book = openpyxl.Workbook()
    book.remove(book.active)
    for name, rows in sheets.items():
        sheet = book.create_sheet(name)
        for r, row in enumerate(rows, start=1):
            for c, value in enumerate(row, start=1):
                if value is not None:
                    sheet.cell(r, c, value)
        for r0, r1, c0, c1 in (merges or {}).get(name, []):
            sheet.merge_cells(start_row=r0 + 1, end_row=r1 + 1, start_column=c0 + 1, end_column=c1 + 1)
    book.save(path)
    return path


OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
#: Damage seen or plausible in .xls uploads (see :func:`damage_xls`).
DAMAGE = ["random", "truncated", "huge-dimensions"]


def damage_xls(good: Path, out: Path, kind: str) -> Path:
    """``out``: the xlwt-written ``good`` damaged as ``kind``.

    * ``random``: the OLE2 magic, then random bytes;
    * ``truncated``: the first half of the file;
    * ``huge-dimensions``: the first sheet's 14-byte ``DIMENSIONS`` record claims 100 million rows (python-calamine
      0.9.1 then reserves a terabyte and the allocator aborts the process);
    * ``password``: a ``FILEPASS`` record (RC4) in the workbook globals, as a workbook saved with a password to
      open has (its payload cut short: only the record's presence matters to a reader that cannot decrypt);
    * ``encrypted-xlsx``: the compound file's ``Workbook`` stream renamed ``EncryptedPackage``, the stream a
      password-protected .xlsx keeps its zip in.
    """
    data = bytearray(good.read_bytes())
    if kind == "random":
        out.write_bytes(OLE2_MAGIC + random.Random(15).randbytes(40_000))
        return out
    if kind == "truncated":
        out.write_bytes(bytes(data[: len(data) // 2]))
        return out
    if kind == "huge-dimensions":
        at = data.index(b"\x00\x02\x0e\x00")  # DIMENSIONS, 14 bytes: first row, last row + 1 (u32), columns (u16)
        struct.pack_into("<IIHH", data, at + 4, 0, 100_000_000, 0, 4)
    elif kind == "password":
        at = data.index(b"\xc1\x00\x02\x00\x00\x00", 512, 1024)  # MMS, right after BOF and INTERFACEHDR
        data[at : at + 6] = b"\x2f\x00\x02\x00\x01\x00"  # FILEPASS, encryption type 1 (RC4)
    elif kind == "encrypted-xlsx":
        name = "Workbook\x00".encode("utf-16-le")
        at = data.index(name)  # a 128-byte directory entry: 64 bytes of name, then its length in bytes
        new = "EncryptedPackage\x00".encode("utf-16-le")
        data[at : at + 64] = new.ljust(64, b"\x00")
        struct.pack_into("<H", data, at + 64, len(new))
    else:
        raise ValueError(f"unknown damage {kind!r}")
    out.write_bytes(bytes(data))
    return out
