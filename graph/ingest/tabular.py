"""Stream the rows of a CSV, TSV, XLSX, old Excel XLS, HTML-table or Excel 2003 XML export, whatever its encoding.

:func:`open_table` returns a :class:`Table`: the header row (found among the first
lines, so title rows and Google's ``search URL:`` line are skipped) and an iterator
of ``(line, cells)``. CSV is decoded on the fly (UTF-8, UTF-8 with BOM, UTF-16 with
BOM, GB18030/GBK detected from a prefix), so memory stays bounded for any size. An
XLSX is checked against :class:`XlsxLimits` from its zip index before it is parsed, then
its sheets are streamed row by row (:mod:`~patentnav.graph.ingest.xlsx_stream`: memory holds
the shared strings and a block of XML, not the sheet). Every cell is cleaned of
control characters (:func:`clean_text`); a row where that changed something comes as
:class:`CleanedCells`, which says where. An old Excel ``.xls`` (an OLE2 file) is read whole, by
python-calamine in a child process (:mod:`~patentnav.graph.ingest.xls`), after a size check; its
sheets are then chosen and read as an XLSX's are. A web page saved as ``.xls`` (an HTML table,
:mod:`~patentnav.graph.ingest.html_table`) and an Excel 2003 XML spreadsheet
(:mod:`~patentnav.graph.ingest.spreadsheetml`) are streamed, after a size check, and their tables or worksheets
chosen and read as an XLSX's sheets are. Formats are told from the bytes, never from the file name. The module
is over 400 lines because the CSV and workbook readers share the header search, the cell cleaning and the
:class:`Table` they all return.

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
import re
import sys
import threading
import unicodedata
import zipfile
from collections import Counter
from collections.abc import Callable, Iterator
from contextlib import AbstractContextManager, contextmanager, nullcontext
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, BinaryIO

from patentnav.graph.ingest.byte_order import utf16_encoding
from patentnav.graph.ingest.records import FileError

__all__ = [
    "ARCHIVE_MAX_BYTES",
    "ARCHIVE_SUFFIXES",
    "EXPORT_SUFFIXES",
    "MARKUP_MAX_BYTES",
    "XLSX_MAX_COMPRESSION_RATIO",
    "XLSX_MAX_PARTS",
    "XLSX_MAX_UNCOMPRESSED_BYTES",
    "XLS_MAX_BYTES",
    "CleanedCells",
    "FileLimitError",
    "FileTooLargeError",
    "Table",
    "XlsxLimits",
    "clean_text",
    "detect_encoding",
    "normalize_header",
    "open_table",
    "zip_entries",
]

_PREFIX_BYTES = 1 << 16
_HEADER_SCAN_LINES = 12

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
    utf16 = utf16_encoding(prefix)
    if utf16 is not None:
        return utf16
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
    #: A workbook's worksheets that are not read (search strategy, notes …).
    other_sheets: tuple[str, ...] = ()
    #: False when a text file does not end with a newline: a short last row then
    #: means the file was cut off.
    ends_cleanly: bool = True
    _rows: Callable[[], Iterator[tuple[int | str, list[str]]]] | None = field(default=None, repr=False)

    def rows(self) -> Iterator[tuple[int | str, list[str]]]:
        """``(line, cells)`` for every data row; line numbers count from 1 in the file."""
        assert self._rows is not None
        return self._rows()


def open_table(
    path: Path,
    is_header: Callable[[list[str]], bool],
    *,
    delimiter: str | None = None,
    xlsx_limits: XlsxLimits | None = None,
) -> Table:
    """Open ``path`` and find its header: the first row for which ``is_header`` is true.

    ``is_header`` receives normalised header names. Raises :class:`FileError` for an
    empty file, an unknown encoding, a damaged or encrypted workbook, a web page without
    a table, or when no row looks like a header (the message lists the first row seen);
    :class:`FileLimitError` (or its :class:`FileTooLargeError`) for an XLSX, XLS, HTML
    table or XML spreadsheet beyond ``xlsx_limits`` (default :class:`XlsxLimits`), before
    any of it is parsed. Messages are one line and name no path (callers prefix the
    file's name).
    """
    path = Path(path)
    try:
        size = path.stat().st_size
        with path.open("rb") as fh:
            prefix = fh.read(_PREFIX_BYTES)
    except OSError as exc:
        raise FileError(f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    if size == 0 or not prefix.strip():
        raise FileError("the file is empty")
    if prefix.startswith(b"PK\x03\x04"):
        return _open_xlsx(path, is_header, xlsx_limits or XlsxLimits())
    if prefix.startswith(_OLE2_MAGIC):
        return _open_xls(path, size, is_header, xlsx_limits or XlsxLimits())
    markup = _markup(prefix)
    if markup is not None:
        return _open_markup(path, size, prefix, markup, is_header, xlsx_limits or XlsxLimits())
    return _open_text(path, prefix, is_header, delimiter)


#: The first bytes of an OLE2 compound file: an old Excel .xls (BIFF), or an encrypted .xlsx.
_OLE2_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_MARKUP_START = re.compile(
    r"(?:<\?xml[^>]*>|<!--.*?-->|\s)*"  # an XML declaration, comments, white space
    r"(?:(<\?mso-application[^>]*Excel|<(?:ss:)?Workbook\b)"  # group 1: SpreadsheetML, Excel 2003's XML
    r"|(<!DOCTYPE\s+html|<(?:html|head|body|meta|table|style|title|link|script|base|div|center|form|font|span|p"
    r"|h[1-6]|caption|colgroup|thead|tbody|tr|td|th)\b)"  # group 2: a web page
    r"|(?<=\?>)\s*(<!DOCTYPE\b))",  # group 3: XML with a DTD (refused by the XML reader, whatever its root)
    re.IGNORECASE | re.DOTALL,
)
_MARKUP_KINDS = {"spreadsheetml": "Excel 2003 XML spreadsheet", "html": "HTML table"}
#: The suffixes these files have when their name does not pretend they are something else.
_MARKUP_SUFFIXES = {"spreadsheetml": (".xml",), "html": (".htm", ".html", ".xhtml")}


def _markup(prefix: bytes) -> str | None:
    """Whether a file is a web page (``"html"``) or an XML spreadsheet (``"spreadsheetml"``), told from its first
    bytes whatever its name; else ``None``.

    >>> _markup(b'\\xef\\xbb\\xbf  <html xmlns:x="urn:schemas-microsoft-com:office:excel"><table>')
    'html'
    >>> _markup(b'<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?><Workbook>')
    'spreadsheetml'
    >>> _markup("申请号,名称".encode()) is None
    True
    """
    head = prefix[:4096]
    if (utf16 := utf16_encoding(head)) is not None:
        text = head.decode(utf16, errors="replace")
    else:
        text = head.decode("latin-1")  # tags are ASCII whatever the page's own encoding
    m = _MARKUP_START.match(text.lstrip("\ufeff\u00ef\u00bb\u00bf"))
    if m is None:
        return None
    return "html" if m[2] else "spreadsheetml"


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
        cells = [clean_text(c)[0] for c in cells]
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
                    if _UNWANTED_SEARCH("".join(cells)):  # one search of the row, not one per cell
                        cells = _clean_cells(cells)
                    if not any(c.strip() for c in cells):
                        continue
                    yield start, cells
            except UnicodeDecodeError:
                raise FileError(
                    f"wrong encoding: bytes after line {previous} are not valid {encoding} "
                    "(save the export as UTF-8 or GBK)"
                ) from None
            except csv.Error as exc:
                raise FileError(
                    f"line {previous + 1}: the file is damaged or truncated ({_reason(exc, path)})"
                ) from None

    return Table(path, headers, encoding, header_line, ends_cleanly=_ends_with_newline(path), _rows=rows)


def _ends_with_newline(path: Path) -> bool:
    with path.open("rb") as fh:
        fh.seek(max(0, path.stat().st_size - 1))
        return fh.read(1) in (b"\n", b"\r")


def _unknown_header(first_seen: list[str] | None) -> FileError:
    seen = " ".join(", ".join(str(c) for c in (first_seen or []) if str(c).strip()).split())[:300]
    return FileError(f"unknown format: no header row recognised; headers seen: {seen or '(none)'}")


class FileLimitError(FileError):
    """The file exceeds a safety limit (e.g. an XLSX compressed like a decompression bomb); none of it was read."""


class FileTooLargeError(FileLimitError):
    """The file is bigger than the size limit (an XLSX: once unpacked); none of it was read."""


#: Bytes all parts of an XLSX may unpack to. Real exports stay well below: 100,000 rows x 60 columns of a
#: PatSnap/incoPat export are a few hundred MB of sheet XML and shared strings, and a 200 MB upload (the
#: API's limit) of ordinary 5-10:1 XML is about this much. It also bounds memory: sheets are streamed, so
#: what stays in memory is the shared strings table (a part of the unpacked size) and a block of sheet XML.
XLSX_MAX_UNCOMPRESSED_BYTES = 1 << 30
#: Unpacked:packed ratio above which a part is taken for a decompression bomb. Real sheets are 5-20:1 (the
#: most compressible honest sheet measured, the same text in every cell, is 26:1); bombs are 100-1000:1
#: (deflate's ceiling is about 1032:1). Parts under ``XLSX_RATIO_MIN_BYTES`` are not judged: a few
#: kilobytes of styles can compress 100:1 and unpack to nothing that matters.
XLSX_MAX_COMPRESSION_RATIO = 100
XLSX_RATIO_MIN_BYTES = 1 << 20
#: Parts (zip entries) an XLSX may have; a workbook has tens, and the zip index of millions would itself
#: take gigabytes to read.
XLSX_MAX_PARTS = 10_000
#: Bytes an old Excel .xls may have; a bigger one is refused before it is parsed. A BIFF sheet holds at most 65,536
#: rows; 60,000 incoPat-like rows of 14 columns are 17 MB and 30,000 rows of 40 long Chinese text columns 239 MB. The
#: reader holds about 6-15 times the file while it parses (in a child process, freed when it exits) and the
#: sheets' text, about 1.4 times the file, while the rows are read.
XLS_MAX_BYTES = 256 << 20
#: Bytes a web page (HTML table) or Excel 2003 XML spreadsheet may have: the markup an XLSX may unpack to
#: (:data:`XLSX_MAX_UNCOMPRESSED_BYTES`), as these are that markup unzipped. They are streamed, so memory does not
#: grow with the file (the first rows of each table and a block of the file); the limit bounds the time: 60,000
#: rows of 40 columns are some 140 MB of HTML, parsed twice (tables and header, then the rows).
MARKUP_MAX_BYTES = 1 << 30
#: Export files a folder argument contributes (besides PatentsView folders holding g_patent.tsv, and archives).
EXPORT_SUFFIXES = (".csv", ".tsv", ".txt", ".xls", ".xlsx")
#: Archives of exports a folder argument contributes too (graph/ingest/archives.py).
ARCHIVE_SUFFIXES = (".zip", ".gz")
#: Bytes a gzip file or ZIP archive of exports may unpack to, all its exports together (graph/ingest/archives.py).
#: They are unpacked to disk, not held in memory, so the bound is the disk an upload may take (the ratio bound
#: already keeps a 200 MB upload under 20 GB); a bigger year of the yearly CN dataset takes
#: ``PATENTNAV_ARCHIVE_MAX_BYTES``.
ARCHIVE_MAX_BYTES = 4 << 30


@dataclass(frozen=True)
class XlsxLimits:
    """What an XLSX may unpack to, checked from the zip index before a byte of it is parsed; what an XLS may weigh.

    The zip index states each part's packed and unpacked size, and :mod:`zipfile` never unpacks
    more than the index says (a part that would is a CRC error), so the index can be trusted.
    An old Excel .xls is not compressed: its size on disk is checked (``max_xls_bytes``), and so is
    a web page's or an Excel 2003 XML spreadsheet's (``max_markup_bytes``). A gzip file or ZIP archive of exports
    may unpack to ``max_archive_bytes`` (graph/ingest/archives.py).
    Defaults are the module constants (see :data:`XLSX_MAX_UNCOMPRESSED_BYTES`,
    :data:`XLSX_MAX_COMPRESSION_RATIO`, :data:`XLSX_MAX_PARTS`, :data:`XLS_MAX_BYTES`,
    :data:`MARKUP_MAX_BYTES`, :data:`ARCHIVE_MAX_BYTES`).

    >>> XlsxLimits().max_uncompressed_bytes == 1 << 30, XlsxLimits(max_ratio=50).max_ratio
    (True, 50)
    """

    max_uncompressed_bytes: int = XLSX_MAX_UNCOMPRESSED_BYTES
    max_ratio: float = XLSX_MAX_COMPRESSION_RATIO
    max_parts: int = XLSX_MAX_PARTS
    ratio_min_bytes: int = XLSX_RATIO_MIN_BYTES
    max_xls_bytes: int = XLS_MAX_BYTES
    max_markup_bytes: int = MARKUP_MAX_BYTES
    max_archive_bytes: int = ARCHIVE_MAX_BYTES


def _size(n: int) -> str:
    return f"{n / (1 << 30):.2f} GiB" if n >= 1 << 30 else f"{n / (1 << 20):.1f} MiB"


def zip_entries(fh: BinaryIO) -> int | None:
    """How many entries a ZIP's end record says it holds, read before its index (an index of millions of entries
    would take gigabytes to read); ``None`` when there is no end record to tell."""
    end = getattr(zipfile, "_EndRecData", None)
    record = end(fh) if end is not None else None
    return record[4] if record else None  # [4]: zipfile._ECD_ENTRIES_TOTAL, the number of entries


def _check_archive(fh: BinaryIO, limits: XlsxLimits) -> zipfile.ZipFile:
    """Open the zip and refuse it on its index alone: too many parts, too big unpacked, or bomb-like compression."""
    archive = None
    parts = zip_entries(fh)
    if parts is None or parts <= limits.max_parts:
        archive = zipfile.ZipFile(fh)
        parts = len(archive.infolist())
    if archive is None or parts > limits.max_parts:  # the archive is opened whenever its parts are within the limit
        raise FileLimitError(
            f"the XLSX file has {parts} parts, more than a workbook ever needs (limit {limits.max_parts}): not read"
        )
    infos = archive.infolist()
    total = sum(info.file_size for info in infos)
    if total > limits.max_uncompressed_bytes:
        raise FileTooLargeError(
            f"the XLSX file unpacks to {_size(total)}, more than the limit of {_size(limits.max_uncompressed_bytes)}: "
            "not read (split the export into smaller files)"
        )
    for info in infos:
        if info.file_size >= limits.ratio_min_bytes and info.file_size > limits.max_ratio * max(info.compress_size, 1):
            ratio = info.file_size // max(info.compress_size, 1)
            raise FileLimitError(
                f"{info.filename} is compressed {ratio}:1, far more than real workbooks are "
                f"(limit {limits.max_ratio:g}:1): not read (a decompression bomb?)"
            )
    return archive


def _reason(exc: BaseException, path: Path) -> str:
    """One line of what a library said about ``path``, naming the file but never its folder."""
    text = str(exc) or type(exc).__name__
    text = text.replace(str(path), path.name).replace(str(path.parent), "")
    # openpyxl wraps the real error in "could not read ... from FILE." plus two lines of advice.
    text = text.split("\n", 1)[0].strip()
    cause = exc.__cause__ or exc.__context__
    if cause is not None and "could not read" in text:
        text = f"{text.rstrip('.')}: {_reason(cause, path)}"
    text = " ".join(text.split())
    return text if len(text) <= 240 else text[:239] + "…"


def _open_xlsx(path: Path, is_header: Callable[[list[str]], bool], limits: XlsxLimits) -> Table:
    failure = None
    merges: dict[str, Any] = {}  # searched once, for the header and again for the rows
    try:
        with _workbook(path, limits, merges) as book:
            names = book.worksheets
            if not names:
                raise FileError("not a readable XLSX file (damaged or truncated?): the workbook lists no worksheet")
            matches, first_seen = _header_sheets(book, names, is_header)
    except FileError:
        raise
    except Exception as exc:  # whatever the XML parser or zipfile raise about this file means it cannot be read
        failure = _reason(exc, path)
    if failure is not None:  # raised outside the handler: the parser's traceback is freed now
        raise FileError(f"not a readable XLSX file (damaged or truncated?): {failure}")
    headers = _sheets_header(matches, first_seen)
    rows = _sheet_reader(
        path, lambda: _workbook(path, limits, merges), matches, len(headers), "the XLSX file is damaged or truncated"
    )
    return _workbook_table(path, headers, "xlsx", names, matches, rows)


def _sheets_header(matches: list[tuple[str, int, list[str]]], first_seen: list[str] | None) -> list[str]:
    """The header of the sheets to read: every sheet with a recognised header is read (exports split big result
    sets over sheets), other sheets (search strategy, notes) are ignored; their headers must agree."""
    if not matches:
        raise _unknown_header(first_seen)
    name0, _, headers = matches[0]
    for name, _, other in matches[1:]:
        if [normalize_header(h) for h in other] != [normalize_header(h) for h in headers]:
            raise FileError(f"sheets {name0!r} and {name!r} have different header rows")
    return headers


def _open_xls(path: Path, size: int, is_header: Callable[[list[str]], bool], limits: XlsxLimits) -> Table:
    """An old Excel workbook: its size checked, then read whole (:func:`~patentnav.graph.ingest.xls.read_workbook`);
    its sheets and header are chosen as an XLSX's."""
    if size > limits.max_xls_bytes:
        raise FileTooLargeError(
            f"the .xls file is {_size(size)}, more than the limit of {_size(limits.max_xls_bytes)}: not read "
            "(split the export into smaller files)"
        )
    from patentnav.graph.ingest.xls import read_workbook

    book = read_workbook(path)
    if not book.worksheets:
        raise FileError("cannot read this .xls workbook: it has no worksheet")
    matches, first_seen = _header_sheets(book, book.worksheets, is_header)
    headers = _sheets_header(matches, first_seen)
    rows = _sheet_reader(path, lambda: nullcontext(book), matches, len(headers), "cannot read this .xls workbook")
    return _workbook_table(path, headers, "xls", book.worksheets, matches, rows)


