"""Read an Excel 2003 XML spreadsheet (SpreadsheetML) as a workbook's sheets, streamed, refusing any DTD.

Some exporters (and Excel's own "XML Spreadsheet 2003") write ``<?mso-application progid="Excel.Sheet"?>
<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet">``, often named ``.xls``. :func:`read_spreadsheetml`
parses it with :mod:`defusedxml` (its expat parser refuses a DTD, so no entity can be declared and none
expanded: a "billion laughs" file is refused before its first entity) fed a block at a time, turning elements
into rows as they end, never holding the document; it gives a :class:`~patentnav.graph.ingest.markup.MarkupBook`
whose sheets are the ``<Worksheet ss:Name>`` s, and :func:`~patentnav.graph.ingest.tabular.open_table` finds the
header and the patents' sheet as for an XLSX. Cells read as the XLSX reader
(:mod:`~patentnav.graph.ingest.xlsx_stream`) reads the same cells:

* ``Table/Row/Cell/Data``; ``ss:Index`` on a row or cell skips to that row or column, and a cell without one goes
  to the next column no ``ss:MergeDown`` from above covers; ``ss:MergeAcross``/``ss:MergeDown`` are merged ranges,
  every cell of one reading as its top-left cell;
* ``ss:Type="String"`` as written (rich text, ``<ss:Data>`` with ``<Font>``, ``<B>`` … inside, as its text);
  ``Number`` as the XLSX reader writes numbers (``20180526``, ``1.5``, ``201510123456.7``); ``DateTime``
  (``2018-05-26T00:00:00.000``) as a date cell of an XLSX reads (``2018-05-26T00:00:00``; a time of day alone, on
  Excel's day 0, ``1899-12-31``, as ``10:30:00``); ``Boolean`` as ``True``/``False``; ``Error`` empty. A cell's
  comment (``<Comment>``) is not its text;
* the encoding is the XML declaration's (or a byte order mark's); one expat cannot read itself (GB2312, GBK: read as
  GB18030) is decoded in Python and handed over as UTF-8.

Damaged or cut-off XML, a DTD, elements nested more than 100 deep and rows out of order are refused in one line
before any row is loaded (ingest is atomic).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "export.xls"
>>> _ = p.write_text('<?xml version="1.0"?><?mso-application progid="Excel.Sheet"?>'
...     '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
...     'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="专利"><Table>'
...     '<Row><Cell><Data ss:Type="String">申请号</Data></Cell><Cell><Data ss:Type="String">申请日</Data></Cell></Row>'
...     '<Row><Cell><Data ss:Type="String">201510123456.7</Data></Cell>'
...     '<Cell><Data ss:Type="DateTime">2015-03-01T00:00:00.000</Data></Cell></Row>'
...     '</Table></Worksheet></Workbook>', encoding="utf-8")
>>> book, encoding = read_spreadsheetml(p, p.read_bytes(), head_rows=12)
>>> encoding, book.worksheets, list(book.rows("专利"))
('utf-8', ['专利'], [(1, ['申请号', '申请日']), (2, ['201510123456.7', '2015-03-01T00:00:00'])])
"""

from __future__ import annotations

import codecs
import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

from patentnav.graph.ingest.byte_order import utf16_encoding
from patentnav.graph.ingest.markup import Event, MarkupBook, SheetGrid
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.xlsx_stream import _NUMBER, _iso, _text

__all__ = ["read_spreadsheetml", "xml_encoding"]

_SS = "{urn:schemas-microsoft-com:office:spreadsheet}"
_BLOCK = 1 << 18
_MAX_DEPTH = 100
#: Rows a merged range may reach below its first: Excel's 1,048,576 rows.
_MAX_DOWN = 1_048_575
_DECLARATION = re.compile(rb"""<\?xml\b[^>]*?\bencoding\s*=\s*["']([A-Za-z0-9._:-]+)["']""")
_DAY_ZERO = date(1899, 12, 31)
_CANNOT = "not a readable Excel 2003 XML spreadsheet"


