"""Write workbook tables to a file: XLSX (one sheet per table, and a ``说明 README`` sheet) or YAML.

:func:`write_template` writes the empty workbook ``patentnav policy template`` gives: every
sheet with its header, one example row marked ``# 示例 example: …`` (rows starting with ``#`` are
never read, so the example may stay), and the README sheet explaining each column in Chinese and
English. :func:`write_workbook` writes tables (``policy export``) the same way, without examples.

Numbers keep their digits: ``24.0`` is written as text where a spreadsheet would make it ``24``.

>>> import tempfile, pathlib
>>> from patentnav.graph.policy.reader import read_workbook
>>> path = pathlib.Path(tempfile.mkdtemp()) / "plan.xlsx"
>>> write_template(path)
>>> wb, problems = read_workbook(path)
>>> sum(len(rows) for rows in wb.sheets.values()), problems
(0, [])
"""

from __future__ import annotations

from pathlib import Path

from patentnav.graph.policy.model import EXAMPLE_MARK, KINDS, SHEETS, Column, Row, SheetSpec, Workbook
from patentnav.graph.policy.reader import YAML_SUFFIXES

__all__ = ["README_TITLE", "readme_rows", "write_template", "write_workbook"]

README_TITLE = "说明 README"
_INTRO = [
    ("专利导航政策规划表 · Policy plan workbook (patentnav)", ""),
    (
        "每个工作表是一张表；首行为列名（英文或中文均可），其后每行一条记录。",
        "Each sheet is one table: the first row names the columns (in English or Chinese), each row below is one "
        "record.",
    ),
    (
        "以 # 开头的行是注释，不会读入：各表第二行的示例行即如此标记，可保留或删除。",
        "Rows whose first cell starts with # are comments and are not read: the example row of each sheet is marked "
        "so; keep it or delete it.",
    ),
    (
        "一个单元格中的多个编号或代码用 ; 分隔。编号即实体 IRI 的最后一段（industry/rail-transit → rail-transit）；"
        "图谱中已有的实体（如湖南试点的产业、地区）可直接用其编号引用，无需再列。",
        "Several ids or codes in one cell are ;-separated. An id is the last part of the entity's IRI "
        "(industry/rail-transit -> rail-transit); an entity the graph already has (e.g. a pilot industry or region) "
        "is named by its id and needs no row.",
    ),
    (
        "不认识的列作为备注保留（导出时原样写回）。载入：patentnav policy add FILE；导出：patentnav policy export ID "
        "-o FILE。",
        "Columns the model does not know are kept as notes (export writes them back). Load with `patentnav policy "
        "add FILE`; export with `patentnav policy export ID -o FILE`.",
    ),
    (
        "载入前检查全部内容（缺表缺列、重复编号、引用不存在的产业/地区/园区、非 GB/T 2260 代码、"
        "无法解析的比较关系或年份、目标缺少目标值或单位等），有任何问题则不载入，并逐条指出表、行、列与原因。",
        "Everything is checked before anything is loaded (missing sheets or columns, duplicate ids, names of "
        "industries, regions or zones neither in the workbook nor in the graph, codes that are not GB/T 2260, "
        "comparators or years that do not parse, targets without value or unit …); a workbook with a problem loads "
        "nothing, and each problem is one line: sheet, row, column, reason.",
    ),
]
_README_HEADER = (
    "表 sheet",
    "列 column",
    "中文列名",
    "必填 required",
    "类型 kind",
    "说明",
    "explanation",
    "示例 example",
)


def readme_rows() -> list[tuple[str, ...]]:
    """The README sheet's table: one row per sheet and per column."""
    rows: list[tuple[str, ...]] = []
    for spec in SHEETS.values():
        rows.append(
            (
                f"{spec.name} / {spec.zh}",
                "",
                "",
                "必填 required" if spec.required else "",
                "",
                spec.help_zh,
                spec.help_en,
                "",
            )
        )
        for column in spec.columns:
            required = column.required or (column.name == "label_zh" and spec.labelled)
            kind = KINDS[column.kind] + (f": {', '.join(column.choices)}" if column.choices else "")
            rows.append(
                (
                    spec.name,
                    column.name,
                    column.zh,
                    "是 yes" if required else "",
                    kind,
                    column.help_zh,
                    column.help_en,
                    column.example,
                )
            )
    return rows


def _example(spec: SheetSpec) -> Row:
    row = Row(2)
    for column in spec.columns:
        if column.example:
            row.values[column.name] = column.example
    key = row.values.get(spec.key, "")
    row.values[spec.key] = f"{EXAMPLE_MARK}{key}"
    if spec.name == "plan":
        row.values.pop("source", None)
    return row