def _open_markup(
    path: Path, size: int, prefix: bytes, kind: str, is_header: Callable[[list[str]], bool], limits: XlsxLimits
) -> Table:
    """A web page's tables or an Excel 2003 XML spreadsheet's worksheets, its size checked, then streamed
    (:mod:`~patentnav.graph.ingest.html_table`, :mod:`~patentnav.graph.ingest.spreadsheetml`): the tables and
    header are chosen as an XLSX's sheets are. ``Table.encoding`` says what the file is ("HTML table saved as
    .xls, gb18030")."""
    what = _MARKUP_KINDS[kind]
    suffix = path.suffix.lower()
    saved = f" saved as {path.suffix}" if suffix and suffix not in _MARKUP_SUFFIXES[kind] else ""
    if size > limits.max_markup_bytes:
        raise FileTooLargeError(
            f"the {what}{saved} is {_size(size)}, more than the limit of {_size(limits.max_markup_bytes)}: not read "
            "(split the export into smaller files)"
        )
    if kind == "html":
        from patentnav.graph.ingest.html_table import read_html as read
    else:
        from patentnav.graph.ingest.spreadsheetml import read_spreadsheetml as read
    book, encoding = read(path, prefix, head_rows=_HEADER_SCAN_LINES)
    if not book.worksheets:
        if kind == "html":
            raise FileError(f"this web page{saved} has no table: it holds no patent list to read")
        raise FileError(f"this {what}{saved} has no worksheet")
    matches, first_seen = _header_sheets(book, book.worksheets, is_header)
    headers = _sheets_header(matches, first_seen)
    rows = _sheet_reader(path, book.reading, matches, len(headers), f"the {what} is damaged or truncated")
    return _workbook_table(path, headers, f"{what}{saved}, {encoding}", book.worksheets, matches, rows)


