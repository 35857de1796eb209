"""The XLSX reading ingest had before the sheets were streamed: python-calamine's whole sheet, then these rules.

Kept as the reference that :mod:`patentnav.graph.ingest.xlsx_stream` is compared with, cell by cell
(``tests/graph/ingest/test_xlsx_stream.py``): the streaming reader must read every cell as this did.
python-calamine is a development dependency for that reason only.
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from datetime import date, datetime
from pathlib import Path
from typing import Any

__all__ = ["reference_rows"]

_XLSX_ESCAPE = re.compile(r"_x([0-9A-Fa-f]{4})_")


def reference_rows(path: Path) -> dict[str, list[tuple[int, list[str]]]]:
    """Every worksheet's non-empty rows ``(number, cells)`` as the calamine-based reader gave them."""
    from python_calamine import CalamineWorkbook, SheetTypeEnum

    with CalamineWorkbook.from_path(str(path)) as book:
        names = [m.name for m in book.sheets_metadata if m.typ == SheetTypeEnum.WorkSheet]
        return {name: [(n, c) for n, c in _sheet_rows(book.get_sheet_by_name(name)) if c] for name in names}


def _sheet_rows(sheet: Any) -> Iterator[tuple[int, list[str]]]:
    start = sheet.start
    if start is None:  # an empty sheet
        return
    pad = [""] * start[1]
    starts: dict[int, list[tuple[int, int, int]]] = {}
    for (r0, c0), (r1, c1) in sheet.merged_cell_ranges or ():
        starts.setdefault(r0 + 1, []).append((r1 + 1, c0 + 1, c1 + 1))
    active: list[tuple[int, int, int, str]] = []
    for number, values in enumerate(sheet.iter_rows(), start=1):
        cells = [v if v.__class__ is str and "_x" not in v else _cell_text(v) for v in values]
        if pad:
            cells[:0] = pad
        if starts or active:
            for max_row_, min_col, max_col in starts.get(number, ()):
                active.append((max_row_, min_col, max_col, cells[min_col - 1] if min_col <= len(cells) else ""))
            if active:
                active = [a for a in active if a[0] >= number]
                for _, min_col, max_col, value in active:
                    if len(cells) < max_col:
                        cells.extend([""] * (max_col - len(cells)))
                    cells[min_col - 1 : max_col] = [value] * (max_col - min_col + 1)
        while cells and not cells[-1]:
            cells.pop()
        yield number, cells


def _cell_text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, str):
        return _XLSX_ESCAPE.sub(lambda m: chr(int(m[1], 16)), value) if "_x" in value else value
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, datetime):
        return value.isoformat()
    if isinstance(value, date):
        return f"{value.isoformat()}T00:00:00"
    if hasattr(value, "isoformat"):
        return value.isoformat()
    return str(value)
