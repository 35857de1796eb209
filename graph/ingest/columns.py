"""Match an export's headers to a format's fields, and say how each column was matched.

Every header goes through the same steps, and the :class:`ColumnMapping` records which one
decided it, so ``patentnav inspect`` and the ingest summary can show the whole mapping:

1. ``user`` — the user named it (``--map 'HEADER=field'``, ``--columns FILE``, or the
   form fields of ``POST /ingest``); ``field`` may be ``ignore``.
2. ``alias`` — the header is one of the field's spellings in the format's alias table,
   compared after NFKC (full/half width), without spaces and case (:func:`header_key`).
3. ``normalised`` — it is one once decorations are dropped as well: a leading ``[标]`` /
   ``[标准化]``, a trailing ``(中文)`` / ``(简体中文)`` / ``(原文)``, brackets and dashes
   (:func:`loose_key`).
4. ``known`` — a column the format is known to have but patentnav does not need (a serial
   number, a year derived from a date), ignored on purpose.
5. ``suggested`` — the closest field by containment or similarity; used only when it is
   clearly closer than any other field and no column already gives that field.
6. ``ignored`` — nothing close; reported, never silently dropped.

When two columns give one field, the user's choice wins, then the earlier alias of the
field's list; the other column is reported as a ``duplicate``. Two columns with the same
header, or a user map naming one field twice, are errors: the user must choose.

>>> spec = FieldAliases({"applicants": ("申请(专利权)人", "申请人"), "title": ("名称", "标题")})
>>> m = map_columns(spec, ["序号", "标题(中文)", "申请人名称"])
>>> [(c.header, c.field, c.how) for c in m.columns]
[('序号', None, 'ignored'), ('标题(中文)', 'title', 'normalised'), ('申请人名称', 'applicants', 'suggested')]
"""

from __future__ import annotations

import difflib
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from patentnav.graph.ingest.records import FileError

__all__ = [
    "IGNORE",
    "ColumnMapping",
    "ColumnMatch",
    "FieldAliases",
    "header_key",
    "header_similarity",
    "loose_key",
    "map_columns",
    "parse_column_map",
]

#: What a user map names to drop a column.
IGNORE = "ignore"
_RANK = {"user": 0, "alias": 1, "normalised": 2, "suggested": 3}
_PREFIX = re.compile(r"^(?:\[(?:标|标准化|標|std)\]|【(?:标|标准化)】)")
_SUFFIX = re.compile(r"\((?:中文|简体中文|简体|原文|英文|译|chinese|english|original)\)$")
_DECORATION = re.compile(r"[()\[\]【】<>《》\-_/:：、.·]")
#: A suggestion must reach this similarity and beat the next field by this margin.
SUGGEST_MIN, SUGGEST_MARGIN = 0.6, 0.1


@lru_cache(maxsize=4096)
def header_key(name: object) -> str:
    """A header as compared with the alias tables: NFKC, no BOM, no spaces, lower case.

    >>> header_key(" 公开（公告）号 "), header_key("Application  Number")
    ('公开(公告)号', 'applicationnumber')
    """
    text = unicodedata.normalize("NFKC", str(name or "")).replace("\ufeff", "")
    return "".join(text.split()).lower()


@lru_cache(maxsize=4096)
def loose_key(name: object) -> str:
    """:func:`header_key` without decorations: ``[标]`` prefixes, ``(中文)`` suffixes, brackets and dashes.

    >>> loose_key("[标]当前申请(专利权)人"), loose_key("标题 (中文)"), loose_key("Title - DWPI")
    ('当前申请专利权人', '标题', 'titledwpi')
    """
    key = header_key(name)
    key = _PREFIX.sub("", key)
    key = _SUFFIX.sub("", key)
    return _DECORATION.sub("", key)


@dataclass(frozen=True)
class FieldAliases:
    """A format's alias table: field -> header spellings (the first is the one shown to users).

    ``known`` lists headers the format is known to carry that patentnav does not need, with why.
    """

    aliases: Mapping[str, tuple[str, ...]]
    known: Mapping[str, str] = field(default_factory=dict)

    def fields(self) -> list[str]:
        """The field names, in table order."""
        return list(self.aliases)


@dataclass(frozen=True)
class ColumnMatch:
    """How one column was matched: its field (``None`` when not used) and which step decided."""

    index: int
    header: str
    field: str | None
    how: str
    note: str = ""


