"""What an HTML table and an Excel 2003 XML spreadsheet share: cells placed around their spans, and a workbook of them.

Web systems hand out "Excel" downloads that are an HTML page (:mod:`~patentnav.graph.ingest.html_table`) or an Excel
2003 XML spreadsheet (:mod:`~patentnav.graph.ingest.spreadsheetml`). Both readers parse the file as a stream of
:data:`Event` s and put each cell where Excel would with a :class:`SheetGrid`: past the cells that spans from rows
above cover, a span's cells all its top-left cell's text (:class:`~patentnav.graph.ingest.xlsx_stream.MergedRows`,
as for an XLSX), trailing empty cells dropped. :class:`MarkupBook` then gives the tables or worksheets as
:mod:`~patentnav.graph.ingest.tabular` reads a workbook's sheets: ``worksheets``, and ``rows(name, max_row)``.

It reads the file twice: once when opened, to learn every table's name and first rows (the header search needs
them all, and a sheet's name is only known once the parser reaches it), then once more for the rows; neither pass
holds more than a block of the file, a few rows and the first rows of each table.

>>> events = lambda head_rows: iter([(0, 0, ["S"]), (0, 1, ["申请号"]), (0, 2, ["CN1"]), (0, -1, [])])
>>> book = MarkupBook(events, head_rows=12)
>>> book.worksheets, list(book.rows("S", max_row=1))
(['S'], [(1, ['申请号'])])
>>> with book.reading() as pages:
...     list(pages.rows("S"))
[(1, ['申请号']), (2, ['CN1'])]
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from contextlib import contextmanager

from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.xlsx_stream import MergedRows

__all__ = ["MAX_COLUMNS", "MAX_TABLES", "Event", "MarkupBook", "SheetGrid"]

#: ``(table index, row number, cells)``: row number 0 when table ``index`` starts (``cells`` holds its name), -1 when
#: it ends (``cells`` empty), else one of its rows, filled and without trailing empty cells.
Event = tuple[int, int, list[str]]

#: Columns a row may reach: Excel's 16,384 (XFD). A wider row (a ``colspan`` or ``ss:Index`` past it) is refused.
MAX_COLUMNS = 16_384
#: Tables (worksheets) a file may hold; web pages laid out with tables have tens, and each is listed by ``inspect``.
MAX_TABLES = 10_000


class SheetGrid:
    """Where the cells of one table go: past the columns spans from rows above cover, each span noted for
    :class:`~patentnav.graph.ingest.xlsx_stream.MergedRows`, which fills its cells with the top-left cell's text.

    Columns are 0-based here, as a cell's position in ``cells``.

    >>> grid = SheetGrid()
    >>> grid.start_row()
    >>> grid.put("甲", down=1); grid.put("乙")
    >>> grid.end_row()
    [(1, ['甲', '乙'])]
    >>> grid.start_row()
    >>> grid.put("丙")  # column A is covered by 甲's span: 丙 goes to B
    >>> grid.end_row()
    [(2, ['甲', '丙'])]
    """

    __slots__ = ("_merged", "_spans", "cells", "col", "covered", "has_value", "number", "starts")

    def __init__(self) -> None:
        self.starts: dict[int, list[tuple[int, int, int]]] = {}
        self._merged = MergedRows(self.starts)
        self._spans: list[tuple[int, int, int, int]] = []  # spans reaching below their row: first, last row, columns
        self.number = 0
        self.cells: list[str] = []
        self.col = 0
        self.covered: frozenset[int] | set[int] = frozenset()
        self.has_value = False

    def start_row(self, number: int | None = None) -> None:
        """Begin row ``number`` (the next row when ``None``); raises :class:`FileError` when it is not after the
        last."""
        if number is None:
            number = self.number + 1
        elif number <= self.number:
            raise FileError(f"row {number} comes after row {self.number}")
        self.number, self.cells, self.col, self.has_value = number, [], 0, False
        if self._spans:
            self._spans = [s for s in self._spans if s[1] >= number]
            self.covered = {c for first, _, c0, c1 in self._spans if first < number for c in range(c0, c1 + 1)}
        elif self.covered:
            self.covered = frozenset()

    def put(self, text: str, col: int | None = None, *, across: int = 0, down: int = 0) -> None:
        """Put a cell's ``text`` at ``col``, or at the next column no span covers; it spans ``across`` more columns
        to the right and ``down`` more rows below. ``col`` must be past the row's last cell."""
        if col is None:
            col = self.col
            while col in self.covered:
                col += 1
        elif col < self.col:
            raise FileError(f"row {self.number}: a cell is placed at column {col + 1}, left of the cell before it")
        last = col + across
        if last >= MAX_COLUMNS:
            raise FileError(f"row {self.number} reaches column {last + 1}, past Excel's {MAX_COLUMNS:,} columns")
        if text:
            cells = self.cells
            if col >= len(cells):
                cells.extend([""] * (col - len(cells)))
                cells.append(text)
            else:
                cells[col] = text
            self.has_value = True
        if across or down:
            self.starts.setdefault(self.number, []).append((self.number + down, col + 1, last + 1))
            if down:
                self._spans.append((self.number, self.number + down, col, last))
        self.col = last + 1

    def end_row(self) -> list[tuple[int, list[str]]]:
        """The rows to hand out now the row is read (rows a span fills wait for a row with a value of its own)."""
        merged = self._merged
        if not self.starts and not merged.active and not merged.held:  # no span over it: the row as it stands
            cells = self.cells
            while cells and not cells[-1]:
                cells.pop()
            merged.expected = self.number + 1
            return [(self.number, cells)] if cells else []
        rows = merged.add(self.number, self.cells, self.has_value)
        self.starts.pop(self.number, None)  # read: MergedRows keeps the spans still open
        return rows


