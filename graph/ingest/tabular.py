"""Stream the rows of a CSV, TSV or XLSX export, whatever its encoding.

:func:`open_table` returns a :class:`Table`: the header row (found among the first
lines, so title rows and Google's ``search URL:`` line are skipped) and an iterator
of ``(line, cells)``. CSV is decoded on the fly (UTF-8, UTF-8 with BOM, UTF-16 with
BOM, GB18030/GBK detected from a prefix), so memory stays bounded for any size.

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "x.csv"
>>> _ = p.write_bytes("申请号,名称\\n201510123456.7,起重机\\n".encode("gb18030"))
>>> t = open_table(p, lambda headers: "申请号" in headers)
>>> t.encoding, t.headers, list(t.rows())
('gb18030', ['申请号', '名称'], [(2, ['201510123456.7', '起重机'])])
"""

from __future__ import annotations

import codecs
import csv
import io
import sys
import unicodedata
import zipfile
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from patentnav.graph.ingest.records import FileError

__all__ = ["Table", "detect_encoding", "normalize_header", "open_table"]

_PREFIX_BYTES = 1 << 16
_HEADER_SCAN_LINES = 12
#: XLSX files up to this size are opened fully so merged cells can be filled in;
#: bigger ones stream read-only (merged cells then read as empty).
XLSX_FULL_LOAD_BYTES = 20 * 1024 * 1024

csv.field_size_limit(min(sys.maxsize, 2**31 - 1))


def normalize_header(name: Any) -> str:
    """Compare headers loosely: NFKC (full-width brackets), no spaces, no BOM, lower case.

    >>> normalize_header(" 公开（公告）号 ")
    '公开(公告)号'
    """
    text = unicodedata.normalize("NFKC", str(name or "")).replace("\ufeff", "")
    return "".join(text.split()).lower()


def detect_encoding(prefix: bytes) -> str:
    """Pick the text encoding of a file from its first bytes.

    >>> detect_encoding("申请号".encode("utf-8")), detect_encoding("申请号".encode("gbk"))
    ('utf-8', 'gb18030')
    """
    if prefix.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    if prefix.startswith((codecs.BOM_UTF16_LE, codecs.BOM_UTF16_BE)):
        return "utf-16"
    for encoding in ("utf-8", "gb18030"):
        try:
            codecs.getincrementaldecoder(encoding)().decode(prefix, final=False)
            return encoding
        except UnicodeDecodeError:
            continue
    raise FileError("wrong encoding: the file is neither UTF-8 nor GBK/GB18030 text (is it a binary file?)")


@dataclass
class Table:
    """An export's header and a way to stream its data rows once."""

    path: Path
    headers: list[str]
    encoding: str
    header_line: int
    sheet: str | None = None
    #: False when a text file does not end with a newline: a short last row then
    #: means the file was cut off.
    ends_cleanly: bool = True
    _rows: Callable[[], Iterator[tuple[int | str, list[str]]]] | None = field(default=None, repr=False)

    def rows(self) -> Iterator[tuple[int | str, list[str]]]:
        """``(line, cells)`` for every data row; line numbers count from 1 in the file."""
        assert self._rows is not None
        return self._rows()


