"""Read an XLSX workbook's sheets row by row, straight from the zip, without holding a sheet in memory.

python-calamine (Rust) reads a whole sheet into memory before its first row can be had: loading
incoPat's 100,000-row sheet took the process from 12 to 314 MiB. This module streams the sheet XML
out of the zip in blocks through ElementTree's C parser (expat), hands out each finished ``<row>``
and drops it, and keeps only the workbook-wide tables a cell may point into: the shared strings, the
cell styles' number formats and the date system. Memory then depends on the shared strings, not on
the rows.

Cells read as calamine 0.37 (as python-calamine 0.9 hands them to Python) reads them, because ingest
was built and tested on that: the same types (``t``), the same trimming of ``<t>`` text, the same
``_x00HH_`` escapes, the same number formats taken for dates and durations (the same rules as
calamine's ``detect_custom_number_format`` and built-in ids), the same serial-date arithmetic
(1900 and 1904 systems, Excel's 1900 leap day, millisecond rounding), the same merged ranges.
``tests/graph/ingest/test_xlsx_stream.py`` compares the two readers cell by cell.

No part is parsed with a DTD: OOXML parts never have one, and :func:`_prolog_end` refuses a part whose
prolog (the only place a DTD can stand) declares one, so the parser knows no entity but XML's five and
character references. A part whose prolog is not plain UTF-8 is refused as well, so that the check
reads the bytes the parser reads. The archive limits (:class:`~patentnav.graph.ingest.tabular.XlsxLimits`)
are checked from the zip index before this module opens anything.

Where a stream cannot do what a whole-sheet reader does, the file is refused, never read differently:
rows must come in order (every writer writes them so; calamine would sort them).

>>> import io, zipfile
>>> buf = io.BytesIO()
>>> with zipfile.ZipFile(buf, "w") as z:
...     z.writestr("_rels/.rels", '<Relationships><Relationship Id="rId1" '
...         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" '
...         'Target="xl/workbook.xml"/></Relationships>')
...     z.writestr("xl/workbook.xml", '<workbook xmlns:r="r"><sheets><sheet name="S" r:id="rId1"/></sheets></workbook>')
...     z.writestr("xl/_rels/workbook.xml.rels", '<Relationships><Relationship Id="rId1" '
...         'Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/worksheet" '
...         'Target="worksheets/s.xml"/></Relationships>')
...     z.writestr("xl/worksheets/s.xml", '<worksheet><sheetData><row r="2"><c r="B2" t="inlineStr">'
...         '<is><t> 申请号 </t></is></c><c><v>201510123456</v></c></row></sheetData></worksheet>')
>>> book = StreamingWorkbook(zipfile.ZipFile(buf))
>>> book.worksheets, list(book.rows("S"))
(['S'], [(2, ['', '申请号', '201510123456'])])
"""

from __future__ import annotations

import contextlib
import gc
import math
import re
import xml.etree.ElementTree as ET
import zipfile
from collections.abc import Iterator
from datetime import date, datetime, time, timedelta
from typing import Any

from patentnav.graph.ingest.records import FileError

__all__ = ["MergedRange", "MergedRows", "StreamingWorkbook", "detect_number_format", "fill_merged"]

#: Bytes of sheet XML fed to the parser at a time; each block's finished rows are then handed out. A block
#: becomes about 14 times its size in elements while it is read (256 KiB: ~3.5 MiB).
_BLOCK = 1 << 18
#: A prolog (XML declaration, comments) longer than this is refused: real parts have a few dozen bytes.
_MAX_PROLOG = 1 << 20
_XML_NS = "{http://www.w3.org/XML/1998/namespace}"
_DECL_ENCODING = re.compile(rb"""\bencoding\s*=\s*["']([^"']*)["']""")
_MERGE_CELL = re.compile(rb"""<(?:[A-Za-z_][\w.-]*:)?mergeCell\b([^>]*)>""")
_REF_ATTR = re.compile(rb"""(?:^|\s)ref\s*=\s*(?:"([^"]*)"|'([^']*)')""")
_CELL_REF = re.compile(r"([A-Za-z]+)([0-9]+)")
#: The number grammar calamine's parser (fast-float) accepts: no spaces, no underscores, no hex.
_NUMBER = re.compile(r"[+-]?(?:(?:[0-9]+\.?[0-9]*|\.[0-9]+)(?:[eE][+-]?[0-9]+)?|(?i:inf|infinity|nan))")
_CALAMINE_ESCAPE = re.compile(r"_x00([0-9A-Fa-f]{2})_")
_XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")
#: Excel's error values (calamine's CellErrorType); python-calamine hands them over as empty cells.
_ERRORS = frozenset(
    ("#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA", "#SPILL!", "#CALC!")
)
_EPOCH = datetime(1899, 12, 30)
_DAY_MS = 86_400_000
#: Milliseconds chrono's NaiveDateTime spans on either side of 1899-12-30 (years -262143..262142).
_CHRONO_MS = 8_210_266_876_800_000