def _workbook_table(
    path: Path,
    headers: list[str],
    kind: str,
    names: list[str],
    matches: list[tuple[str, int, list[str]]],
    rows: Callable[[], Iterator[tuple[str, list[str]]]],
) -> Table:
    """The :class:`Table` of a workbook's matched sheets, naming the worksheets it does not read."""
    read = [m[0] for m in matches]
    others = tuple(n for n in names if n not in read)
    return Table(path, headers, kind, matches[0][1], sheet=", ".join(read), other_sheets=others, _rows=rows)


@contextmanager
def _workbook(path: Path, limits: XlsxLimits, merges: dict[str, Any]) -> Iterator[Any]:
    """The workbook at ``path``, checked against ``limits`` and :func:`_check_parts` before any part is parsed.

    Its sheets are read as streams (:mod:`patentnav.graph.ingest.xlsx_stream`: the sheet XML comes out of
    the zip in blocks through the C XML parser, without a DTD, and each row is dropped once read), so memory
    holds the shared strings and one block of XML, whatever the number of rows.
    """
    from patentnav.graph.ingest.xlsx_stream import StreamingWorkbook

    with path.open("rb") as fh:
        archive = _check_archive(fh, limits)
        with archive:
            _check_parts(archive)
            yield StreamingWorkbook(archive, merges)


