"""Read the tables of a web page saved as an "Excel" download (``.xls``) as a workbook's sheets, streamed.

Patent search sites, CNKI-like tools and older incoPat/CNIPA-derived exporters hand out an HTML page named
``.xls``: Excel opens it, and so does patentnav. :func:`read_html` parses the page with the standard library's
:class:`html.parser.HTMLParser`, fed a block at a time, and gives a
:class:`~patentnav.graph.ingest.markup.MarkupBook` whose sheets are the page's ``<table>`` s, named ``table1``,
``table2`` … in the order they open (a table inside a cell of another is a table of its own);
:func:`~patentnav.graph.ingest.tabular.open_table` then finds the header and the patents' table as it does for
an XLSX's sheets. How cells read:

* ``<tr>`` is a row and ``<td>``/``<th>`` a cell, each closed by the next one when its end tag is left out (as
  HTML allows); ``colspan``/``rowspan`` are merged ranges, every cell of one reading as its top-left cell (as an
  XLSX's merged ranges read), and a cell goes past the columns a ``rowspan`` above covers;
* a cell's text is the text of everything in it (``<span>``, ``<a>``, ``<font>`` …) with entities decoded and runs
  of white space (``&nbsp;`` among it) one space, as a browser shows it; ``<br>`` and the start of a block
  (``<p>``, ``<div>``) inside a cell are a line break, which the multi-value split of
  :mod:`~patentnav.graph.ingest.normalize` reads as a separator (``甲公司<br>乙公司`` is two applicants) and a
  text field keeps as a line; ``<script>`` and ``<style>`` text is not a cell's;
* the text stands as written: ``201510123456.7`` and ``0012`` stay text (Excel's ``x:str`` and
  ``mso-number-format:"\\@"`` say the same; nothing is converted). Only a number Excel wrote in the form it
  displayed (``2.0151E+11``, ``1,234``) beside its value (``x:num="201510123456.7"``) reads as the value, written
  as the XLSX reader writes numbers;
* the encoding is the byte order mark's, else the ``<meta charset>`` or ``http-equiv`` declaration's (GB2312 and
  GBK read as GB18030, their superset; a declaration the bytes contradict is overruled), else what
  :func:`~patentnav.graph.ingest.tabular.detect_encoding` finds; UTF-16 is read with or without a mark.

A page cut off inside a table (no ``</table>``, and no ``</body>`` or ``</html>`` after it) is refused as truncated,
and so is markup no export has: a tag, comment or script running on for more than 4 MiB, tables nested more than
64 deep, a row past Excel's 16,384 columns. Every refusal is one line, and is raised before any row is loaded
(ingest is atomic).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "web.xls"
>>> _ = p.write_bytes('<meta charset="gbk"><table><tr><th>申请号<th>申请人<tr><td x:str>201510123456.7'
...                   '<td><font>甲公司</font><br>乙公司</table>'.encode("gbk"))
>>> book, encoding = read_html(p, p.read_bytes(), head_rows=12)
>>> encoding, book.worksheets, list(book.rows("table1"))
('gb18030', ['table1'], [(1, ['申请号', '申请人']), (2, ['201510123456.7', '甲公司\\n乙公司'])])
"""

from __future__ import annotations

import codecs
import contextlib
import re
from collections.abc import Iterator
from html.parser import HTMLParser
from pathlib import Path

from patentnav.graph.ingest.byte_order import utf16_encoding
from patentnav.graph.ingest.markup import Event, MarkupBook, SheetGrid
from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.xlsx_stream import _NUMBER, _text

__all__ = ["html_encoding", "read_html"]