OTHER, DATETIME, TIMEDELTA = 0, 1, 2


def _local(tag: str) -> str:
    return tag.rpartition("}")[2]


def _part_error(name: str, what: str) -> FileError:
    return FileError(f"not a readable XLSX file: {name} {what}")


def _prolog_end(head: bytes, name: str) -> int | None:
    """Where the root element of ``head`` starts; ``None`` when ``head`` ends inside the prolog.

    Refuses a prolog that declares a DTD (the only place one can stand) or that is not UTF-8 (so that
    these bytes are the ones the parser reads).
    """
    pos = 3 if head.startswith(b"\xef\xbb\xbf") else 0
    n = len(head)
    while True:
        while pos < n and head[pos] in b" \t\r\n":
            pos += 1
        if pos >= n:
            return None
        if head.startswith(b"<?", pos):
            end = head.find(b"?>", pos)
            if end < 0:
                return None
            decl = head[pos:end]
            if b"\x00" in decl:
                raise _part_error(name, "is not UTF-8 text, which workbooks always are")
            enc = _DECL_ENCODING.search(decl) if decl.startswith(b"<?xml") else None
            if enc and enc[1].strip().lower().replace(b"-", b"").replace(b"_", b"") != b"utf8":
                raise _part_error(name, f"is declared as {enc[1][:20].decode('ascii', 'replace')}, not UTF-8")
            pos = end + 2
        elif head.startswith(b"<!--", pos):
            end = head.find(b"-->", pos + 4)
            if end < 0:
                return None
            pos = end + 3
        elif head.startswith(b"<!", pos):
            if n - pos < 9 and b"<!DOCTYPE".startswith(head[pos:].upper()):
                return None
            raise _part_error(name, "declares a DTD, which workbooks never do")
        elif head[pos] == 0x3C and pos + 1 < n and head[pos + 1] != 0:  # "<" and a name
            return pos
        elif pos + 1 >= n:
            return None
        else:  # not markup, or UTF-16: the parser would guess an encoding this check does not read
            raise _part_error(name, "is not UTF-8 text, which workbooks always are")


class _Part:
    """An XML part read in blocks, its prolog checked before the parser sees a byte."""

    def __init__(self, archive: zipfile.ZipFile, name: str) -> None:
        self.name = name
        self.fh = archive.open(name)

    def blocks(self) -> Iterator[bytes]:
        head = b""
        while True:
            block = self.fh.read(_BLOCK)
            head += block
            if _prolog_end(head, self.name) is not None or not block:
                break
            if len(head) > _MAX_PROLOG:
                raise _part_error(self.name, "has a prolog of more than 1 MiB before its first element")
        if head:
            yield head
        while True:
            block = self.fh.read(_BLOCK)
            if not block:
                break
            yield block
        self.fh.close()


def _parse(archive: zipfile.ZipFile, name: str) -> ET.Element:
    """A small part (workbook, relationships, styles) parsed whole."""
    # The C parser, not defusedxml's (pure Python, ~3x slower): _Part refuses any DTD, so no entity exists.
    parser = ET.XMLParser()  # noqa: S314
    for block in _Part(archive, name).blocks():
        parser.feed(block)
    return parser.close()