def _header_sheets(
    book: Any, names: list[str], is_header: Callable[[list[str]], bool]
) -> tuple[list[tuple[str, int, list[str]]], list[str] | None]:
    """The worksheets with a recognised header row (name, line, headers), and the first non-empty row seen (for
    the error when no sheet has a header)."""
    first_seen = None
    matches = []
    for name in names:
        for number, cells in book.rows(name, max_row=_HEADER_SCAN_LINES):
            cells = [clean_text(c)[0] for c in cells]
            header_names = [normalize_header(c) for c in cells]
            if first_seen is None and any(header_names):
                first_seen = cells
            if is_header(header_names):
                matches.append((name, number, [c.strip() for c in cells]))
                break
    return matches, first_seen


def _sheet_reader(
    path: Path,
    open_book: Callable[[], AbstractContextManager[Any]],
    matches: list[tuple[str, int, list[str]]],
    width: int,
    damaged: str,
) -> Callable[[], Iterator[tuple[str, list[str]]]]:
    """The data rows of every matched sheet, each as wide as the header; ``open_book`` gives the workbook again
    (an XLSX is reopened, checked, streamed and closed once its rows are read). A reader's error becomes
    ``damaged: reason``."""

    def rows() -> Iterator[tuple[str, list[str]]]:
        failure = None
        try:
            with open_book() as book:
                for name, header_line, _ in matches:
                    for number, cells in book.rows(name):
                        if number <= header_line:
                            continue
                        if _UNWANTED_SEARCH("".join(cells)):  # one search of the row, not one per cell
                            cells = _clean_cells(cells)
                        if any(c.strip() for c in cells):
                            # A sheet omits trailing empty cells; the row is still as wide as its header.
                            if len(cells) < width:
                                cells.extend([""] * (width - len(cells)))
                            yield f"{name}!{number}", cells
        except FileError:
            raise
        except Exception as exc:  # whatever the XML parser or zipfile raise about this file means it cannot be read
            failure = _reason(exc, path)
        if failure is not None:
            raise FileError(f"{damaged}: {failure}")

    return rows


