"""Parsing one workbook cell by its column's kind: ids, numbers, years, dates, booleans, choices, URLs, IPC.

:func:`parse_cell` returns the parsed value and the reasons it is wrong (each one
:class:`~patentnav.graph.policy.model.InputProblem` for the checker); references (``ref``,
``refs``) are left to the checker, which resolves them against the workbook and the graph.
"""

from __future__ import annotations

import re
from collections.abc import Callable
from datetime import date
from decimal import Decimal, InvalidOperation
from typing import Any

import pyoxigraph as ox

from patentnav.graph.ingest.normalize import IPCCode, NormalizeError, parse_ipc
from patentnav.graph.policy.model import Column
from patentnav.ontology import PREFIXES

__all__ = ["ID", "NOT_AN_ID", "gbt2260_name", "parse_cell", "parse_date", "parse_number"]

_XSD = PREFIXES["xsd"]
#: A well-formed id (of a row or a reference).
ID = re.compile(r"^[A-Za-z0-9][A-Za-z0-9._~%-]{0,199}$")
_INTEGER = re.compile(r"^[+-]?\d+$")
_DECIMAL = re.compile(r"^[+-]?(\d+\.\d*|\.\d+)$")
_GROUPED = re.compile(r"^[+-]?\d{1,3}(,\d{3})+(\.\d+)?$")
_YEAR = re.compile(r"^(\d{4})(?:\.0)?\s*年?$")
_DATE = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*日?$")
_BOOLS = {
    "true": True,
    "yes": True,
    "y": True,
    "1": True,
    "是": True,
    "对": True,
    "真": True,
    "false": False,
    "no": False,
    "n": False,
    "0": False,
    "否": False,
    "假": False,
}
_CHOICE_ALIASES = {
    "≥": ">=",
    "≤": "<=",
    "＞": ">",
    "＜": "<",
    "＝": "=",
    "==": "=",
    "＞＝": ">=",
    "＜＝": "<=",
    "超过": ">",
    "大于": ">",
    "不低于": ">=",
    "达到": ">=",
    "低于": "<",
    "不超过": "<=",
    "等于": "=",
    "进入": "among",
    "规划": "planned",
    "规划中": "planned",
    "运行": "operating",
    "运行中": "operating",
    "运营": "operating",
    "运营中": "operating",
    "关闭": "closed",
    "已关闭": "closed",
}
#: Why a text is not an id.
NOT_AN_ID = "is not an id: use letters, digits, '.', '_', '~', '%' or '-'"


def gbt2260_name(code: str) -> str | None:
    """The GB/T 2260 name of a six-digit code (``cpca``'s table), ``None`` when it is not one.

    >>> gbt2260_name("430100"), gbt2260_name("430199")
    ('长沙市', None)
    """
    from patentnav.graph.ingest.options import region_name

    return region_name(code) if re.fullmatch(r"[1-9]\d{5}", code) else None


def parse_number(text: str) -> tuple[str, str] | None:
    """``(lexical form, XSD datatype)`` of a number cell, keeping its digits; ``None`` if it is none.

    >>> parse_number("24.0"), parse_number("100")[0], parse_number("56,285")[0], parse_number("70%")
    (('24.0', 'http://www.w3.org/2001/XMLSchema#decimal'), '100', '56285', None)
    """
    text = text.strip().replace("，", ",")
    if _GROUPED.match(text):
        text = text.replace(",", "")
    if _INTEGER.match(text):
        return text.lstrip("+"), _XSD + "integer"
    if _DECIMAL.match(text):
        return text.lstrip("+"), _XSD + "decimal"
    try:
        value = Decimal(text)
    except InvalidOperation:
        return None
    if not value.is_finite():
        return None
    plain = format(value, "f")
    return plain, _XSD + ("decimal" if "." in plain else "integer")


def parse_date(text: str) -> str | None:
    """An ISO date from ``2016-09-13``, ``2016/9/13`` or ``2016年9月13日``; ``None`` otherwise.

    >>> parse_date("2016年9月13日"), parse_date("2016-02-30")
    ('2016-09-13', None)
    """
    match = _DATE.match(text.strip())
    if not match:
        return None
    try:
        return date(*map(int, match.groups())).isoformat()
    except ValueError:
        return None


Parsed = tuple[Any, list[str]]


def _id(column: Column, value: Any) -> Parsed:
    if not ID.match(value):
        return None, [f"{value!r} {NOT_AN_ID}"]
    return value, []


def _number(column: Column, value: Any) -> Parsed:
    number = parse_number(value)
    return number, [] if number is not None else [f"{value!r} is not a number (write the unit in its own column)"]


def _year(column: Column, value: Any) -> Parsed:
    match = _YEAR.match(value.strip())
    if not match or not 1900 <= int(match[1]) <= 2100:
        return None, [f"year {value!r} does not parse: write four digits, such as 2025"]
    return match[1], []


def _date(column: Column, value: Any) -> Parsed:
    parsed = parse_date(value)
    return parsed, [] if parsed is not None else [
        f"date {value!r} does not parse: write YYYY-MM-DD, such as 2025-03-01"
    ]


def _bool(column: Column, value: Any) -> Parsed:
    flag = _BOOLS.get(value.strip().lower())
    return flag, [] if flag is not None else [f"{value!r} is not true or false (是/否)"]


def _choice(column: Column, value: Any) -> Parsed:
    text = value.strip()
    text = _CHOICE_ALIASES.get(text, text.lower() if text.lower() in column.choices else text)
    if text not in column.choices:
        what = "comparator" if column.name == "comparator" else column.name
        return None, [f"{what} {value!r} does not parse: use one of {', '.join(column.choices)}"]
    return text, []


def _url(column: Column, value: Any) -> Parsed:
    text = value.strip()
    try:
        ox.NamedNode(text)
        ok = re.match(r"^https?://\S+$", text) is not None
    except ValueError:
        ok = False
    if not ok:
        return None, [f"{value!r} is not a web address (http:// or https://…)"]
    return text, []


def _ipc(column: Column, value: Any) -> Parsed:
    codes: list[IPCCode] = []
    reasons = []
    for item in value:
        try:
            codes.append(parse_ipc(item))
        except NormalizeError:
            reasons.append(f"IPC code {item!r} does not parse: write a symbol such as B66C or E04G21/00")
    return tuple(dict.fromkeys(codes)), reasons


_PARSERS: dict[str, Callable[[Column, Any], Parsed]] = {
    "text": lambda column, value: (value, []),
    "texts": lambda column, value: (value, []),
    "id": _id,
    "number": _number,
    "year": _year,
    "date": _date,
    "bool": _bool,
    "choice": _choice,
    "url": _url,
    "ipc": _ipc,
}


def parse_cell(column: Column, value: Any) -> Parsed:
    """A non-empty cell of ``column`` parsed by its kind, and the reasons it does not parse (empty when it does).

    The value is ``None`` when the cell does not parse, except for IPC lists, which keep the codes that do.

    >>> from patentnav.graph.policy.model import Column
    >>> year = Column("year", "年份", "year", "", "")
    >>> parse_cell(year, "2025年"), parse_cell(year, "25")[1]
    (('2025', []), ["year '25' does not parse: write four digits, such as 2025"])
    """
    return _PARSERS[column.kind](column, value)
