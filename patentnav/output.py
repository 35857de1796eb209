"""Render rows as a table, JSON or CSV -- the one place CLI output formats live.

>>> render([{"a": 1, "b": "x"}], "csv")
'a,b\\r\\n1,x\\r\\n'
"""

from __future__ import annotations

import csv
import io
import json
import sys
from collections.abc import Iterable, Mapping, Sequence
from enum import StrEnum
from typing import Any

from rich.console import Console
from rich.table import Table

__all__ = ["OutputFormat", "print_rows", "render"]


_PIPE_WIDTH = 240


class OutputFormat(StrEnum):
    """What ``--format`` accepts."""

    table = "table"
    json = "json"
    csv = "csv"


def _columns(rows: Sequence[Mapping[str, Any]], columns: Sequence[str] | None) -> list[str]:
    if columns:
        return list(columns)
    seen: dict[str, None] = {}
    for row in rows:
        seen.update(dict.fromkeys(row))
    return list(seen)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, float):
        return f"{value:.6g}"
    if isinstance(value, list | tuple):
        return "; ".join(_cell(v) for v in value)
    return str(value)


def render(rows: Iterable[Mapping[str, Any]], fmt: str, columns: Sequence[str] | None = None) -> str:
    """Rows as ``json`` (a list of objects) or ``csv`` text; ``table`` as plain aligned text."""
    rows = list(rows)
    cols = _columns(rows, columns)
    if fmt == OutputFormat.json:
        return json.dumps([{c: row.get(c) for c in cols} for row in rows], ensure_ascii=False, indent=2, default=str)
    if fmt == OutputFormat.csv:
        buf = io.StringIO()
        writer = csv.writer(buf)
        writer.writerow(cols)
        writer.writerows([_cell(row.get(c)) for c in cols] for row in rows)
        return buf.getvalue()
    console = Console(file=io.StringIO(), width=160, color_system=None)
    console.print(_table(rows, cols))
    return console.file.getvalue()  # type: ignore[attr-defined]


def _table(rows: Sequence[Mapping[str, Any]], cols: Sequence[str], title: str | None = None) -> Table:
    table = Table(title=title, show_lines=False)
    for c in cols:
        table.add_column(c, overflow="fold")
    for row in rows:
        table.add_row(*(_cell(row.get(c)) for c in cols))
    return table


def print_rows(
    rows: Iterable[Mapping[str, Any]],
    fmt: str = OutputFormat.table,
    columns: Sequence[str] | None = None,
    title: str | None = None,
) -> None:
    """Print rows to stdout in the chosen format (a rich table on a terminal)."""
    rows = list(rows)
    if fmt == OutputFormat.table:
        # A pipe or file has no width; folding every cell to 80 columns would make wide tables unreadable.
        console = Console() if sys.stdout.isatty() else Console(width=_PIPE_WIDTH)
        console.print(_table(rows, _columns(rows, columns), title))
        if not rows:
            Console(stderr=True).print("(no rows)")
    else:
        print(render(rows, fmt, columns), end="" if fmt == OutputFormat.csv else "\n")