#: Bytes of each XML part read for its prolog (where a DTD would have to be): real parts start their root
#: element within the first few hundred.
_PROLOG_BYTES = 1 << 16
_ROOT_START = re.compile(rb"<[A-Za-z_]")
_DOCTYPE = re.compile(rb"<!DOCTYPE", re.IGNORECASE)
_NUM_FMT_ID = re.compile(rb"""\bnumFmtId\s*=\s*["']([^"']*)["']""")


def _check_parts(archive: zipfile.ZipFile) -> None:
    """Refuse, before any part is parsed, what no workbook has: a DTD, or a number format table it cannot read.

    OOXML parts never declare a DTD; the streaming reader checks every part's prolog again as it reads
    it (:func:`~patentnav.graph.ingest.xlsx_stream._prolog_end`, past these first 64 KiB too), so no
    entity is ever declared. Dates are told from numbers by the number formats of ``xl/styles.xml``;
    a format id that is not a number would turn dates into plain numbers without a word (calamine,
    which ingest used to read with, skipped it): such a styles part is refused as damaged (as openpyxl did).
    """
    for info in archive.infolist():
        if not info.filename.endswith((".xml", ".rels")) or info.file_size == 0:
            continue
        with archive.open(info) as fh:
            head = fh.read(_PROLOG_BYTES)
        root = _ROOT_START.search(head)
        if _DOCTYPE.search(head if root is None else head[: root.start()]):
            raise FileError(f"not a readable XLSX file: {info.filename} declares a DTD, which workbooks never do")
    if "xl/styles.xml" in archive.NameToInfo:
        carry = b""
        with archive.open("xl/styles.xml") as fh:
            while True:
                block = fh.read(1 << 18)
                data = carry + block
                safe = len(data) if not block else max(0, len(data) - 256)
                for m in _NUM_FMT_ID.finditer(data):
                    if m.start() >= safe:
                        break
                    if not m[1].strip().isdigit():
                        shown = m[1][:20].decode("utf-8", "replace")
                        raise FileError(
                            "not a readable XLSX file (damaged or truncated?): "
                            f"xl/styles.xml has a number format id {shown!r}, which is not a number"
                        )
                if not block:
                    break
                carry = data[safe:]