#: Characters of the page fed to the parser at a time.
_BLOCK = 1 << 18
#: Characters the parser may hold back waiting for a construct's end (a tag, a comment, a ``<script>``): real
#: pages end theirs within kilobytes; past this the page is refused (the parser searches what it holds again at
#: every block, so an endless construct would cost time by the square of its length).
_MAX_PENDING = 4 << 20
_MAX_NESTING = 64
#: HTML's own limits: a larger ``colspan`` counts as 1,000, a larger ``rowspan`` as 65,534.
_MAX_COLSPAN, _MAX_ROWSPAN = 1000, 65_534
_HTML_SPACE = " \t\n\r\f\xa0"
_SPACES = re.compile(f"[{_HTML_SPACE}]+")
_LEADING_INT = re.compile(r"\s*\+?(\d+)")
_TEXT_FORMAT = re.compile(r"""mso-number-format\s*:\s*\\?["']?\\?@""", re.IGNORECASE)
#: A number in the form Excel displays it rather than its value: in E notation, or with thousands separators.
_DISPLAYED_NUMBER = re.compile(r"[+-]?(?:\d{1,3}(?:,\d{3})+(?:\.\d*)?|\d+(?:\.\d*)?[eE][+-]?\d+)")
_META = re.compile(rb"<meta\b[^>]*>", re.IGNORECASE)
_CHARSET = re.compile(rb"""charset\s*=\s*["']?\s*([A-Za-z0-9._:-]+)""", re.IGNORECASE)
_CHINESE = frozenset(("gb2312", "gbk", "gb18030"))
_WESTERN = frozenset(("ascii", "latin_1", "iso8859_1", "cp1252"))
#: Tags that begin a block: inside a cell, a line break before them (as a browser lays them out).
_BLOCKS = frozenset(("p", "div", "li", "dd", "dt", "pre", "blockquote", "h1", "h2", "h3", "h4", "h5", "h6"))
_SECTIONS = frozenset(("thead", "tbody", "tfoot"))
#: The tags that matter while no table's cells are read (the first pass, past the tables' first rows): tables,
#: rows (counted, for messages), the elements whose text the parser takes as text, the page's end. Any other tag
#: is stepped over without reading its attributes or calling a handler.
_WATCHED = frozenset(("table", "tr", "script", "style", "body", "html"))
#: The tags that matter while cells are read; the rest (``<span>``, ``<a>``, ``<font>``, ``<b>`` …) only hold text.
_NEEDED = _WATCHED | _SECTIONS | _BLOCKS | {"td", "th", "br"}
#: A tag's name after its ``<`` or ``</``, as :mod:`html.parser` reads it (its ``tagfind_tolerant``).
_TAG_NAME = re.compile(r"([a-zA-Z][^\t\n\r\f />\x00]*)(?:\s|/(?!>))*")


def html_encoding(prefix: bytes) -> str:
    """The encoding of a page from its first bytes: a byte order mark, a UTF-16 page without one, the
    ``<meta charset>`` or ``http-equiv`` declaration when the bytes bear it out, else
    :func:`~patentnav.graph.ingest.tabular.detect_encoding`'s guess.

    >>> html_encoding(b'<meta http-equiv="Content-Type" content="text/html; charset=gb2312">' + "申请号".encode("gbk"))
    'gb18030'
    >>> html_encoding(b'<meta charset="utf-8"><td>' + "申请号".encode("gbk"))  # the bytes overrule the declaration
    'gb18030'
    >>> html_encoding("\\ufeff<table>".encode("utf-16-le")), html_encoding("<table>".encode("utf-16-be"))
    ('utf-16', 'utf-16-be')
    """
    from patentnav.graph.ingest.tabular import detect_encoding

    if prefix.startswith(codecs.BOM_UTF8):
        return "utf-8-sig"
    utf16 = utf16_encoding(prefix)
    if utf16 is not None:
        return utf16
    declared = _declared(prefix)
    if declared is not None:
        name = "gb18030" if declared in _CHINESE else declared
        western = declared in _WESTERN and not prefix.isascii()  # a Chinese export is not Latin-1 text
        if not western and not name.startswith("utf_16"):  # a page that says UTF-16 without being it is not
            try:
                codecs.getincrementaldecoder(name)().decode(prefix, final=False)
                return "utf-8" if name == "utf_8" else name
            except UnicodeDecodeError:
                pass
    return detect_encoding(prefix)


def _declared(prefix: bytes) -> str | None:
    for meta in _META.finditer(prefix):
        m = _CHARSET.search(meta[0])
        if m is not None:
            try:
                return codecs.lookup(m[1].decode("ascii")).name.replace("-", "_")
            except LookupError:
                return None
    return None


def read_html(path: Path, prefix: bytes, *, head_rows: int) -> tuple[MarkupBook, str]:
    """The tables of the page at ``path`` as a :class:`~patentnav.graph.ingest.markup.MarkupBook`, and the
    encoding read (from ``prefix``, the file's first bytes; see :func:`html_encoding`).

    Reads the page once to learn its tables and their first ``head_rows`` rows. Raises
    :class:`~patentnav.graph.ingest.records.FileError` (one line, no path) for what the module docstring lists.
    """
    encoding = html_encoding(prefix)
    book = MarkupBook(lambda wanted: _events(path, encoding, wanted), head_rows=head_rows)
    return book, encoding


