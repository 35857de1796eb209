"""Synthetic "Excel" downloads that are markup -- labelled synthetic, never real: web pages (HTML tables) and Excel
2003 XML spreadsheets (SpreadsheetML), for the ingest tests of issue 15.

:func:`write_html` and :func:`write_spreadsheetml` take the sheets :mod:`tests.support.xls` writes as .xls and XLSX
(name -> rows of cells: a string, a number, a bool, a ``date`` or ``datetime``, or ``None`` for no cell) and the
same merged ranges (0-based ``(r0, r1, c0, c1)``, the value in the top-left cell), so that one set of values can be
read through every reader. Pages are written the way the exporters write them:

* ``flavour="excel"``: what Excel's "save as web page" and the exporters copying it write (``xmlns:x``, a
  ``<style>`` with ``mso-number-format``, an ``<xml>`` island in a conditional comment, ``x:str`` on text that
  looks like a number, ``x:num`` on numbers, classes on cells, every tag closed);
* ``flavour="web"``: what a web system writes (``<th>`` header cells, ``</td>``/``</tr>`` left out as HTML allows,
  values wrapped in ``<span>``/``<a>``/``<font>``, ``&nbsp;`` in empty cells, indentation inside cells).

Every page and workbook says :data:`~tests.support.layouts.SYNTHETIC_NOTE` outside its tables (a paragraph, the
document properties), where no reader looks for rows. :func:`layout_sheets` gives the cells of a synthetic layout
export (:func:`tests.support.layouts.write_layout`) as such sheets, so a layout can be written as markup too.

>>> import tempfile
>>> from pathlib import Path
>>> path = write_html(Path(tempfile.mkdtemp()) / "x.xls", {"S": [["申请号"], ["201810123456.7"]]})
>>> b"<td x:str>201810123456.7</td>" in path.read_bytes()
True
"""

from __future__ import annotations

import csv
import datetime
import io
import tempfile
from pathlib import Path
from typing import Any
from xml.sax.saxutils import escape, quoteattr

from patentnav.graph.ingest.loader import ingest_file
from patentnav.graph.store import open_store, select
from tests.support.layouts import LAYOUT_FILES, SYNTHETIC_NOTE, write_layout

__all__ = ["HTML_FLAVOURS", "layout_sheets", "write_html", "write_spreadsheetml"]

Sheets = dict[str, list[list[Any]]]
Merges = dict[str, list[tuple[int, int, int, int]]]
HTML_FLAVOURS = ("excel", "web")


def _number(value: int | float) -> str:
    return str(value) if isinstance(value, int) or not value.is_integer() else str(int(value))


def _looks_numeric(text: str) -> bool:
    try:
        float(text)
    except ValueError:
        return False
    return True


def _spans(merges: list[tuple[int, int, int, int]]) -> tuple[dict[tuple[int, int], tuple[int, int]], set]:
    """Each range's top-left cell -> (rows, columns) it spans, and the cells the ranges cover besides."""
    tops, covered = {}, set()
    for r0, r1, c0, c1 in merges:
        tops[(r0, c0)] = (r1 - r0 + 1, c1 - c0 + 1)
        covered |= {(r, c) for r in range(r0, r1 + 1) for c in range(c0, c1 + 1)} - {(r0, c0)}
    return tops, covered