_UNSIZED_LOCK = threading.Lock()


@contextmanager
def _unsized_sheets() -> Iterator[None]:
    """While openpyxl opens a workbook, its read-only sheets skip reading their ``<dimension>``.

    (Ingest streams workbooks with :mod:`~patentnav.graph.ingest.xlsx_stream`; the policy reader,
    :mod:`patentnav.graph.policy.reader`, still opens its small workbooks with openpyxl and uses this.)

    openpyxl looks for it on opening each sheet, and a sheet without one (openpyxl's own write-only
    files, for one) is then parsed to its end just to learn that: every row twice. The rows are read
    without dimensions anyway (``reset_dimensions``), which openpyxl documents as a valid state, so
    the lookup is switched off for the call only; the lock keeps concurrent ingests from restoring it
    under each other.
    """
    from openpyxl.worksheet._read_only import ReadOnlyWorksheet

    with _UNSIZED_LOCK:
        original = ReadOnlyWorksheet._get_size
        ReadOnlyWorksheet._get_size = lambda self: None
        try:
            yield
        finally:
            ReadOnlyWorksheet._get_size = original


#: Characters no cell should carry: C0 controls but tab, LF and CR; DEL; the non-characters U+FFFE and
#: U+FFFF; lone surrogates (an XLSX can escape one, _xD800_). XML 1.0 cannot carry any of them.
_UNWANTED = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff\ud800-\udfff]")
_UNWANTED_SEARCH = _UNWANTED.search
_SURROGATE = re.compile("[\ud800-\udfff]")
#: Vertical tab and form feed separate lines or pages (Word's manual line break pasted into a cell):
#: a space keeps the words apart. Every other unwanted character is removed.
_AS_SPACE = {"\x0b": " ", "\x0c": " "}