@dataclass
class ColumnMapping:
    """The whole mapping of a header row: one :class:`ColumnMatch` per column."""

    columns: list[ColumnMatch]

    @property
    def fields(self) -> dict[str, int]:
        """Field -> column index, for the columns in use."""
        return {c.field: c.index for c in self.columns if c.field is not None}

    def unused(self) -> list[ColumnMatch]:
        """Columns not used: ignored, known-unneeded, duplicates."""
        return [c for c in self.columns if c.field is None]

    def counted(self, how: str) -> int:
        """How many columns were decided by step ``how``."""
        return sum(1 for c in self.columns if c.how == how)


_INDEXES: dict[int, tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]], dict[str, str]]] = {}
_SUGGESTIONS: dict[tuple[int, str], tuple[str | None, str]] = {}


def _index(spec: FieldAliases) -> tuple[dict[str, tuple[str, int]], dict[str, tuple[str, int]], dict[str, str]]:
    """Exact and loose alias keys -> (field, position in its list), and known header keys -> reason (cached)."""
    cached = _INDEXES.get(id(spec.aliases))
    if cached is None:
        exact: dict[str, tuple[str, int]] = {}
        loose: dict[str, tuple[str, int]] = {}
        for fname, options in spec.aliases.items():
            for position, option in enumerate(options):
                exact.setdefault(header_key(option), (fname, position))
                loose.setdefault(loose_key(option), (fname, position))
        known = {header_key(k): reason for k, reason in spec.known.items()}
        known.update({loose_key(k): reason for k, reason in spec.known.items()})
        # Format tables are module constants: keyed by identity, they live as long as the process.
        cached = _INDEXES[id(spec.aliases)] = (exact, loose, known)
    return cached


def header_similarity(a: str, b: str) -> float:
    """How close two loose header keys are (0 to 1): containment (one holds the other whole) counts more than
    a fuzzy match of scattered characters (``发明人姓名`` is 发明人, not 发明名称).

    >>> round(header_similarity(loose_key("专利标题"), loose_key("标题")), 2), header_similarity("ab", "cd")
    (0.75, 0.0)
    """
    if len(a) < 2 or len(b) < 2:
        return 0.0
    if a in b or b in a:
        return 0.5 + 0.5 * min(len(a), len(b)) / max(len(a), len(b))
    return 0.85 * difflib.SequenceMatcher(None, a, b).ratio()


def _suggest(spec: FieldAliases, key: str) -> tuple[str | None, str]:
    """The clearly closest field for a loose header key, with a note; ``None`` when no field is clear."""
    cache_key = (id(spec.aliases), key)
    if cache_key not in _SUGGESTIONS:
        _SUGGESTIONS[cache_key] = _closest(spec, key)
    return _SUGGESTIONS[cache_key]


def _closest(spec: FieldAliases, key: str) -> tuple[str | None, str]:
    best: dict[str, tuple[float, str]] = {}
    for fname, options in spec.aliases.items():
        for option in options:
            score = header_similarity(key, loose_key(option))
            if score > best.get(fname, (0.0, ""))[0]:
                best[fname] = (score, option)
    ranked = sorted(best.items(), key=lambda item: -item[1][0])
    if not ranked or ranked[0][1][0] < SUGGEST_MIN:
        return None, ""
    (top, (score, option)), runner = ranked[0], ranked[1] if len(ranked) > 1 else (None, (0.0, ""))
    if score - runner[1][0] < SUGGEST_MARGIN:
        return None, f"as close to {top} ({option!r}) as to {runner[0]} ({runner[1][1]!r}): say which with --map"
    return top, f"closest to {option!r} ({score:.2f})"