def detect_number_format(code: str) -> int:
    """Whether a number format shows dates (``DATETIME``), durations (``TIMEDELTA``) or numbers (``OTHER``).

    calamine's rule, kept so that a cell reads as it always did: only the first section counts; quoted
    text, bracketed colours and conditions, and a character after ``\\``, ``_`` or ``*`` are no tokens;
    ``[h]``, ``[m]``, ``[s]`` make a duration.

    >>> detect_number_format("yyyy-mm-dd"), detect_number_format("[h]:mm:ss"), detect_number_format('0.00" m"')
    (1, 2, 0)
    """
    escaped = is_quote = ap = hms = False
    brackets = 0
    prev = " "
    for s in code:
        if escaped:
            escaped = False
        elif s in "_\\*":
            escaped = True
        elif is_quote:
            if s == '"':
                is_quote = False
        elif s == '"':
            is_quote = True
        elif s == ";":
            return OTHER
        elif s == "[":
            brackets = min(brackets + 1, 255)
        elif s == "]" and brackets == 1 and hms:
            return TIMEDELTA
        elif s == "]":
            brackets = max(brackets - 1, 0)
        elif s in "aA" and not ap and brackets == 0:
            ap = True
        elif brackets == 0 and ((ap and s in "pm/PM") or (not ap and s in "dmhysDMHYS")):
            return DATETIME
        elif hms and s.lower() == prev.lower():
            pass
        else:
            hms = prev == "[" and s in "mhsMHS"
        prev = s
    return OTHER


_BUILTIN_FORMATS = {**dict.fromkeys(("14", "15", "16", "17", "18", "19", "20", "21", "22", "45", "47"), DATETIME),
                    "46": TIMEDELTA}  # fmt: skip


def _rust_round(x: float) -> int:
    """``f64::round`` (half away from zero) then ``as i64`` (saturating; NaN is 0)."""
    if x != x:
        return 0
    r = math.floor(abs(x) + 0.5) if abs(x) < 1e300 else abs(x)
    r = -r if x < 0 else r
    return int(max(min(r, 9.223372036854775807e18), -9.223372036854775808e18))