def clean_text(text: str) -> tuple[str, str | None]:
    """``text`` without control characters, and what was removed (``None`` when nothing was).

    Tab, newline and carriage return stay; vertical tab and form feed become a space; other C0
    controls, DEL, U+FFFE/U+FFFF and lone surrogates are removed. A surrogate pair (an XLSX may
    escape one as two ``_xHHHH_``) becomes its character.

    >>> clean_text("一种\\x01起重\\x00机\\x0b臂架")
    ('一种起重机 臂架', 'removed U+0000, U+0001; replaced U+000B by a space')
    >>> clean_text("line\\tone\\r\\n")
    ('line\\tone\\r\\n', None)
    """
    if not _UNWANTED_SEARCH(text):
        return text, None
    if _SURROGATE.search(text):
        text = text.encode("utf-16-le", "surrogatepass").decode("utf-16-le", "surrogatepass")
        if not _UNWANTED_SEARCH(text):
            return text, None
    found = Counter(_UNWANTED.findall(text))
    clean = _UNWANTED.sub(lambda m: _AS_SPACE.get(m[0], ""), text)

    def listed(chars: list[str]) -> str:
        return ", ".join(f"U+{ord(c):04X}" + (f" x{found[c]}" if found[c] > 1 else "") for c in sorted(chars))

    removed = [c for c in found if c not in _AS_SPACE]
    spaced = [c for c in found if c in _AS_SPACE]
    parts = ([f"removed {listed(removed)}"] if removed else []) + (
        [f"replaced {listed(spaced)} by a space"] if spaced else []
    )
    return clean, "; ".join(parts)


class CleanedCells(list[str]):
    """A row's cells after :func:`clean_text`; ``cleaned`` lists ``(column index, what was removed)``.

    Rows without unwanted characters stay plain lists, so readers test ``cleaned`` only on these.

    >>> _clean_cells(["ok", "a\\x00b"]).cleaned
    [(1, 'removed U+0000')]
    """

    __slots__ = ("cleaned",)
    cleaned: list[tuple[int, str]]


def _clean_cells(cells: list[str]) -> CleanedCells:
    out = CleanedCells()
    out.cleaned = []
    for i, cell in enumerate(cells):
        clean, removed = clean_text(cell)
        if removed:
            out.cleaned.append((i, removed))
        out.append(clean)
    return out