def open_table(path: Path, is_header: Callable[[list[str]], bool], *, delimiter: str | None = None) -> Table:
    """Open ``path`` and find its header: the first row for which ``is_header`` is true.

    ``is_header`` receives normalised header names. Raises :class:`FileError` for an
    empty file, an unknown encoding, a damaged XLSX, or when no row looks like a
    header (the message lists the first row seen).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            prefix = fh.read(_PREFIX_BYTES)
    except OSError as exc:
        raise FileError(f"cannot read {path}: {exc.strerror or exc}") from None
    if size == 0 or not prefix.strip():
        raise FileError("the file is empty")
    if prefix.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, is_header, size)
    return _open_text(path, prefix, is_header, delimiter)


def _guess_delimiter(lines: list[str]) -> str:
    header = max(lines, key=lambda line: max(line.count(d) for d in ",\t;"))
    return max(",\t;", key=header.count)


def _open_text(path: Path, prefix: bytes, is_header: Callable[[list[str]], bool], delimiter: str | None) -> Table:
    encoding = detect_encoding(prefix)
    head_text = codecs.getincrementaldecoder(encoding)(errors="replace").decode(prefix, final=False)
    head_lines = head_text.splitlines()[:_HEADER_SCAN_LINES]
    delim = delimiter or _guess_delimiter(head_lines)
    header_line, headers, first_seen = 0, None, None
    for number, cells in enumerate(csv.reader(head_lines, delimiter=delim), start=1):
        names = [normalize_header(c) for c in cells]
        if first_seen is None and any(names):
            first_seen = cells
        if is_header(names):
            header_line, headers = number, [str(c).replace("\ufeff", "").strip() for c in cells]
            break
    if headers is None:
        raise _unknown_header(first_seen)

    def rows() -> Iterator[tuple[int, list[str]]]:
        with path.open("rb") as raw:
            text = io.TextIOWrapper(raw, encoding=encoding, errors="strict", newline="")
            reader = csv.reader(text, delimiter=delim, strict=True)
            previous = 0
            try:
                for cells in reader:
                    start, previous = previous + 1, reader.line_num
                    if start <= header_line:
                        continue
                    if not any(c.strip() for c in cells):
                        continue
                    yield start, cells
            except UnicodeDecodeError:
                raise FileError(
                    f"wrong encoding: bytes after line {previous} are not valid {encoding} "
                    "(save the export as UTF-8 or GBK)"
                ) from None
            except csv.Error as exc:
                raise FileError(f"line {previous + 1}: the file is damaged or truncated ({exc})") from None

    return Table(path, headers, encoding, header_line, ends_cleanly=_ends_with_newline(path), _rows=rows)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 1))
        return fh.read(1) in (b"\n", b"\r")


def _unknown_header(first_seen: list[str] | None) -> FileError:
    seen = ", ".join(str(c) for c in (first_seen or []) if str(c).strip())[:300]
    return FileError(f"unknown format: no header row recognised; headers seen: {seen or '(none)'}")


def _open_xlsx(path: Path, is_header: Callable[[list[str]], bool], size: int) -> Table:
    try:
        import openpyxl

        full = size <= XLSX_FULL_LOAD_BYTES
        book = openpyxl.load_workbook(path, read_only=not full, data_only=True)
    except (zipfile.BadZipFile, KeyError, OSError, ValueError) as exc:
        raise FileError(f"not a readable XLSX file (damaged or truncated?): {exc}") from None
    first_seen = None
    matches = []
    for sheet in book.worksheets:
        fill = _merged_fill(sheet) if full else {}
        for number, values in enumerate(sheet.iter_rows(max_row=_HEADER_SCAN_LINES, values_only=True), start=1):
            cells = [_cell_text(fill.get((number, i + 1), v)) for i, v in enumerate(values)]
            names = [normalize_header(c) for c in cells]
            if first_seen is None and any(names):
                first_seen = cells
            if is_header(names):
                matches.append((sheet, number, [c.strip() for c in cells], fill))
                break
    if not matches:
        raise _unknown_header(first_seen)
    # Every sheet with a recognised header is read (exports split big result sets
    # over sheets); other sheets (search strategy, notes) are ignored.
    sheet0, header_line0, headers, _ = matches[0]
    for sheet, _, other, _ in matches[1:]:
        if [normalize_header(h) for h in other] != [normalize_header(h) for h in headers]:
            raise FileError(f"sheets {sheet0.title!r} and {sheet.title!r} have different header rows")

    def rows() -> Iterator[tuple[str, list[str]]]:
        try:
            for sheet, header_line, _, fill in matches:
                for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                    if number <= header_line:
                        continue
                    cells = [_cell_text(fill.get((number, i + 1), v)) for i, v in enumerate(values)]
                    if any(c.strip() for c in cells):
                        yield f"{sheet.title}!{number}", cells
        except (zipfile.BadZipFile, OSError, ValueError) as exc:
            raise FileError(f"the XLSX file is damaged or truncated: {exc}") from None
        finally:
            book.close()

    names = ", ".join(m[0].title for m in matches)
    return Table(path, headers, "xlsx", header_line0, sheet=names, _rows=rows)


def _merged_fill(sheet: Any) -> dict[tuple[int, int], Any]:
    """Values of merged ranges, so every cell of a merged block reads as its top-left cell."""
    fill: dict[tuple[int, int], Any] = {}
    for merged in getattr(sheet, "merged_cells", None) or ():
        value = sheet.cell(merged.min_row, merged.min_col).value
        for row in range(merged.min_row, merged.max_row + 1):
            for col in range(merged.min_col, merged.max_col + 1):
                fill[(row, col)] = value
    return fill


def _cell_text(value: Any) -> Any:
    if value is None:
        return ""
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