def _html_cell(value: Any, span: tuple[int, int] | None, flavour: str) -> str:
    attrs = ""
    if span is not None:
        rows, cols = span
        attrs += (f" rowspan={rows}" if rows > 1 else "") + (f" colspan={cols}" if cols > 1 else "")
    if value is None:
        text = "&nbsp;" if flavour == "web" else ""
    elif isinstance(value, bool):
        text = "TRUE" if value else "FALSE"
        attrs += " x:bool" if flavour == "excel" else ""
    elif isinstance(value, int | float):
        text = _number(value)
        attrs += f' x:num="{text}"' if flavour == "excel" else ""
    elif isinstance(value, datetime.datetime):
        text = value.strftime("%Y-%m-%d %H:%M:%S")
    elif isinstance(value, datetime.date):
        text = value.isoformat()
    else:
        text = escape(str(value)).replace("\n", "<br>")
        if flavour == "excel" and _looks_numeric(str(value)):
            attrs += " class=xl65 x:str"  # Excel marks text that looks like a number
    if flavour == "web" and value is not None:
        text = {0: f"<span>{text}</span>", 1: f'<a href="#">{text}</a>', 2: f"<font color=red>{text}</font>"}[
            len(text) % 3
        ]
        return f"<td{attrs}>\n      {text}\n    "  # no </td>, as HTML allows
    return f"<td{attrs}>{text}</td>"


def write_html(
    path: Path,
    sheets: Sheets,
    *,
    merges: Merges | None = None,
    flavour: str = "excel",
    encoding: str = "utf-8",
    declare: str | None = None,
    bom: bool = False,
) -> Path:
    """Write each sheet as one ``<table>`` of a page (in order); ``declare`` is the charset the page states (default
    ``encoding``'s name; ``""``: none), ``bom`` writes a byte order mark. Returns ``path``."""
    charset = encoding if declare is None else declare
    head = f'<meta http-equiv="Content-Type" content="text/html; charset={charset}">' if charset else ""
    out = []
    if flavour == "excel":
        out.append(
            '<html xmlns:o="urn:schemas-microsoft-com:office:office" '
            'xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns="http://www.w3.org/TR/REC-html40">\n'
            f'<head>{head}<style>\n.xl65 {{mso-number-format:"\\@";}}\ntd {{white-space:normal;}}\n</style>\n'
            "<!--[if gte mso 9]><xml><x:ExcelWorkbook><x:ExcelWorksheets><x:ExcelWorksheet><x:Name>"
            "Sheet1</x:Name></x:ExcelWorksheet></x:ExcelWorksheets></x:ExcelWorkbook></xml><![endif]-->\n</head>\n"
        )
    else:
        out.append(f"<!DOCTYPE html>\n<html>\n<head>{head}<title>检索结果</title></head>\n")
    out.append(f"<body>\n<p>合成样例导出（{SYNTHETIC_NOTE}）</p>\n")
    for name, rows in sheets.items():
        tops, covered = _spans((merges or {}).get(name, []))
        out.append(f"<table border=1 summary={quoteattr(name)}>\n")
        for r, row in enumerate(rows):
            cells = [
                _html_cell(value, tops.get((r, c)), flavour) for c, value in enumerate(row) if (r, c) not in covered
            ]
            if flavour == "web":
                out.append("  <tr>" + "".join(cells) + "\n")  # no </tr> either
            else:
                out.append("  <tr>" + "".join(cells) + "</tr>\n")
        out.append("</table>\n")
    out.append("</body>\n</html>\n")
    data = "".join(out).encode(encoding)
    path.write_bytes((("\ufeff".encode(encoding)) if bom else b"") + data)
    return path


def _xml_cell(value: Any, index: int | None, span: tuple[int, int] | None) -> str:
    attrs = f' ss:Index="{index}"' if index is not None else ""
    if span is not None:
        rows, cols = span
        attrs += (f' ss:MergeAcross="{cols - 1}"' if cols > 1 else "") + (
            f' ss:MergeDown="{rows - 1}"' if rows > 1 else ""
        )
    if value is None:
        return f"<Cell{attrs}/>"
    if isinstance(value, bool):
        kind, text = "Boolean", "1" if value else "0"
    elif isinstance(value, int | float):
        kind, text = "Number", _number(value)
    elif isinstance(value, datetime.datetime):
        kind, text = "DateTime", value.strftime("%Y-%m-%dT%H:%M:%S.") + f"{value.microsecond // 1000:03d}"
    elif isinstance(value, datetime.date):
        kind, text = "DateTime", value.strftime("%Y-%m-%dT00:00:00.000")
    else:
        kind, text = "String", escape(str(value)).replace("\n", "&#10;")
    return f'<Cell{attrs}><Data ss:Type="{kind}">{text}</Data></Cell>'


