"""What every export format shares: a declarative header alias table and row mapping.

A format is described, not programmed: :class:`ColumnSpec` lists, per field, the
header names the tools use; detection, column lookup, ``inspect`` and the user's
``--map`` all read that one table through :mod:`patentnav.graph.ingest.columns`.

>>> spec = ColumnSpec("demo", {"number": ("申请号", "application number")}, required=("number",))
>>> spec.resolve(["Application Number", "x"])
{'number': 0}
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Any

from patentnav.graph.ingest.columns import (
    ColumnMapping,
    FieldAliases,
    header_key,
    header_similarity,
    loose_key,
    map_columns,
)
from patentnav.graph.ingest.normalize import (
    IPCCode,
    NormalizeError,
    parse_ipc,
    split_multi,
)
from patentnav.graph.ingest.records import FileError, Notice, PatentRecord, RowError
from patentnav.graph.ingest.tabular import Table

__all__ = [
    "EMPTY_MARKS",
    "ColumnSpec",
    "ReadContext",
    "Row",
    "entry_fields",
    "mapped_rows",
    "noted_ipc_codes",
    "parse_ipc_list",
    "read_records",
]


#: How close a header must be to a field's alias for an error to offer it as the ``--map`` to pass.
HINT_MIN = 0.5


@dataclass(frozen=True)
class ColumnSpec:
    """A format's columns: field -> header names (any of them), required fields, signature.

    ``signature`` fields must all be present for the format to be detected; ``required``
    fields must be present for the file to be read at all. ``known`` lists headers the
    format carries that patentnav does not need, with the reason (shown by ``inspect``).
    """

    name: str
    aliases: dict[str, tuple[str, ...]]
    required: tuple[str, ...] = ()
    #: Fields that tell the format; an entry may be a tuple of alternatives (any one will do).
    signature: tuple[str | tuple[str, ...], ...] = ()
    known: dict[str, str] = field(default_factory=dict)

    @property
    def table(self) -> FieldAliases:
        """The alias table as :mod:`~patentnav.graph.ingest.columns` reads it."""
        return FieldAliases(self.aliases, self.known)

    def mapping(
        self, headers: list[str], user: Mapping[str, str] | None = None, *, strict: bool = True, suggest: bool = True
    ) -> ColumnMapping:
        """How each header maps to a field (see :func:`~patentnav.graph.ingest.columns.map_columns`)."""
        return map_columns(self.table, headers, user, strict=strict, suggest=suggest)

    def resolve(self, headers: list[str], *, suggest: bool = True) -> dict[str, int]:
        """Map each field to the index of the column that gives it (never raises: for detection)."""
        try:
            return self.mapping(headers, strict=False, suggest=suggest).fields
        except FileError:
            return {}

    def matches(self, headers: list[str], user: Mapping[str, str] | None = None) -> bool:
        """Whether a header row is this format's (all signature fields present).

        Similarity suggestions are tried only for a row where some column is an alias already,
        so data rows are told from header rows cheaply.
        """
        try:
            found = self.mapping(headers, user, strict=False, suggest=False).fields
            if not self.missing_signature(found):
                return True
            if not found:
                return False
            found = self.mapping(headers, user, strict=False).fields
        except FileError:
            return False
        return not self.missing_signature(found)

    def missing_signature(self, found: Mapping[str, int]) -> list[str]:
        """The signature fields (the first of each set of alternatives) that ``found`` lacks."""
        wanted = self.signature or self.required
        return [_first(entry) for entry in wanted if not any(f in found for f in entry_fields(entry))]

    def expected(self) -> str:
        """The headers a user should see, for error messages."""
        return ", ".join(self.aliases[_first(f)][0] for f in self.signature or self.required)

    def closest_headers(self, headers: list[str], fields: list[str]) -> dict[str, tuple[str, float]]:
        """For each field, the header of the row closest to one of its aliases and how close (at least
        :data:`HINT_MIN`); each header is offered for one field only, the closest pair first.

        >>> spec = ColumnSpec("demo", {"number": ("申请号",), "title": ("标题", "名称")})
        >>> spec.closest_headers(["专利标题", "申请号码", "备注"], ["number", "title"])
        {'number': ('申请号码', 0.875), 'title': ('专利标题', 0.75)}
        """
        pairs = sorted(  # the closest pair first; on a tie, the earlier field, then the earlier header
            (
                (max(header_similarity(loose_key(h), loose_key(o)) for o in self.aliases[f]), -j, -i, f, h)
                for j, f in enumerate(fields)
                for i, h in enumerate(headers)
                if str(h).strip()
            ),
            reverse=True,
        )
        chosen: dict[str, tuple[str, float]] = {}
        used: set[str] = set()
        for score, _, _, fname, header in pairs:
            if score >= HINT_MIN and fname not in chosen and header not in used:
                chosen[fname] = (header, round(score, 3))
                used.add(header)
        return {f: chosen[f] for f in fields if f in chosen}

    def missing_hint(self, headers: list[str], fields: list[str]) -> str:
        """For fields no column gives: the closest header of the row and the ``--map`` that would use it."""
        closest = self.closest_headers(headers, fields)
        hints = []
        for fname in fields:
            shown = self.aliases[fname][0]
            if fname in closest:
                header = closest[fname][0]
                hints.append(f"{shown} ({fname}): closest header {header!r}, pass --map '{header}={fname}'")
            else:
                hints.append(f"{shown} ({fname}): no header is close")
        return "; ".join(hints)

    def check_required(self, headers: list[str], user: Mapping[str, str] | None = None) -> ColumnMapping:
        """The mapping; raise :class:`FileError` naming any missing required column and how to map it."""
        mapping = self.mapping(headers, user)
        missing = [f for f in self.required if f not in mapping.fields]
        if missing:
            raise FileError(
                f"missing required column(s) for {self.name}: {self.missing_hint(headers, missing)}; "
                f"headers seen: {' '.join(', '.join(headers).split())[:300]}"
            )
        return mapping


def entry_fields(entry: str | tuple[str, ...]) -> tuple[str, ...]:
    """The fields of a signature entry: one, or a set of alternatives.

    >>> entry_fields("title"), entry_fields(("applicants", "current_holders"))
    (('title',), ('applicants', 'current_holders'))
    """
    return (entry,) if isinstance(entry, str) else entry


def _first(entry: str | tuple[str, ...]) -> str:
    return entry_fields(entry)[0]


@dataclass
class ReadContext:
    """What readers need besides the file: the applicant alias table, the user's column map, what was seen.

    ``mapping`` is the header mapping the loader settled on (so ``inspect`` and the reader agree);
    ``repeated_headers`` counts header rows met again below the header (skipped); ``layout`` is the
    tool the headers say made the file (``patsnap``, ``incopat`` …), and ``vendor`` its name for
    attributing vendor classifications and scores.
    """

    aliases: dict[str, str] = field(default_factory=dict)
    column_map: dict[str, str] = field(default_factory=dict)
    mapping: ColumnMapping | None = None
    repeated_headers: int = 0
    layout: str = "generic"
    vendor: str | None = None
    #: A reader's cache of name cells already split and cleaned (cell -> names), bounded by the reader.
    name_cells: dict[str, tuple[tuple[str, str], ...]] = field(default_factory=dict, repr=False)
    #: A reader's cache of whole party descriptions already read (the cells they come from -> what they gave).
    party_cells: dict[tuple[Any, ...], Any] = field(default_factory=dict, repr=False)


#: Whole cells that say "nothing here": PatSnap writes ``-`` in every empty cell, other tools and spreadsheets
#: ``--``, ``—``, ``/``, ``N/A`` or ``#N/A``, and a table passed through pandas ``astype(str)`` ``nan`` or ``None``.
#: Read as empty, so no agency, party, IPC code or credit code is made of them.
EMPTY_MARKS = frozenset(
    {"-", "--", "---", "—", "——", "–", "/", "N/A", "n/a", "#N/A", "null", "NULL", "None", "nan", "NaN"}
)


#: A cell a spreadsheet was told to keep as text: ``="201510123456.7"`` (a formula some exporters write so that
#: Excel keeps the digits) or ``'201510123456.7`` (Excel's text prefix, kept by some exports).
_AS_TEXT = re.compile(r'^="(.*)"$|^\'(?=[0-9A-Z])(.*)$', re.DOTALL)


def _unescaped(cell: str) -> str:
    """The text of a cell written as ``="…"`` or ``'…`` (see :data:`_AS_TEXT`); any other cell unchanged.

    >>> _unescaped('="CN201510123456.7"'), _unescaped("'0731-8888"), _unescaped("'s-Hertogenbosch")
    ('CN201510123456.7', '0731-8888', "'s-Hertogenbosch")
    """
    match = _AS_TEXT.match(cell)
    if match is None:
        return cell
    return (match.group(1) if match.group(1) is not None else match.group(2)).strip()


class Row(dict):
    """One data row, read by field name: ``row["number"]`` is the stripped cell or ``""``.

    A dict of every mapped field, built once per row, so the many lookups a reader
    makes cost no Python call each. A cell that only says it is empty (:data:`EMPTY_MARKS`,
    such as PatSnap's ``-``) reads as ``""``, one written to stay text in a spreadsheet (``="…"``,
    ``'…``) as its text. ``notices`` has a :class:`Notice` for each mapped
    cell the table cleaned of control characters (named by its header when ``headers``
    is given, else by the field).

    >>> row = Row(2, [" CN1 ", "x", "-"], {"number": 0, "title": 5, "agency": 2})
    >>> row["number"], row["title"], row["agency"], row["other"], row.notices
    ('CN1', '', '', '', [])
    """

    __slots__ = ("line", "notices")

    def __init__(
        self, line: int | str, cells: list[str], columns: dict[str, int], headers: list[str] | None = None
    ) -> None:
        n = len(cells)
        if columns and n > max(columns.values()):  # the usual row: every mapped cell is there
            try:  # and text: stripped without a Python call per cell
                super().__init__(zip(columns, map(str.strip, map(cells.__getitem__, columns.values())), strict=True))
            except TypeError:  # a cell that is not text
                super().__init__((f, str(cells[i]).strip()) for f, i in columns.items())
        else:
            super().__init__((f, str(cells[i]).strip() if i < n else "") for f, i in columns.items())
        if not EMPTY_MARKS.isdisjoint(self.values()):  # one set operation for the usual row, which has none
            for f in [f for f, v in self.items() if v in EMPTY_MARKS]:
                self[f] = ""
        starts = "\x00" + "\x00".join(self.values())  # every cell's start after a NUL: two C-level searches
        if '\x00="' in starts or "\x00'" in starts:
            for f, v in list(self.items()):
                self[f] = _unescaped(v)
        self.line = line
        self.notices: list[Notice] = []
        cleaned = getattr(cells, "cleaned", None)  # set by the table on CleanedCells rows only
        if cleaned:
            fields = {i: f for f, i in columns.items()}
            for i, what in cleaned:
                if i in fields:  # unmapped columns are never stored: nothing to report
                    name = headers[i] if headers and i < len(headers) else fields[i]
                    self.notices.append(Notice(line, name, what))

    def __missing__(self, fname: str) -> str:
        return ""


def mapped_rows(
    table: Table, spec: ColumnSpec, ctx: ReadContext | None = None
) -> Iterator[tuple[int | str, Row | RowError]]:
    """Rows of ``table`` as :class:`Row` objects, or a :class:`RowError` for a malformed row.

    A row with fewer cells than the header is an error; when it is the last row and the
    file does not end with a newline, the file was cut off and :class:`FileError` is raised.
    A row that repeats the header (some exports repeat it on every page) is skipped and
    counted in ``ctx.repeated_headers``.
    """
    ctx = ctx or ReadContext()
    mapping = ctx.mapping or spec.check_required(table.headers, ctx.column_map)
    columns = mapping.fields
    width = len(table.headers)
    header_keys = [header_key(h) for h in table.headers]
    # A repeated header is told by its first named column first: one comparison for a data row, not one per cell.
    probe = next((i for i, k in enumerate(header_keys) if k), 0)
    probe_text = table.headers[probe] if table.headers else ""
    pending: tuple[int | str, list[str]] | None = None
    for line, cells in table.rows():
        if (
            len(cells) >= width
            and (not width or cells[probe] == probe_text or header_key(cells[probe]) == header_keys[probe])
            and [header_key(c) for c in cells[:width]] == header_keys
        ):
            ctx.repeated_headers += 1
            continue
        if pending is not None:
            yield _row_or_error(*pending, width, columns, table.headers)
        pending = (line, cells)
    if pending is not None:
        line, cells = pending
        if len(cells) < width and not table.ends_cleanly:
            raise FileError(
                f"line {line}: the file ends in the middle of a row ({len(cells)} of {width} columns): "
                "it looks truncated; export it again"
            )
        yield _row_or_error(line, cells, width, columns, table.headers)


def read_records(
    table: Table, spec: ColumnSpec, make: Callable[[Row], PatentRecord], ctx: ReadContext | None = None
) -> Iterator[PatentRecord | RowError]:
    """Yield ``make(row)`` for every data row, or a :class:`RowError` carrying its line.

    A malformed row, or one whose values ``make`` rejects (``RowError``, ``NormalizeError``),
    becomes an error with its line number; it is reported, never silently dropped. A record
    whose cells the table cleaned of control characters carries a :class:`Notice` per cell.
    """
    for line, row in mapped_rows(table, spec, ctx):
        if isinstance(row, RowError):
            row.line = line
            yield row
            continue
        try:
            record = make(row)
        except (RowError, NormalizeError) as exc:
            yield RowError(str(exc), line)
            continue
        if row.notices:
            record.notices.extend(row.notices)
        yield record


def _row_or_error(
    line: int | str, cells: list[str], width: int, columns: dict[str, int], headers: list[str] | None = None
):
    needed = max(columns.values()) + 1 if columns else 0
    if len(cells) < min(width, needed):
        return line, RowError(f"row has {len(cells)} columns, the header has {width}")
    return line, Row(line, cells, columns, headers)


def parse_ipc_list(value: str, split: Callable[[str], list[str]] = split_multi) -> list[IPCCode]:
    """Parse every IPC symbol of a cell; a malformed one makes the row an error.

    >>> [c.symbol for c in parse_ipc_list("B66C23/64;B66C13/18")]
    ['B66C23/64', 'B66C13/18']
    """
    return list(_ipc_codes(value, split)) if value else []


@lru_cache(maxsize=1024)  # a file's IPC cells repeat: each of the recent spellings is split and parsed once
def _ipc_codes(value: str, split: Callable[[str], list[str]]) -> tuple[IPCCode, ...]:
    codes = []
    for part in split(value):
        try:
            codes.append(parse_ipc(part))
        except NormalizeError as exc:
            raise RowError(str(exc)) from None
    return tuple(dict.fromkeys(codes))


def noted_ipc_codes(parts: Iterable[str], line: int | str, fname: str, notices: list[Notice]) -> list[IPCCode]:
    """Parse the IPC or CPC symbols ``parts`` of a cell leniently: a malformed one is a notice on ``line`` for
    ``fname`` and is left out (the row still loads); repeats count once.

    >>> notices = []
    >>> [c.symbol for c in noted_ipc_codes(["B66C23/64", "nonsense", "B66C23/64"], 7, "ipc", notices)]
    ['B66C23/64']
    >>> [(n.line, n.field) for n in notices]
    [(7, 'ipc')]
    """
    codes: list[IPCCode] = []
    for part in parts:
        try:
            code = parse_ipc(part)
        except NormalizeError as exc:
            notices.append(Notice(line, fname, f"{exc}: left out"))
            continue
        if code not in codes:
            codes.append(code)
    return codes


_SEMI = re.compile(r"\s*;;\s*")


def split_lens(value: str) -> list[str]:
    """Split a Lens.org multi-valued cell (``;;``)."""
    return [p for p in (s.strip() for s in _SEMI.split(value or "")) if p]
