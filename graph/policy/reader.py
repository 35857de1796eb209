"""Read a policy workbook, XLSX or YAML, into :class:`~patentnav.graph.policy.model.Workbook` tables.

XLSX is checked against :class:`~patentnav.graph.ingest.tabular.XlsxLimits` from its zip index
before it is parsed (as ingest does), then read with openpyxl in read-only mode. In each sheet
the first non-empty row is the header; rows whose first cell starts with ``#`` are comments (the
template's example rows are marked so) and empty rows are skipped. The ``说明 README`` sheet is
not read.

YAML holds the same tables: a mapping from sheet name to a list of rows, each a mapping from
column name to value (``plan`` may be one mapping). A list cell may be a YAML list or a
``;``-separated string.

What cannot be read is returned as :class:`~patentnav.graph.policy.model.InputProblem` s
(unknown sheet, a column named twice, values under no header); which sheets and columns a
plan needs is checked afterwards (:mod:`~patentnav.graph.policy.check`).

>>> import tempfile, pathlib
>>> p = pathlib.Path(tempfile.mkdtemp()) / "plan.yaml"
>>> _ = p.write_text("plan:\\n  id: p1\\n  label_en: P\\n  regions: 440100; 440000\\n  owner: me\\n")
>>> wb, problems = read_workbook(p)
>>> wb.rows("plan")[0].values, wb.rows("plan")[0].notes, problems
({'id': 'p1', 'label_en': 'P', 'regions': ('440100', '440000')}, {'owner': 'me'}, [])
"""

from __future__ import annotations

import re
from datetime import date, datetime
from decimal import Decimal, InvalidOperation
from pathlib import Path
from typing import Any

from patentnav.graph.ingest.records import FileError
from patentnav.graph.ingest.tabular import XlsxLimits, clean_text
from patentnav.graph.policy.model import (
    COMMENT_PREFIX,
    README_SHEETS,
    SHEETS,
    Column,
    InputProblem,
    Row,
    SheetSpec,
    Workbook,
    header_key,
    sheet_spec,
)

__all__ = ["YAML_SUFFIXES", "cell_text", "read_workbook", "split_list"]

YAML_SUFFIXES = (".yaml", ".yml")
_ID_LIST = re.compile(r"[;；,，、\n]+")
_TEXT_LIST = re.compile(r"[;；\n]+")


def cell_text(value: Any) -> str:
    """A cell's value as text: numbers keep their digits (``24.0`` stays ``24.0``), dates are ISO.

    >>> cell_text(24.0), cell_text(100), cell_text(1e-05), cell_text(True), cell_text(date(2020, 1, 2))
    ('24.0', '100', '0.00001', 'true', '2020-01-02')
    >>> cell_text(datetime(2016, 9, 13)), cell_text("  a\\x00b ")
    ('2016-09-13', 'ab')
    """
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, int):
        return str(value)
    if isinstance(value, float):
        try:
            return format(Decimal(repr(value)), "f")
        except InvalidOperation:
            return repr(value)
    if isinstance(value, datetime):
        return value.date().isoformat() if value.time() == datetime.min.time() else value.isoformat()
    if isinstance(value, date):
        return value.isoformat()
    return clean_text(str(value))[0].strip()


def split_list(text: str, column: Column) -> tuple[str, ...]:
    """A list cell's items: ids and codes split on ``;`` ``,`` ``、`` and line breaks, texts on ``;`` and lines.

    >>> from patentnav.graph.policy.model import SHEETS
    >>> split_list("430100；430200, 430300", SHEETS["tasks"]["regions"])
    ('430100', '430200', '430300')
    >>> split_list("SIPO; State Intellectual Property Office", SHEETS["agencies"]["alt_labels_en"])
    ('SIPO', 'State Intellectual Property Office')
    """
    pattern = _TEXT_LIST if column.kind == "texts" else _ID_LIST
    return tuple(part.strip() for part in pattern.split(text) if part.strip())