def _serial(value: float, kind: int, is_1904: bool) -> Any:
    """A date-formatted number as python-calamine hands it over: timedelta, time, date, datetime, or the float."""
    if kind == TIMEDELTA:
        try:
            return timedelta(milliseconds=_rust_round(value * _DAY_MS))
        except OverflowError:
            return value
    f = value + 1462.0 if is_1904 else value
    f = f if f >= 60.0 else f + 1.0
    ms = _rust_round(f * _DAY_MS)
    if value < 1.0:
        if abs(ms) > _CHRONO_MS:
            return value
        day = ms % _DAY_MS
        return time(day // 3_600_000, day // 60_000 % 60, day // 1000 % 60, day % 1000 * 1000)
    try:
        moment = _EPOCH + timedelta(milliseconds=ms)
    except OverflowError:  # beyond year 9999 (python-calamine gives the float then too)
        return value
    integral = value < 1.8446744073709552e19 and value == float(int(value))
    return moment.date() if integral else moment


_ISO_DATETIME = re.compile(r"([+-]?\d{4,})-(\d\d)-(\d\d)[T ](\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?")
_ISO_TIME = re.compile(r"(\d\d):(\d\d)(?::(\d\d)(\.\d+)?)?")
_ISO_DATE = re.compile(r"([+-]?\d{4,})-(\d\d)-(\d\d)")


def _iso(text: str) -> Any:
    """A ``t="d"`` cell: ISO 8601 read as a datetime, time or date, else the text as it stands."""
    try:
        if "T" in text:
            m = _ISO_DATETIME.fullmatch(text)
            if m:
                micro = int((m[7] or ".0")[1:7].ljust(6, "0"))
                return datetime(int(m[1]), int(m[2]), int(m[3]), int(m[4]), int(m[5]), int(m[6] or 0), micro)
        elif ":" in text:
            m = _ISO_TIME.fullmatch(text)
            if m:
                micro = int((m[4] or ".0")[1:7].ljust(6, "0"))
                return time(int(m[1]), int(m[2]), int(m[3] or 0), micro)
        else:
            m = _ISO_DATE.fullmatch(text)
            if m:
                return date(int(m[1]), int(m[2]), int(m[3]))
    except ValueError:
        pass
    return text


def _unescape(text: str) -> str:
    """calamine decodes ``_x00HH_`` in string cells; the rest of ``_xHHHH_`` is left for :func:`_text`."""
    return _CALAMINE_ESCAPE.sub(lambda m: chr(int(m[1], 16)), text) if "_x00" in text else text


def _text(value: Any) -> str:
    """A cell value as ingest reads it (``tabular._cell_text``): ``.0``-less numbers, ISO dates, ``_xHHHH_`` decoded."""
    if value.__class__ is str:
        return _XLSX_ESCAPE.sub(lambda m: chr(int(m[1], 16)), value) if "_x" in value else value
    if value.__class__ is float:
        return str(int(value)) if value.is_integer() else str(value)
    if value is True or value is False:
        return str(value)
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00:00"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)


def _rich_text(node: ET.Element) -> str:
    """The text of an ``<is>`` or ``<si>``: its ``<t>`` pieces (each trimmed unless ``xml:space="preserve"``,
    then ``_x00HH_`` decoded), not phonetic runs."""
    out: list[str] = []
    _collect(node, out)
    return "".join(out)


def _collect(node: ET.Element, out: list[str]) -> None:
    for child in node:
        name = _local(child.tag)
        if name == "t":
            text = "".join(child.itertext())
            out.append(_unescape(text if child.get(_XML_NS + "space") == "preserve" else text.strip(" \t\r\n")))
        elif name != "rPh":
            _collect(child, out)


def _column(letters: str) -> int:
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col - 1


class StreamingWorkbook:
    """The worksheets of an opened (and already checked) XLSX archive, each readable as a stream of rows."""

    def __init__(
        self, archive: zipfile.ZipFile, merges: dict[str, dict[int, list[tuple[int, int, int]]]] | None = None
    ) -> None:
        """``merges``: the merged ranges of sheets already searched (by part name), shared between openings."""
        self.archive = archive
        self._names = {n.replace("\\", "/").lower(): n for n in archive.namelist()}
        root = self._xml_path()
        self.is_1904 = False
        self._sheets: dict[str, str] = {}
        self.worksheets: list[str] = []
        self._read_workbook(root)
        self._formats = self._read_styles(root)
        self._strings: list[str] | None = None
        self._merge_cache = {} if merges is None else merges
        self._root = root

    def _member(self, path: str) -> str | None:
        return self._names.get(path.replace("\\", "/").lower())

    def _xml_path(self) -> str:
        rels = self._member("_rels/.rels")
        if rels is None:
            raise FileError("not a readable XLSX file (damaged or truncated?): it has no _rels/.rels")
        for rel in _parse(self.archive, rels).iter():
            if _local(rel.tag) == "Relationship" and (rel.get("Type") or "").endswith("/relationships/officeDocument"):
                target = rel.get("Target")
                if target is not None:
                    cut = target.rfind("/")
                    return target[: cut + 1].removeprefix("/") if cut >= 0 else ""
        return "xl/"

    def _read_workbook(self, root: str) -> None:
        rels_name = self._member(f"{root}_rels/workbook.xml.rels")
        if rels_name is None:
            raise FileError(
                f"not a readable XLSX file (damaged or truncated?): it has no {root}_rels/workbook.xml.rels"
            )
        rels = {}
        for rel in _parse(self.archive, rels_name).iter():
            if _local(rel.tag) == "Relationship" and rel.get("Id") is not None:
                rels[rel.get("Id")] = (rel.get("Target") or "", rel.get("Type") or "")
        book = self._member(f"{root}workbook.xml")
        if book is None:
            return  # calamine reads such a workbook as one without sheets
        for node in _parse(self.archive, book).iter():
            name = _local(node.tag)
            if name == "workbookPr":
                self.is_1904 = node.get("date1904") in ("1", "true")
            elif name == "sheet":
                rid = next((v for k, v in node.attrib.items() if _local(k) == "id"), "")
                if rid not in rels:
                    raise FileError("not a readable XLSX file (damaged or truncated?): a sheet has no relationship")
                target, typ = rels[rid]
                path = target[1:] if target.startswith("/") else root + target
                sheet = node.get("name", "")
                if typ.rpartition("/")[2] == "worksheet" and sheet not in self._sheets:
                    self._sheets[sheet] = path
                    self.worksheets.append(sheet)

    def _read_styles(self, root: str) -> list[int]:
        styles = self._member(f"{root}styles.xml")
        if styles is None:
            return []
        tree = _parse(self.archive, styles)
        custom: dict[str, str] = {}
        formats: list[int] = []
        for node in tree:
            name = _local(node.tag)
            if name == "numFmts":
                for fmt in node.iter():
                    fid, code = fmt.get("numFmtId"), fmt.get("formatCode")
                    if _local(fmt.tag) == "numFmt" and fid is not None and code is not None:
                        custom[fid] = code
            elif name == "cellXfs":
                for xf in node.iter():
                    if _local(xf.tag) != "xf":
                        continue
                    fid = xf.get("numFmtId")
                    if fid is None:
                        formats.append(OTHER)
                    elif fid in custom:
                        formats.append(detect_number_format(custom[fid]))
                    else:
                        formats.append(_BUILTIN_FORMATS.get(fid, OTHER))
        return formats

    def _shared_strings(self) -> list[str]:
        if self._strings is None:
            self._strings = []
            name = self._member(f"{self._root}sharedStrings.xml")
            if name is not None:
                for nodes in _element_blocks(self.archive, name, "sst", "si"):
                    with _collector_paused():
                        self._strings.extend(_rich_text(node) for node in nodes)
                        nodes.clear()
        return self._strings

    def _merges(self, path: str) -> dict[int, list[tuple[int, int, int]]]:
        """Merged ranges by first row (1-based): (last row, first column, last column), columns 1-based.

        They stand after the rows in a sheet's XML, so the sheet is unpacked once beforehand and searched for
        them (no parse: a ``<mergeCell`` can only be markup, since text escapes ``<``).
        """
        if path in self._merge_cache:
            return self._merge_cache[path]
        starts: dict[int, list[tuple[int, int, int]]] = {}
        carry = b""
        with self.archive.open(path) as fh:
            while True:
                block = fh.read(4 * _BLOCK)
                data = carry + block
                if b"mergeCell" in data:
                    safe = len(data) if not block else data.rfind(b"<")
                    for m in _MERGE_CELL.finditer(data, 0, max(safe, 0)):
                        ref = _REF_ATTR.search(m[1])
                        if ref is None:
                            continue
                        bounds = [
                            _CELL_REF.fullmatch(p)
                            for p in (ref[1] or ref[2] or b"").decode("ascii", "replace").split(":")
                        ]
                        if not bounds or None in bounds or len(bounds) > 2:
                            shown = ref[0][:40].decode("ascii", "replace")
                            raise FileError(
                                f"not a readable XLSX file (damaged or truncated?): {shown!r} is no merged range"
                            )
                        first, last = bounds[0], bounds[-1]
                        assert first is not None and last is not None  # checked above
                        r0, c0, r1, c1 = int(first[2]), _column(first[1]) + 1, int(last[2]), _column(last[1]) + 1
                        starts.setdefault(r0, []).append((r1, c0, c1))
                    carry = data[max(safe, 0) :] if block else b""
                else:
                    carry = data[-256:]
                if not block:
                    self._merge_cache[path] = starts
                    return starts

    def rows(self, name: str, max_row: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """``(row number, cell texts)`` of a worksheet, read as ``tabular._sheet_rows`` read calamine's sheet.

        Cells start at column A, a merged range's cells all read as its top-left cell, and trailing empty
        cells are dropped. Rows without any cell are left out, but for rows a merged range reaches.
        """
        path = self._member(self._sheets[name])
        if path is None:
            raise FileError(f"not a readable XLSX file (damaged or truncated?): the sheet {name!r} is missing")
        merges = self._merges(path)
        strings = self._shared_strings()
        rows = _sheet_cells(self.archive, path, strings, self._formats, self.is_1904)
        if not merges:
            for number, cells, _ in rows:
                if max_row is not None and number > max_row:
                    return
                if cells:
                    yield number, cells
            return
        yield from _merged(rows, merges, max_row)


#: A merged range still to fill: its last row, first and last column (1-based) and its top-left cell's text.
MergedRange = tuple[int, int, int, str]


def fill_merged(
    number: int, cells: list[str], starts: dict[int, list[tuple[int, int, int]]], active: list[MergedRange]
) -> list[MergedRange]:
    """Fill row ``number``'s ``cells`` (in place) with the text of the merged ranges over it; return the ranges
    still open after it. ``starts`` gives, per first row, each range's ``(last row, first column, last column)``;
    ``active`` the ranges open before the row (``[]`` at the first).

    >>> cells = ["a", "", "c"]
    >>> fill_merged(1, cells, {1: [(2, 1, 2)]}, []), cells
    ([(2, 1, 2, 'a')], ['a', 'a', 'c'])
    """
    for last, first_col, last_col in starts.get(number, ()):
        active.append((last, first_col, last_col, cells[first_col - 1] if first_col <= len(cells) else ""))
    if active:
        active = [a for a in active if a[0] >= number]
        for _, first_col, last_col, value in active:
            if len(cells) < last_col:
                cells.extend([""] * (last_col - len(cells)))
            cells[first_col - 1 : last_col] = [value] * (last_col - first_col + 1)
    return active


class MergedRows:
    """A sheet's rows filled with its merged ranges as they come, one row at a time (what :func:`_merged` does over
    an iterator, for readers that are handed rows by a parser's callbacks).

    Rows the sheet leaves out are empty rows of the ranges over them; a row without a value of its own (only cells
    a range fills) waits for a later row that has one, and is dropped when none comes, as calamine ends a sheet at
    its last value. ``starts`` (per first row, each range's ``(last row, first column, last column)``, 1-based) may
    grow while rows are added, up to the row being added.

    >>> rows = MergedRows({1: [(3, 1, 1)]})
    >>> rows.add(1, ["甲", "x"], True), rows.add(3, ["", "y"], True), rows.add(4, [], False)
    ([(1, ['甲', 'x'])], [(2, ['甲']), (3, ['甲', 'y'])], [])
    """

    __slots__ = ("active", "expected", "held", "starts")

    def __init__(self, starts: dict[int, list[tuple[int, int, int]]]) -> None:
        self.starts = starts
        self.active: list[MergedRange] = []
        self.held: list[tuple[int, list[str]]] = []  # rows without a value of their own, waiting
        self.expected = 1

    def _fill(self, number: int, cells: list[str]) -> list[str]:
        self.active = fill_merged(number, cells, self.starts, self.active)
        while cells and not cells[-1]:
            cells.pop()
        return cells

    def add(self, number: int, cells: list[str], has_value: bool) -> list[tuple[int, list[str]]]:
        """The rows to hand out once row ``number`` (after every earlier one) is read: ``[]`` while it waits."""
        while self.expected < number:  # rows the sheet leaves out are empty rows of the ranges over them
            self.held.append((self.expected, self._fill(self.expected, [])))
            self.expected += 1
        cells = self._fill(number, cells)
        self.expected = number + 1
        if not has_value:
            self.held.append((number, cells))
            return []
        out = [row for row in self.held if row[1]]
        self.held.clear()
        if cells:
            out.append((number, cells))
        return out


def _merged(rows: Iterator[tuple[int, list[str], bool]], starts: dict[int, list[tuple[int, int, int]]],
            max_row: int | None) -> Iterator[tuple[int, list[str]]]:  # fmt: skip
    """Fill merged ranges as ``tabular._sheet_rows`` did over calamine's rows (every row from 1 to the last
    row holding a value; a merged range's cells take its top-left cell)."""
    merged = MergedRows(starts)
    for number, cells, has_value in rows:
        if max_row is not None and number > max_row:
            return
        yield from merged.add(number, cells, has_value)


@contextlib.contextmanager
def _collector_paused() -> Iterator[None]:
    """The cyclic garbage collector paused while a block of XML becomes elements and the elements become rows.

    A 100k-row sheet makes some 15 million elements; each block's are alive at once, so the collections they set
    off promoted them and ran ~220 full passes over everything the ingest holds (tens of CPU-seconds at 100k
    rows). The elements hold no cycles (a child has no link to its parent), so reference counting frees them all
    and the collector has nothing to find in them. Only a caller that had the collector on turns it back on.
    """
    enabled = gc.isenabled()
    if enabled:
        gc.disable()
    try:
        yield
    finally:
        if enabled:
            gc.enable()


def _element_blocks(archive: zipfile.ZipFile, name: str, parent: str, child: str) -> Iterator[list[ET.Element]]:
    """The ``child`` elements of the first ``parent`` element of a part, a block at a time, each finished and
    dropped from the tree (the caller drops the list)."""
    parser: Any = ET.XMLPullParser(events=("start",))  # no DTD gets past _Part (see _parse)
    holder: Any = None
    wanted: dict[str, bool] = {}  # tag -> whether its local name is ``child``
    for block in _Part(archive, name).blocks():
        with _collector_paused():
            parser.feed(block)
            if holder is None:
                for _, node in parser.read_events():
                    if _local(node.tag) == parent:
                        holder = node
                        # No more events: the tree builder only appends elements, in C. Without this private
                        # call (another ElementTree), every event is read and dropped below instead.
                        with contextlib.suppress(AttributeError):
                            parser._parser._setevents(parser._events_queue, ())
                        break
            for _ in parser.read_events():  # the events left hold elements: drop them with the rows
                pass
            if holder is None or len(holder) < 2:
                continue
            done = holder[:-1]  # the last element may still be open
            del holder[:-1]
            kept = []
            for node in done:
                tag = node.tag
                keep = wanted.get(tag)
                if keep is None:
                    keep = wanted[tag] = _local(tag) == child
                if keep:
                    kept.append(node)
            del done
        yield kept
    parser.close()
    if holder is not None:
        yield [node for node in holder if _local(node.tag) == child]


def _sheet_cells(archive: zipfile.ZipFile, path: str, strings: list[str], formats: list[int],
                 is_1904: bool) -> Iterator[tuple[int, list[str], bool]]:  # fmt: skip
    """``(row number, cell texts from column A, whether a cell holds a value)`` for every ``<row>`` of a sheet.

    The common cells (a shared or inline string, a plain number, in the row's namespace) are read here; the
    rest by :func:`_value`.
    """
    columns: dict[str, int] = {}  # column letters -> index
    local: dict[str, str] = {}  # tag -> local name
    number = seen = 0
    n_strings = len(strings)
    ns = None
    c_tag = v_tag = is_tag = t_tag = ""
    number_match = _NUMBER.fullmatch
    for rows in _element_blocks(archive, path, "sheetData", "row"):
        done: list[tuple[int, list[str], bool]] = []
        with _collector_paused():  # the block's elements become rows, then go
            for row in rows:
                if ns is None:
                    ns = row.tag[: len(row.tag) - 3]
                    c_tag, v_tag, is_tag, t_tag = ns + "c", ns + "v", ns + "is", ns + "t"
                r = row.get("r")
                if r is not None:
                    if not (r.isdigit() and r.isascii()):
                        raise FileError(
                            f"the XLSX file is damaged or truncated: a row number {r[:20]!r} is not a number"
                        )
                    number = int(r)
                else:
                    number += 1
                digits = str(number)
                k = -len(digits)
                cells: list[str] = []
                has_value = False
                col = 0
                for c in row:
                    if c.tag != c_tag:
                        tag = c.tag
                        kind = local.get(tag)
                        if kind is None:
                            kind = local[tag] = _local(tag)
                        if kind != "c":
                            continue
                    attrib = c.attrib
                    ref = attrib.get("r")
                    if ref is not None:
                        index = columns.get(ref[:k]) if ref.endswith(digits) else None
                        if index is None:
                            m = _CELL_REF.fullmatch(ref)
                            if m is None:
                                raise FileError(
                                    f"the XLSX file is damaged or truncated: a cell reference {ref[:20]!r} is not one"
                                )
                            index = _column(m[1])
                            if int(m[2]) != number:
                                if cells or r is not None:
                                    where = f"{ref[:20]} stands in row {number}"
                                    raise FileError(f"the XLSX file's cells are out of order: {where}; not read")
                                number = int(m[2])  # a row without a number takes its cells'
                                digits = str(number)
                                k = -len(digits)
                            if len(columns) < 1 << 14 and m[2] == digits:
                                columns[m[1]] = index
                        col = index
                    n_children = len(c)
                    if not n_children:  # no value (calamine's Data::Empty), whatever the type
                        col += 1
                        continue
                    t = attrib.get("t")
                    text = None
                    if n_children == 1 and "s" not in attrib:
                        child = c[0]
                        if t == "inlineStr":
                            if child.tag == is_tag and len(child) == 1:
                                piece = child[0]
                                if piece.tag == t_tag and not piece.attrib and not len(piece):
                                    text = piece.text
                                    text = text.strip(" \t\r\n") if text else ""
                                    if "_x" in text:
                                        text = _text(_unescape(text))
                        elif t == "s":
                            v = child.text
                            if child.tag == v_tag and v and v.isdigit():
                                i = int(v)
                                if i < n_strings:
                                    text = strings[i]
                                    if "_x" in text:
                                        text = _text(text)
                        elif t is None or t == "n":
                            v = child.text
                            if child.tag == v_tag and v and number_match(v):
                                f = float(v)
                                text = str(int(f)) if f.is_integer() else str(f)
                    if text is None:
                        value = _value(c, strings, formats, is_1904, local)
                        if value is not None:
                            text = _text(value)
                    if text is not None:
                        has_value = True
                        if col == len(cells):
                            cells.append(text)
                        elif col > len(cells):
                            cells.extend([""] * (col - len(cells)))
                            cells.append(text)
                        else:
                            cells[col] = text
                    col += 1
                if number <= seen:
                    raise FileError(f"the XLSX file's rows are out of order: row {number} after row {seen}; not read")
                seen = number
                while cells and not cells[-1]:
                    cells.pop()
                done.append((number, cells, has_value))
            rows.clear()
        yield from done


def _value(c: ET.Element, strings: list[str], formats: list[int], is_1904: bool, local: dict[str, str]) -> Any:
    """A cell's value as calamine reads it, ``None`` for an empty cell (calamine's ``Data::Empty``)."""
    t = c.get("t")
    value: Any = None
    for child in c:  # calamine takes the value of the last child it reads
        tag = child.tag
        name = local.get(tag)
        if name is None:
            name = local[tag] = _local(tag)
        if name == "is":
            value = _rich_text(child)
        elif name == "v":
            if t == "inlineStr" or t == "is":
                value = None
                continue
            v = child.text or ""
            if t == "s":
                if not v:
                    value = None
                    continue
                idx = int(v) if v.isdigit() and v.isascii() else 0
                if idx >= len(strings):
                    raise FileError("the XLSX file is damaged or truncated: a cell points past the shared strings")
                value = strings[idx]
            elif t is None or t == "n":
                if not v:
                    value = None
                    continue
                if _NUMBER.fullmatch(v) is None:
                    if t is None:
                        value = v
                        continue
                    raise FileError(f"the XLSX file is damaged or truncated: a number cell holds {v[:20]!r}")
                number = float(v)
                s = c.get("s")
                if s is None:
                    kind = OTHER
                else:
                    sid = int(s) if s.isdigit() and s.isascii() else 0
                    kind = formats[sid] if sid < len(formats) else OTHER
                value = number if kind == OTHER else _serial(number, kind, is_1904)
            elif t == "str":
                value = _unescape(v)
            elif not v and t in ("b", "e"):
                value = None
            elif t == "b":
                value = v != "0"
            elif t == "e":
                if v not in _ERRORS:
                    raise FileError(f"the XLSX file is damaged or truncated: an error cell holds {v[:20]!r}")
                value = ""
            elif t == "d":
                value = _iso(v)
            else:
                raise FileError(f"the XLSX file is damaged or truncated: a cell has the unknown type {t[:20]!r}")
        elif name == "f":
            value = None
        else:
            raise FileError(f"the XLSX file is damaged or truncated: a cell holds a <{name[:20]}> element")
    return value