def map_columns(
    spec: FieldAliases,
    headers: list[str],
    user: Mapping[str, str] | None = None,
    *,
    strict: bool = True,
    suggest: bool = True,
) -> ColumnMapping:
    """Map ``headers`` to the fields of ``spec`` (see the module docstring for the steps).

    ``user`` maps headers (compared by :func:`header_key`) to field names or ``ignore``.
    Raises :class:`~patentnav.graph.ingest.records.FileError` for a user map naming a header
    the file lacks or a field the format lacks, for one field named twice by the user, and
    (``strict``) for two columns with the same header. ``suggest=False`` skips the similarity
    step (cheap: for telling a header row from data rows).
    """
    user_by_key = _check_user_map(spec, headers, user or {})
    exact, loose, known = _index(spec)
    seen: dict[str, int] = {}
    picks: list[tuple[int, str, str | None, str, str, int]] = []  # index, header, field, how, note, alias position
    for index, header in enumerate(headers):
        key = header_key(header)
        if not key:
            picks.append((index, header, None, "ignored", "empty header", 0))
            continue
        if key in seen and key not in user_by_key:
            if not strict:
                picks.append((index, header, None, "duplicate", f"the same header as column {seen[key] + 1}", 0))
                continue
            raise FileError(
                f"two columns are named {header!r} (columns {seen[key] + 1} and {index + 1}): say which to use "
                f"with --map, e.g. --map '{header}={IGNORE}' drops one"
            )
        seen[key] = index
        if key in user_by_key:
            target = user_by_key[key]
            fname = None if target == IGNORE else target
            picks.append((index, header, fname, "user", "dropped by --map" if fname is None else "", 0))
        elif key in exact:
            picks.append((index, header, exact[key][0], "alias", "", exact[key][1]))
        elif loose_key(header) in loose:
            fname, position = loose[loose_key(header)]
            picks.append((index, header, fname, "normalised", f"read as {spec.aliases[fname][position]!r}", position))
        elif key in known or loose_key(header) in known:
            picks.append((index, header, None, "known", known.get(key) or known[loose_key(header)], 0))
        else:
            picks.append((index, header, None, "pending", "", 0))
    claimed: dict[str, tuple[int, int, int]] = {}  # field -> (rank, alias position, index)
    for index, _, fname, how, _, position in picks:
        if fname is not None and how in _RANK:
            rank = (_RANK[how], position, index)
            if fname not in claimed or rank < claimed[fname]:
                claimed[fname] = rank
    columns = []
    for index, header, fname, how, note, _ in picks:
        if how == "pending":
            suggestion, note = _suggest(spec, loose_key(header)) if suggest else (None, "")
            if suggestion is not None and suggestion not in claimed:
                claimed[suggestion] = (_RANK["suggested"], 0, index)
                columns.append(ColumnMatch(index, header, suggestion, "suggested", note))
            else:
                if suggestion is not None:
                    note = f"{note}; {suggestion} is already read from column {claimed[suggestion][2] + 1}"
                columns.append(ColumnMatch(index, header, None, "ignored", note))
            continue
        if fname is not None and claimed[fname][2] != index:
            other = headers[claimed[fname][2]]
            columns.append(ColumnMatch(index, header, None, "duplicate", f"{fname} is read from {other!r}"))
            continue
        columns.append(ColumnMatch(index, header, fname, how, note))
    return ColumnMapping(columns)


def _check_user_map(spec: FieldAliases, headers: list[str], user: Mapping[str, str]) -> dict[str, str]:
    keys = {header_key(h): h for h in headers}
    out: dict[str, str] = {}
    named: dict[str, str] = {}
    for header, target in user.items():
        key = header_key(header)
        if key not in keys:
            raise FileError(
                f"--map names the header {header!r}, which the file does not have; its headers: "
                + ", ".join(headers)[:300]
            )
        target = target.strip()
        if target != IGNORE and target not in spec.aliases:
            raise FileError(
                f"--map {header}={target}: unknown field {target!r}; fields: {', '.join(spec.fields())} or {IGNORE}"
            )
        if target != IGNORE and target in named:
            raise FileError(f"--map gives the field {target!r} two columns: {named[target]!r} and {header!r}")
        named[target] = header
        out[key] = target
    return out


def parse_column_map(pairs: list[str]) -> dict[str, str]:
    """``['HEADER=field', …]`` (the ``--map`` options) as a dict; a pair without ``=`` is an error.

    >>> parse_column_map(["申请人名称=applicants", " 序号 = ignore"])
    {'申请人名称': 'applicants', '序号': 'ignore'}
    """
    out: dict[str, str] = {}
    for pair in pairs:
        header, sep, target = pair.rpartition("=")
        if not sep or not header.strip() or not target.strip():
            raise FileError(f"--map {pair!r}: write HEADER=field (or HEADER={IGNORE})")
        out[header.strip()] = target.strip()
    return out