def _cell_value(column: Column | None, value: str | tuple[str, ...], *, yaml: bool = False) -> object:
    """What goes into a cell: numbers as numbers when that keeps their digits (a spreadsheet makes 24.0 24,
    YAML does not), else text; lists as ``;``-separated text."""
    if isinstance(value, tuple):
        return "; ".join(value)
    if column is not None and column.kind == "bool" and value in ("true", "false"):
        return value == "true"
    if column is not None and column.kind in ("number", "year"):
        if value.lstrip("-").isdigit() and len(value.lstrip("-")) < 16 and not value.startswith(("0", "-0")):
            return int(value)
        try:
            number = float(value)
        except ValueError:
            return value
        if (yaml or not number.is_integer()) and repr(number) == value:
            return number
    return value


def _columns(spec: SheetSpec, rows: list[Row]) -> list[str]:
    notes: list[str] = []
    for row in rows:
        notes += [h for h in row.notes if h not in notes]
    return [*spec.names, *notes]


def _write_xlsx(workbook: Workbook, path: Path, *, examples: bool) -> None:
    import openpyxl
    from openpyxl.styles import Alignment, Font, PatternFill

    book = openpyxl.Workbook()
    book.remove(book.active)
    bold, grey = Font(bold=True), Font(italic=True, color="808080")
    fill = PatternFill("solid", fgColor="DDEBF7")
    for name, spec in SHEETS.items():
        rows = workbook.rows(name)
        sheet = book.create_sheet(name)
        headers = _columns(spec, rows)
        sheet.append(headers)
        for cell in sheet[1]:
            cell.font, cell.fill = bold, fill
        if examples:
            example = _example(spec)
            sheet.append([_cell_value(spec[h], example.values.get(h, "")) if h in spec.names else "" for h in headers])
            for cell in sheet[2]:
                cell.font = grey
        for row in rows:
            sheet.append(
                [
                    _cell_value(spec[h], row.values.get(h, "")) if h in spec.names else row.notes.get(h, "")
                    for h in headers
                ]
            )
        sheet.freeze_panes = "A2"
        for index, header in enumerate(headers, start=1):
            letter = sheet.cell(row=1, column=index).column_letter
            sheet.column_dimensions[letter].width = max(12, min(40, len(header) + 4))
    readme = book.create_sheet(README_TITLE, 0)
    for zh, en in _INTRO:
        readme.append([zh, en] if en else [zh])
    readme["A1"].font = Font(bold=True, size=14)
    readme.append([])
    readme.append(list(_README_HEADER))
    for cell in readme[readme.max_row]:
        cell.font, cell.fill = bold, fill
    for values in readme_rows():
        readme.append(list(values))
        if not values[1]:
            for cell in readme[readme.max_row]:
                cell.font = bold
    for letter, width in zip("ABCDEFGH", (18, 26, 16, 12, 24, 48, 60, 30), strict=True):
        readme.column_dimensions[letter].width = width
    for row in readme.iter_rows(min_row=1):
        for cell in row:
            cell.alignment = Alignment(wrap_text=True, vertical="top")
    book.active = 1  # open on the plan sheet
    book.save(path)


def _write_yaml(workbook: Workbook, path: Path, *, examples: bool, header: str = "") -> None:
    import yaml

    data: dict[str, object] = {}
    for name, spec in SHEETS.items():
        rows = workbook.rows(name)
        if examples:
            rows = [_example(spec), *rows]
        if not rows:
            continue
        items = []
        for row in rows:
            item: dict[str, object] = {}
            for column in _columns(spec, rows):
                if column in spec.names:
                    value = row.values.get(column)
                    if value not in (None, "", ()):
                        item[column] = _cell_value(spec[column], value, yaml=True)
                elif row.notes.get(column):
                    item[column] = row.notes[column]
            items.append(item)
        data[name] = items[0] if spec.single and len(items) == 1 and not examples else items
    text = yaml.safe_dump(data, allow_unicode=True, sort_keys=False, width=120, default_flow_style=False)
    path.write_text(header + text, encoding="utf-8")


def write_workbook(workbook: Workbook, path: Path | str, *, header: str = "") -> None:
    """Write ``workbook`` to ``path``: YAML for ``.yaml``/``.yml`` (``header`` = leading comment lines), else XLSX."""
    path = Path(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        _write_yaml(workbook, path, examples=False, header=header)
    else:
        _write_xlsx(workbook, path, examples=False)


def write_template(path: Path | str) -> None:
    """Write the empty policy workbook (XLSX, or YAML for ``.yaml``) with one example row per sheet."""
    path = Path(path)
    if path.suffix.lower() in YAML_SUFFIXES:
        lines = "".join(f"# {zh}\n# {en}\n" if en else f"# {zh}\n" for zh, en in _INTRO)
        _write_yaml(Workbook(), path, examples=True, header=lines + "\n")
    else:
        _write_xlsx(Workbook(), path, examples=True)
