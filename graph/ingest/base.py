"""What every export format shares: a declarative header alias table and row mapping.

A format is described, not programmed: :class:`ColumnSpec` lists, per field, the
header names the tools use; detection and column lookup both read that one table.

>>> spec = ColumnSpec("demo", {"number": ("申请号", "application number")}, required=("number",))
>>> spec.resolve(["Application Number", "x"])
{'number': 0}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterator
from dataclasses import dataclass, field

from patentnav.graph.ingest.records import FileError, PatentRecord, RowError
from patentnav.graph.ingest.tabular import Table, normalize_header
from patentnav.graph.normalize import (
    IPCCode,
    NormalizeError,
    parse_ipc,
    split_multi,
)

__all__ = ["ColumnSpec", "ReadContext", "Row", "mapped_rows", "parse_ipc_list", "read_records"]


@dataclass(frozen=True)
class ColumnSpec:
    """A format's columns: field -> header names (any of them), required fields, signature.

    ``signature`` fields must all be present for the format to be detected; ``required``
    fields must be present for the file to be read at all.
    """

    name: str
    aliases: dict[str, tuple[str, ...]]
    required: tuple[str, ...] = ()
    signature: tuple[str, ...] = ()

    def resolve(self, headers: list[str]) -> dict[str, int]:
        """Map each field to the index of the first header that names it."""
        names = [normalize_header(h) for h in headers]
        found: dict[str, int] = {}
        for fname, options in self.aliases.items():
            for option in options:
                key = normalize_header(option)
                if key in names:
                    found[fname] = names.index(key)
                    break
        return found

    def matches(self, headers: list[str]) -> bool:
        """Whether a header row is this format's (all signature fields present)."""
        found = self.resolve(headers)
        return all(f in found for f in self.signature or self.required)

    def expected(self) -> str:
        """The headers a user should see, for error messages."""
        return ", ".join(self.aliases[f][0] for f in self.signature or self.required)

    def check_required(self, headers: list[str]) -> dict[str, int]:
        """Resolve the columns; raise :class:`FileError` naming any missing required column."""
        found = self.resolve(headers)
        missing = [f for f in self.required if f not in found]
        if missing:
            names = "; ".join(" or ".join(self.aliases[f][:3]) for f in missing)
            raise FileError(
                f"missing required column(s) for {self.name}: {names}; headers seen: {', '.join(headers)[:300]}"
            )
        return found


@dataclass
class ReadContext:
    """What readers need besides the file: the applicant alias table."""

    aliases: dict[str, str] = field(default_factory=dict)


class Row(dict):
    """One data row, read by field name: ``row["number"]`` is the stripped cell or ``""``.

    A dict of every mapped field, built once per row, so the many lookups a reader
    makes cost no Python call each.

    >>> row = Row(2, [" CN1 ", "x"], {"number": 0, "title": 5})
    >>> row["number"], row["title"], row["other"]
    ('CN1', '', '')
    """

    __slots__ = ("line",)

    def __init__(self, line: int | str, cells: list[str], columns: dict[str, int]) -> None:
        n = len(cells)
        super().__init__((f, str(cells[i]).strip() if i < n else "") for f, i in columns.items())
        self.line = line

    def __missing__(self, fname: str) -> str:
        return ""


def mapped_rows(table: Table, spec: ColumnSpec) -> Iterator[tuple[int | str, Row | RowError]]:
    """Rows of ``table`` as :class:`Row` objects, or a :class:`RowError` for a malformed row.

    A row with fewer cells than the header is an error; when it is the last row and the
    file does not end with a newline, the file was cut off and :class:`FileError` is raised.
    """
    columns = spec.check_required(table.headers)
    width = len(table.headers)
    pending: tuple[int | str, list[str]] | None = None
    for line, cells in table.rows():
        if pending is not None:
            yield _row_or_error(*pending, width, columns)
        pending = (line, cells)
    if pending is not None:
        line, cells = pending
        if len(cells) < width and not table.ends_cleanly:
            raise FileError(
                f"line {line}: the file ends in the middle of a row ({len(cells)} of {width} columns): "
                "it looks truncated; export it again"
            )
        yield _row_or_error(line, cells, width, columns)


def read_records(
    table: Table, spec: ColumnSpec, make: Callable[[Row], PatentRecord]
) -> Iterator[PatentRecord | RowError]:
    """Yield ``make(row)`` for every data row, or a :class:`RowError` carrying its line.

    A malformed row, or one whose values ``make`` rejects (``RowError``, ``NormalizeError``),
    becomes an error with its line number; it is reported, never silently dropped.
    """
    for line, row in mapped_rows(table, spec):
        if isinstance(row, RowError):
            row.line = line
            yield row
            continue
        try:
            yield make(row)
        except (RowError, NormalizeError) as exc:
            yield RowError(str(exc), line)


def _row_or_error(line: int | str, cells: list[str], width: int, columns: dict[str, int]):
    needed = max(columns.values()) + 1 if columns else 0
    if len(cells) < min(width, needed):
        return line, RowError(f"row has {len(cells)} columns, the header has {width}")
    return line, Row(line, cells, columns)


def parse_ipc_list(value: str, split: Callable[[str], list[str]] = split_multi) -> list[IPCCode]:
    """Parse every IPC symbol of a cell; a malformed one makes the row an error.

    >>> [c.symbol for c in parse_ipc_list("B66C23/64;B66C13/18")]
    ['B66C23/64', 'B66C13/18']
    """
    codes = []
    for part in split(value):
        try:
            codes.append(parse_ipc(part))
        except NormalizeError as exc:
            raise RowError(str(exc)) from None
    return list(dict.fromkeys(codes))


_SEMI = re.compile(r"\s*;;\s*")


def split_lens(value: str) -> list[str]:
    """Split a Lens.org multi-valued cell (``;;``)."""
    return [p for p in (s.strip() for s in _SEMI.split(value or "")) if p]