def read_workbook(path: Path | str, *, xlsx_limits: XlsxLimits | None = None) -> tuple[Workbook, list[InputProblem]]:
    """Read a workbook (``.xlsx`` or ``.yaml``/``.yml``): its tables and what could not be read.

    Raises :class:`~patentnav.graph.ingest.records.FileError` when the file as a whole cannot be
    read (not an XLSX or YAML file, damaged, beyond the XLSX limits); its message is one line.
    """
    path = Path(path)
    try:
        with path.open("rb") as fh:
            head = fh.read(4)
    except OSError as exc:
        raise FileError(f"cannot read the file: {exc.strerror or type(exc).__name__}") from None
    if head.startswith(b"PK\x03\x04"):
        return _read_xlsx(path, xlsx_limits or XlsxLimits())
    if path.suffix.lower() in YAML_SUFFIXES:
        return _read_yaml(path)
    if path.suffix.lower() == ".xlsx":
        raise FileError("not a readable XLSX file (damaged, or another format renamed .xlsx)")
    raise FileError("not a policy workbook: expected an .xlsx workbook or a .yaml file of the same tables")


# ---------------------------------------------------------------- sheets in general


class _SheetReader:
    """Turns one sheet's header and rows (cell values) into :class:`Row` s, noting what it cannot read."""

    def __init__(self, spec: SheetSpec, title: str, headers: list[Any], problems: list[InputProblem]) -> None:
        self.spec, self.title, self.problems = spec, title, problems
        self.columns: list[Column | str | None] = []
        seen: dict[str, str] = {}
        for header in headers:
            text = cell_text(header)
            if not text:
                self.columns.append(None)
                continue
            column = spec.column(text)
            key = column.name if column else text
            if key in seen:
                problems.append(
                    InputProblem(spec.name, None, text, f"names the same column as {seen[key]!r}; keep one of them")
                )
                self.columns.append(None)
                continue
            seen[key] = text
            self.columns.append(column or text)

    @property
    def names(self) -> tuple[str, ...]:
        """The model's columns this header has."""
        return tuple(c.name for c in self.columns if isinstance(c, Column))

    def row(self, number: int, values: list[Any]) -> Row | None:
        texts = [cell_text(v) if not isinstance(v, list | tuple) else v for v in values]
        filled = [t for t in texts if t not in ("", (), [])]
        if not filled:
            return None
        first = filled[0]
        if isinstance(first, str) and first.startswith(COMMENT_PREFIX):
            return None
        row = Row(number)
        for index, value in enumerate(texts):
            if value in ("", (), []):
                continue
            column = self.columns[index] if index < len(self.columns) else None
            if column is None:
                self.problems.append(
                    InputProblem(self.spec.name, number, _letter(index), "a value under no header: name the column")
                )
                continue
            if isinstance(column, str):
                row.notes[column] = "; ".join(cell_text(v) for v in value) if isinstance(value, list | tuple) else value
                continue
            if isinstance(value, list | tuple):
                items = tuple(t for v in value for t in split_list(cell_text(v), column))
                if not column.is_list:
                    if len(items) > 1:
                        self.problems.append(
                            InputProblem(self.spec.name, number, column.name, "takes one value, not a list")
                        )
                        continue
                    row.values[column.name] = items[0] if items else ""
                else:
                    row.values[column.name] = items
            else:
                row.values[column.name] = split_list(value, column) if column.is_list else value
        return row


def _letter(index: int) -> str:
    name = ""
    index += 1
    while index:
        index, rest = divmod(index - 1, 26)
        name = chr(65 + rest) + name
    return name


def _spec_for(title: str, seen: dict[str, str], problems: list[InputProblem]) -> SheetSpec | None:
    if header_key(title) in README_SHEETS:
        return None
    spec = sheet_spec(title)
    if spec is None:
        known = ", ".join(f"{s.name}/{s.zh}" for s in SHEETS.values())
        problems.append(
            InputProblem(title, None, None, f"is not a sheet of the policy workbook (sheets: {known}, 说明 README)")
        )
        return None
    if spec.name in seen:
        problems.append(InputProblem(title, None, None, f"is the {spec.name} sheet again (also {seen[spec.name]!r})"))
        return None
    seen[spec.name] = title
    return spec