def write_spreadsheetml(path: Path, sheets: Sheets, *, merges: Merges | None = None, encoding: str = "utf-8") -> Path:
    """Write ``sheets`` as Excel 2003 XML, as Excel writes it: ``ss:Index`` on a row or cell after skipped ones
    (a cell a range covers is skipped; a row without cells is left out), the declared ``encoding``."""
    out = [
        f'<?xml version="1.0" encoding="{encoding}"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:o="urn:schemas-microsoft-com:office:office"'
        ' xmlns:x="urn:schemas-microsoft-com:office:excel" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"'
        ' xmlns:html="http://www.w3.org/TR/REC-html40">\n'
        f'<DocumentProperties xmlns="urn:schemas-microsoft-com:office:office"><Title>{SYNTHETIC_NOTE}</Title>'
        '</DocumentProperties>\n<Styles><Style ss:ID="Default"/></Styles>\n'
    ]
    for name, rows in sheets.items():
        tops, covered = _spans((merges or {}).get(name, []))
        out.append(f"<Worksheet ss:Name={quoteattr(name)}><Table>\n")
        next_row = 0
        for r, row in enumerate(rows):
            cells, next_col = [], 0
            for c, value in enumerate(row):
                if (r, c) in covered or (value is None and (r, c) not in tops):
                    continue
                cells.append(_xml_cell(value, c + 1 if c != next_col else None, tops.get((r, c))))
                next_col = c + tops.get((r, c), (1, 1))[1]
            if not cells:
                continue
            index = f' ss:Index="{r + 1}"' if r != next_row else ""
            out.append(f"<Row{index}>{''.join(cells)}</Row>\n")
            next_row = r + 1
        out.append('</Table><WorksheetOptions xmlns="urn:schemas-microsoft-com:office:excel"/></Worksheet>\n')
    out.append("</Workbook>\n")
    path.write_bytes("".join(out).encode(encoding))
    return path


def layout_sheets(layout: str, rows: int, seed: int = 0) -> Sheets:
    """The cells of a synthetic export in ``layout`` (:func:`tests.support.layouts.write_layout`) as sheets: an
    XLSX's sheets with their values as openpyxl reads them, a CSV as one sheet ``"Sheet1"`` of strings."""
    with tempfile.TemporaryDirectory() as tmp:
        path = write_layout(layout, Path(tmp) / LAYOUT_FILES[layout], rows=rows, seed=seed)
        data = path.read_bytes()
        if data.startswith(b"PK"):
            import openpyxl

            book = openpyxl.load_workbook(path, read_only=True)
            try:
                return {ws.title: [list(row) for row in ws.iter_rows(values_only=True)] for ws in book.worksheets}
            finally:
                book.close()
        try:
            text = data.decode("utf-8-sig")
        except UnicodeDecodeError:  # the CNIPA search layout is GB18030
            text = data.decode("gb18030")
        return {"Sheet1": [list(row) for row in csv.reader(io.StringIO(text, newline=""))]}


def graph_facts(path: Path) -> tuple[set[tuple[str, str, str]], tuple[str, int, int]]:
    """The triples a file's graph holds about everything but the file itself, and (format, rows read, rejected):
    what two files of the same rows must share whatever their container."""
    store = open_store("memory://")
    result = ingest_file(store, path)
    rows = select(store, f"SELECT ?s ?p ?o WHERE {{ GRAPH <{result.graph}> {{ ?s ?p ?o }} }}")
    facts = {(str(r["s"]), str(r["p"]), str(r["o"])) for r in rows if str(r["s"]) != result.source}
    return facts, (result.format, result.rows_read, result.rows_rejected)