def _events(path: Path, encoding: str, head_rows: int | None) -> Iterator[Event]:
    parser = _PageParser(head_rows)
    decoder = codecs.getincrementaldecoder(encoding)()
    failure = None
    try:
        with path.open("rb") as fh:
            while True:
                block = fh.read(_BLOCK)
                try:
                    text = decoder.decode(block, final=not block)
                except UnicodeDecodeError as exc:
                    with contextlib.suppress(Exception):  # the text before the bad bytes, to say where they are
                        parser.feed(exc.object[: exc.start].decode(encoding))
                    raise FileError(
                        f"wrong encoding: the page has bytes that are not valid {encoding} after {parser.where()} "
                        "(save the export as UTF-8 or GBK)"
                    ) from None
                parser.feed(text)
                if len(parser.rawdata) > _MAX_PENDING:
                    raise FileError(
                        f"not a readable HTML table: after {parser.where()}, a tag, comment or script runs on for "
                        f"more than {_MAX_PENDING >> 20} MiB without ending (damaged, or not an export)"
                    )
                if not block:
                    parser.close()
                    parser.finish()
                yield from parser.events
                parser.events.clear()
                if not block:
                    return
    except FileError:
        raise
    except OSError as exc:
        failure = f"cannot read the file: {exc.strerror or type(exc).__name__}"
    except Exception as exc:  # whatever the parser raises about this page means it cannot be read
        failure = f"not a readable HTML table (damaged?): {' '.join(str(exc).split())[:200] or type(exc).__name__}"
    if failure is not None:  # raised outside the handler: the parser's traceback is freed now
        raise FileError(failure)


class _Table:
    """An open ``<table>``: its grid, whether a row and a cell are open, and the cell's text so far."""

    __slots__ = ("cell", "grid", "index", "quiet", "row_open", "span", "xnum")

    def __init__(self, index: int) -> None:
        self.index = index
        self.grid = SheetGrid()
        self.row_open = False
        self.quiet = False  # past the rows wanted: its cells are not read
        self.cell: list[str | None] | None = None  # None in the list: a line break
        self.span = (0, 0)  # the open cell's columns and rows beyond its own
        self.xnum: str | None = None  # the open cell's x:num value, unless it keeps its text

    @property
    def name(self) -> str:
        return f"table{self.index + 1}"