class MarkupBook:
    """The tables of a file as a workbook's sheets: ``worksheets``, ``rows(name, max_row)`` and :meth:`reading`.

    ``events(head_rows)`` parses the file from its start each time it is called, giving every row when
    ``head_rows`` is ``None`` and the rows up to ``head_rows`` of each table otherwise (it may give more). Opening
    the book reads the file once, for the tables' names and their first ``head_rows`` rows (what
    ``rows(name, max_row)`` with ``max_row <= head_rows`` gives without reading again); names repeated in the file
    get `` (2)``, `` (3)`` … so that each is one table.
    """

    def __init__(self, events: Callable[[int | None], Iterator[Event]], *, head_rows: int) -> None:
        self._events = events
        self._head_rows = head_rows
        self.worksheets: list[str] = []
        self._heads: list[list[tuple[int, list[str]]]] = []
        for index, number, cells in events(head_rows):
            if number == 0:
                if index >= MAX_TABLES:
                    raise FileError(f"it holds more than {MAX_TABLES:,} tables, more than an export ever has: not read")
                self.worksheets.append(self._unique(cells[0]))
                self._heads.append([])
            elif 0 < number <= head_rows:
                self._heads[index].append((number, cells))
        self._index = {name: i for i, name in enumerate(self.worksheets)}

    def _unique(self, name: str) -> str:
        if name not in self.worksheets:
            return name
        n = 2
        while f"{name} ({n})" in self.worksheets:
            n += 1
        return f"{name} ({n})"

    def rows(self, name: str, max_row: int | None = None) -> Iterator[tuple[int, list[str]]]:
        """``(row number, cells)`` of table ``name``, its first ``max_row`` rows (all when ``None``)."""
        index = self._index[name]
        if max_row is not None and max_row <= self._head_rows:
            yield from (row for row in self._heads[index] if row[0] <= max_row)
            return
        with self.reading() as pages:
            for number, cells in pages.rows(name):
                if max_row is not None and number > max_row:
                    return
                yield number, cells

    @contextmanager
    def reading(self) -> Iterator[_Pass]:
        """One more pass over the file, whose ``rows(name)`` gives tables in file order without starting again."""
        reader = _Pass(self._events, self._index)
        try:
            yield reader
        finally:
            reader.close()


class _Pass:
    """A pass over the file handing out the rows of the tables asked for; asked for a table it has gone past (a
    table nested in the one it read), it starts again."""

    def __init__(self, events: Callable[[int | None], Iterator[Event]], index: dict[str, int]) -> None:
        self._events = events
        self._index = index
        self._stream: Iterator[Event] | None = None
        self._started: set[int] = set()

    def rows(self, name: str) -> Iterator[tuple[int, list[str]]]:
        wanted = self._index[name]
        if self._stream is None or wanted in self._started:
            self.close()
            self._stream, self._started = self._events(None), set()
        for index, number, cells in self._stream:
            if number == 0:
                self._started.add(index)
            elif index == wanted:
                if number < 0:
                    return
                yield number, cells

    def close(self) -> None:
        close = getattr(self._stream, "close", None)
        if close is not None:
            close()
        self._stream = None