# ---------------------------------------------------------------- XLSX


def _read_xlsx(path: Path, limits: XlsxLimits) -> tuple[Workbook, list[InputProblem]]:
    import openpyxl

    from patentnav.graph.ingest.tabular import _check_archive, _reason, _unsized_sheets  # the ingest's XLSX guard

    problems: list[InputProblem] = []
    workbook = Workbook(name=path.name)
    seen: dict[str, str] = {}
    with path.open("rb") as fh:
        try:
            _check_archive(fh, limits)
            with _unsized_sheets():
                book = openpyxl.load_workbook(fh, read_only=True, data_only=True)
            try:
                for sheet in book.worksheets:
                    spec = _spec_for(sheet.title, seen, problems)
                    if spec is None:
                        continue
                    sheet.reset_dimensions()
                    reader: _SheetReader | None = None
                    rows: list[Row] = []
                    for number, values in enumerate(sheet.iter_rows(values_only=True), start=1):
                        values = list(values)
                        if reader is None:
                            if any(cell_text(v) for v in values):
                                reader = _SheetReader(spec, sheet.title, values, problems)
                            continue
                        row = reader.row(number, values)
                        if row is not None:
                            rows.append(row)
                    workbook.sheets[spec.name] = rows
                    workbook.headers[spec.name] = reader.names if reader is not None else ()
            finally:
                book.close()
        except FileError:
            raise
        except Exception as exc:  # whatever openpyxl or zipfile raise about this file means it cannot be read
            raise FileError(f"not a readable XLSX file (damaged or truncated?): {_reason(exc, path)}") from None
    return workbook, problems


# ---------------------------------------------------------------- YAML


def _read_yaml(path: Path) -> tuple[Workbook, list[InputProblem]]:
    import yaml

    loader = getattr(yaml, "CSafeLoader", yaml.SafeLoader)  # libyaml when present: ten times faster
    try:
        data = yaml.load(path.read_text(encoding="utf-8-sig"), Loader=loader)  # noqa: S506 - a safe loader
    except UnicodeDecodeError:
        raise FileError("a YAML workbook must be UTF-8 text") from None
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f" at line {mark.line + 1}" if mark is not None else ""
        problem = getattr(exc, "problem", None) or type(exc).__name__
        raise FileError(f"not valid YAML{where}: {problem}") from None
    if not isinstance(data, dict):
        raise FileError("a YAML workbook is a mapping from sheet names (plan, tasks …) to lists of rows")
    problems: list[InputProblem] = []
    workbook = Workbook(name=path.name)
    seen: dict[str, str] = {}
    for title, items in data.items():
        spec = _spec_for(str(title), seen, problems)
        if spec is None:
            continue
        if isinstance(items, dict):
            items = [items]
        if items is None:
            items = []
        if not isinstance(items, list):
            problems.append(InputProblem(spec.name, None, None, "must be a list of rows (mappings)"))
            continue
        items = [{str(k): v for k, v in item.items()} if isinstance(item, dict) else item for item in items]
        headers: list[str] = []
        for item in items:
            for key in item if isinstance(item, dict) else ():
                if key not in headers:
                    headers.append(key)
        reader = _SheetReader(spec, str(title), list(headers), problems)
        rows: list[Row] = []
        for number, item in enumerate(items, start=1):
            if not isinstance(item, dict):
                problems.append(InputProblem(spec.name, number, None, "a row must be a mapping of column: value"))
                continue
            row = reader.row(number, [item.get(h) for h in headers])
            if row is not None:
                rows.append(row)
        workbook.sheets[spec.name] = rows
        workbook.headers[spec.name] = reader.names
    return workbook, problems