class _PageParser(HTMLParser):
    """Turns a page's tables into :data:`~patentnav.graph.ingest.markup.Event` s (in ``events``, emptied by the
    caller after each block); with ``head_rows``, rows past it are skipped."""

    def __init__(self, head_rows: int | None) -> None:
        super().__init__(convert_charrefs=True)
        self.head_rows = head_rows
        self.events: list[Event] = []
        self.open: list[_Table] = []
        self.tables = 0
        self.skipping = False  # inside <script> or <style>
        self.ended = False  # </body> or </html> seen: the page ends as written
        self.watched = _WATCHED if head_rows is not None else _NEEDED  # the tags handled; others are stepped over

    def updatepos(self, i: int, j: int) -> int:
        """Move on without counting lines: nothing here asks :meth:`getpos` (a tenth of the parser's time)."""
        return j

    def parse_starttag(self, i: int) -> int:
        """Step over a start tag that does not matter (not in ``watched``: ``<span>``, ``<font>``, and ``<td>`` while
        no table's cells are read) where :class:`~html.parser.HTMLParser` would end it, without reading its
        attributes (95 MB of an Excel-written table: 14 -> 10 s for the first pass)."""
        m = _TAG_NAME.match(self.rawdata, i + 1)
        if m is not None and m[1].lower() not in self.watched:
            return self.check_for_whole_start_tag(i)
        return super().parse_starttag(i)

    def parse_endtag(self, i: int) -> int:
        """An end tag up to its ``>``, handled when it matters (see :meth:`parse_starttag`): what
        :class:`~html.parser.HTMLParser` does with ``</name ...>`` outside ``<script>``/``<style>``, in one search."""
        if self.cdata_elem is None:
            rawdata = self.rawdata
            m = _TAG_NAME.match(rawdata, i + 2)
            if m is not None:
                end = rawdata.find(">", m.end())
                if end < 0:
                    return -1
                name = m[1].lower()
                if name in self.watched:
                    self.handle_endtag(name)
                return end + 1
        return super().parse_endtag(i)

    def _rows_read(self) -> None:
        """Which tags matter now: on the first pass, only tables and rows once no open table's cells are read."""
        quiet = self.head_rows is not None and all(t.quiet for t in self.open)
        self.watched = _WATCHED if quiet else _NEEDED

    def where(self) -> str:
        if not self.open:
            return f"{self.tables} table(s)" if self.tables else "the start of the page"
        table = self.open[-1]
        return f"row {table.grid.number} of {table.name}"

    # --- tags -----------------------------------------------------------------------------------------------

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "td" or tag == "th":
            if self.open:
                self._start_cell(self.open[-1], attrs)
        elif tag == "tr":
            if self.open:
                table = self.open[-1]
                self._end_row(table)
                self._start_row(table)
        elif tag == "br":
            cell = self.open[-1].cell if self.open else None
            if cell is not None:
                cell.append(None)
        elif tag == "table":
            if len(self.open) >= _MAX_NESTING:
                raise FileError(f"not a readable HTML table: tables nested more than {_MAX_NESTING} deep")
            table = _Table(self.tables)
            self.tables += 1
            self.open.append(table)
            self.events.append((table.index, 0, [table.name]))
            self.watched = _NEEDED
        elif tag in _BLOCKS:
            self._line_break()
        elif tag in _SECTIONS:
            if self.open:
                self._end_row(self.open[-1])
        elif tag == "script" or tag == "style":
            self.skipping = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "td" or tag == "th":
            if self.open:
                self._end_cell(self.open[-1])
        elif tag == "tr" or tag in _SECTIONS:
            if self.open:
                self._end_row(self.open[-1])
        elif tag == "table":
            if self.open:
                self._end_table()
        elif tag in _BLOCKS:
            self._line_break()
        elif tag == "script" or tag == "style":
            self.skipping = False
        elif tag == "body" or tag == "html":
            self.ended = True

    def handle_data(self, data: str) -> None:
        if self.open:
            cell = self.open[-1].cell
            if cell is not None and not self.skipping:
                cell.append(data)

    def finish(self) -> None:
        """At the end of the page: close the tables it leaves open after ``</body>``, else refuse it as cut off."""
        if self.open and not self.ended:
            raise FileError(
                f"the HTML table ends at row {self.open[-1].grid.number} of {self.open[-1].name} without its "
                "</table>: the file looks truncated; export it again"
            )
        while self.open:
            self._end_table()

    # --- cells and rows ---------------------------------------------------------------------------------------

    def _line_break(self) -> None:
        """A block's start or end: a line break, unless the cell's line so far is empty (as a browser lays out
        ``</p><div>``: one break, and none at the start of a cell)."""
        cell = self.open[-1].cell if self.open else None
        if cell:
            for part in reversed(cell):
                if part is None:
                    return
                if part.strip(_HTML_SPACE):
                    cell.append(None)
                    return

    def _start_row(self, table: _Table) -> None:
        table.row_open = True
        if table.quiet:  # rows are counted, their cells not read
            table.grid.number += 1
            return
        table.grid.start_row()
        if self.head_rows is not None and table.grid.number > self.head_rows:
            table.quiet = True
            self._rows_read()

    def _start_cell(self, table: _Table, attrs: list[tuple[str, str | None]]) -> None:
        if table.cell is not None:
            self._end_cell(table)
        if not table.row_open:
            self._start_row(table)
        if table.quiet:
            return
        across = down = 0
        xnum, kept = None, False
        for name, value in attrs:
            if name == "colspan":
                across = _span(value, _MAX_COLSPAN) - 1
            elif name == "rowspan":
                down = _span(value, _MAX_ROWSPAN) - 1
            elif name == "x:num":
                xnum = value
            elif name == "x:str" or (name == "style" and value and _TEXT_FORMAT.search(value)):
                kept = True
        table.cell, table.span, table.xnum = [], (across, down), None if kept else xnum

    def _end_cell(self, table: _Table) -> None:
        parts = table.cell
        if parts is None:
            return
        table.cell = None
        text = _cell_text(parts)
        if table.xnum and _DISPLAYED_NUMBER.fullmatch(text) and _NUMBER.fullmatch(table.xnum.strip()):
            text = _text(float(table.xnum))
        across, down = table.span
        try:
            table.grid.put(text, across=across, down=down)
        except FileError as exc:
            raise FileError(f"not a readable HTML table: {table.name}, {exc}") from None

    def _end_row(self, table: _Table) -> None:
        self._end_cell(table)
        if not table.row_open:
            return
        table.row_open = False
        if table.quiet:
            return
        for number, cells in table.grid.end_row():
            self.events.append((table.index, number, cells))

    def _end_table(self) -> None:
        table = self.open[-1]
        self._end_row(table)
        self.open.pop()
        self.events.append((table.index, -1, []))
        self._rows_read()


def _span(value: str | None, cap: int) -> int:
    """A ``colspan``/``rowspan`` as HTML reads it: its leading digits, 1 when there are none or they say 0."""
    m = _LEADING_INT.match(value or "")
    return min(max(int(m[1]), 1), cap) if m else 1


def _cell_text(parts: list[str | None]) -> str:
    """A cell's text: white space runs one space, ``None`` (``<br>``) a line break, each line trimmed."""
    if len(parts) == 1 and parts[0] is not None:
        return _SPACES.sub(" ", parts[0]).strip(" ")
    lines: list[str] = []
    line: list[str] = []
    for part in parts:
        if part is None:
            lines.append(_SPACES.sub(" ", "".join(line)).strip(" "))
            line = []
        else:
            line.append(part)
    lines.append(_SPACES.sub(" ", "".join(line)).strip(" "))
    return "\n".join(lines).strip("\n")