def xml_encoding(prefix: bytes) -> str:
    """The encoding of an XML file from its first bytes: a byte order mark's, else its declaration's (GB2312 and GBK
    as GB18030), else UTF-8.

    >>> xml_encoding(b'<?xml version="1.0" encoding="GB2312"?>'), xml_encoding(b"<Workbook>")
    ('gb18030', 'utf-8')
    """
    if prefix.startswith(codecs.BOM_UTF8):
        return "utf-8"
    utf16 = utf16_encoding(prefix)
    if utf16 is not None:
        return utf16
    m = _DECLARATION.match(prefix)
    if m is None:
        return "utf-8"
    try:
        name = codecs.lookup(m[1].decode("ascii")).name
    except LookupError:
        raise FileError(f"{_CANNOT}: it is declared as {m[1][:20].decode('ascii')!r}, an unknown encoding") from None
    return "gb18030" if name in ("gb2312", "gbk", "gb18030") else "utf-8" if name == "utf-8" else name


def read_spreadsheetml(path: Path, prefix: bytes, *, head_rows: int) -> tuple[MarkupBook, str]:
    """The worksheets of the Excel 2003 XML spreadsheet at ``path`` as a
    :class:`~patentnav.graph.ingest.markup.MarkupBook`, and its encoding (from ``prefix``, the file's first bytes).

    Reads the file once to learn its worksheets and their first ``head_rows`` rows. Raises
    :class:`~patentnav.graph.ingest.records.FileError` (one line, no path) for what the module docstring lists.
    """
    encoding = xml_encoding(prefix)
    return MarkupBook(lambda wanted: _events(path, encoding, wanted), head_rows=head_rows), encoding


def _events(path: Path, encoding: str, head_rows: int | None) -> Iterator[Event]:
    from defusedxml import DefusedXmlException
    from defusedxml.ElementTree import DefusedXMLParser, ParseError  # the pure-Python parser's own ParseError

    target = _Workbook(head_rows)
    # expat reads UTF-8 itself; any other encoding is decoded here and handed over as UTF-8
    decoder = None if encoding == "utf-8" else codecs.getincrementaldecoder(encoding)()
    parser = DefusedXMLParser(target=target, encoding=None if decoder is None else "utf-8", forbid_dtd=True)
    failure = None
    try:
        with path.open("rb") as fh:
            while True:
                block = fh.read(_BLOCK)
                data: bytes = block
                if decoder is not None:
                    try:
                        data = decoder.decode(block, final=not block).encode("utf-8")
                    except UnicodeDecodeError:
                        raise FileError(
                            f"wrong encoding: the spreadsheet has bytes that are not valid {encoding} after "
                            f"{target.where()} (save it as .xlsx)"
                        ) from None
                if data:
                    parser.feed(data)
                if not block:
                    parser.close()
                yield from target.events
                target.events.clear()
                if not block:
                    return
    except FileError:
        raise
    except DefusedXmlException:
        failure = f"{_CANNOT}: it declares a DTD, which Excel never writes (entities are not expanded)"
    except ParseError as exc:
        failure = f"{_CANNOT} (damaged or truncated?): {' '.join(str(exc).split())[:200]}"
    except OSError as exc:
        failure = f"cannot read the file: {exc.strerror or type(exc).__name__}"
    except Exception as exc:  # whatever the parser raises about this file means it cannot be read
        failure = f"{_CANNOT} (damaged?): {' '.join(str(exc).split())[:200] or type(exc).__name__}"
    if failure is not None:  # raised outside the handler: the parser's traceback is freed now
        raise FileError(failure)


def _attr(attrib: dict[str, str], name: str) -> str | None:
    """An attribute in the spreadsheet namespace (``ss:Index``), or without a prefix (``Index``)."""
    value = attrib.get(_SS + name)
    return attrib.get(name) if value is None else value


def _number(attrib: dict[str, str], name: str, where: str) -> int | None:
    value = _attr(attrib, name)
    if value is None:
        return None
    text = value.strip()
    if not (text.isdigit() and text.isascii()) or len(text) > 9:
        raise FileError(f"{_CANNOT} (damaged?): {where} has ss:{name}={value[:20]!r}, which is not a count")
    return int(text)


class _Workbook:
    """The parser's target: turns ``Worksheet/Table/Row/Cell/Data`` into
    :data:`~patentnav.graph.ingest.markup.Event` s (in ``events``, emptied by the caller after each block); with
    ``head_rows``, rows past it are skipped."""

    def __init__(self, head_rows: int | None) -> None:
        self.head_rows = head_rows
        self.events: list[Event] = []
        self.stack: list[str] = []  # local names of the open elements
        self.names: dict[str, str] = {}  # tag -> local name
        self.sheets = 0
        self.sheet: str | None = None  # the open worksheet's name
        self.grid = SheetGrid()
        self.row_open = False
        self.cell: tuple[int | None, int, int] | None = None  # the open cell's column (if given), across, down
        self.value = ""
        self.pieces: list[str] | None = None  # the open Data element's text so far
        self.kind: str | None = None

    def where(self) -> str:
        if self.sheet is None:
            return f"{self.sheets} worksheet(s)" if self.sheets else "the start of the file"
        return f"row {self.grid.number} of {self.sheet!r}"

    def start(self, tag: str, attrib: dict[str, str]) -> None:
        local = self.names.get(tag)
        if local is None:
            local = self.names[tag] = tag.rpartition("}")[2]
        stack = self.stack
        parent = stack[-1] if stack else ""
        stack.append(local)
        if self.pieces is not None:  # rich text inside Data: only its text counts
            if len(stack) > _MAX_DEPTH:
                raise FileError(f"{_CANNOT}: elements nested more than {_MAX_DEPTH} deep")
            return
        if local == "Cell":
            if parent == "Row" and self.row_open:
                col = _number(attrib, "Index", f"a cell of {self.where()}")
                if col == 0:
                    raise FileError(f"{_CANNOT} (damaged?): a cell of {self.where()} has ss:Index=0")
                across = _number(attrib, "MergeAcross", f"a cell of {self.where()}") or 0
                down = min(_number(attrib, "MergeDown", f"a cell of {self.where()}") or 0, _MAX_DOWN)
                self.cell, self.value = (None if col is None else col - 1, across, down), ""
        elif local == "Data":
            if parent == "Cell" and self.cell is not None:
                self.pieces, self.kind = [], _attr(attrib, "Type")
        elif local == "Row":
            if parent == "Table" and self.sheet is not None:
                self._start_row(_number(attrib, "Index", f"a row after {self.where()}"))
        elif local == "Worksheet":
            if parent == "Workbook":
                name = _attr(attrib, "Name") or f"Sheet{self.sheets + 1}"
                self.sheet, self.grid = name, SheetGrid()
                self.events.append((self.sheets, 0, [name]))
                self.sheets += 1
        elif len(stack) > _MAX_DEPTH:
            raise FileError(f"{_CANNOT}: elements nested more than {_MAX_DEPTH} deep")

    def data(self, text: str) -> None:
        if self.pieces is not None:
            self.pieces.append(text)

    def end(self, tag: str) -> None:
        local = self.stack.pop()
        if local == "Data":
            if self.pieces is not None and self.stack[-1:] == ["Cell"]:
                self.value = _value("".join(self.pieces), self.kind)
                self.pieces = None
        elif self.pieces is not None:
            return
        elif local == "Cell":
            if self.cell is not None:
                col, across, down = self.cell
                self.cell = None
                try:
                    self.grid.put(self.value, col, across=across, down=down)
                except FileError as exc:
                    raise FileError(f"{_CANNOT}: worksheet {self.sheet!r}, {exc}") from None
        elif local == "Row":
            if self.row_open:
                self.row_open = False
                index = self.sheets - 1
                for number, cells in self.grid.end_row():
                    self.events.append((index, number, cells))
        elif local == "Worksheet" and self.sheet is not None and self.stack[-1:] == ["Workbook"]:
            self.events.append((self.sheets - 1, -1, []))
            self.sheet = None

    def close(self) -> None:
        return None

    def _start_row(self, number: int | None) -> None:
        grid = self.grid
        if number is None:
            number = grid.number + 1
        if number <= grid.number:
            raise FileError(f"{_CANNOT} (damaged?): worksheet {self.sheet!r} has row {number} after row {grid.number}")
        if self.head_rows is not None and number > self.head_rows:
            grid.number = number  # rows past the header search are not read on this pass
            return
        grid.start_row(number)
        self.row_open = True


def _value(text: str, kind: str | None) -> str:
    """A ``Data`` element's text as the XLSX reader writes a cell of that type."""
    if kind is None or kind == "String":
        return text
    if kind == "Number":
        number = text.strip()
        return _text(float(number)) if _NUMBER.fullmatch(number) else text
    if kind == "DateTime":
        value: Any = _iso(text.strip())
        if isinstance(value, datetime) and value.date() == _DAY_ZERO:
            value = value.time()  # a time of day alone: Excel's serial below 1, which the XLSX reader gives so
        return _text(value)
    if kind == "Boolean":
        return str(text.strip() != "0")
    if kind == "Error":
        return ""
    return text
