"""The export formats patentnav reads, and detection of a file's format from its header.

>>> sorted(FORMATS)
['cnipa', 'derwent', 'espacenet', 'google', 'lens', 'patentsview']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path

from patentnav.graph.ingest import cnipa, derwent, espacenet, google, lens, patentsview
from patentnav.graph.ingest.base import ColumnSpec, ReadContext, entry_fields
from patentnav.graph.ingest.columns import ColumnMapping, ColumnMatch, header_key
from patentnav.graph.ingest.records import FileError, PatentRecord, RowError
from patentnav.graph.ingest.tabular import Table, XlsxLimits, open_table

__all__ = ["FORMATS", "Detection", "ExportFormat", "detect_export", "export_path", "open_export"]


@dataclass(frozen=True)
class ExportFormat:
    """A format: its column table, its reader, and the version written to the graph."""

    name: str
    spec: ColumnSpec
    read: Callable[[Table, ReadContext], Iterator[PatentRecord | RowError]]
    version: str
    delimiter: str | None = None
    #: The fields this reader leaves unread in a file with these headers, each with why (a column the alias table
    #: matches but whose meaning depends on who made the file); :func:`detect_export` reports them as ``known``.
    unread: Callable[[list[str]], Mapping[str, str]] | None = None


FORMATS: dict[str, ExportFormat] = {
    "cnipa": ExportFormat("cnipa", cnipa.SPEC, cnipa.read, "1", unread=cnipa.unread_fields),
    "derwent": ExportFormat("derwent", derwent.SPEC, derwent.read, "1", delimiter=","),
    "espacenet": ExportFormat("espacenet", espacenet.SPEC, espacenet.read, "1"),
    "google": ExportFormat("google", google.SPEC, google.read, "1", delimiter=","),
    "lens": ExportFormat("lens", lens.SPEC, lens.read, "1", delimiter=","),
    "patentsview": ExportFormat("patentsview", patentsview.SPEC, patentsview.read, "1", delimiter="\t"),
}


def _expected(candidates: list[ExportFormat]) -> str:
    return "; ".join(f"{f.name}: {f.spec.expected()}" for f in candidates)


def export_path(path: Path | str) -> Path:
    """The file to read for ``path``: itself, or ``g_patent.tsv`` in a PatentsView folder.

    Raises :class:`FileError` for a folder without ``g_patent.tsv`` (and for a path
    that does not exist).

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> _ = (folder / "g_patent.tsv").write_text("patent_id\\n")
    >>> export_path(folder).name
    'g_patent.tsv'
    >>> export_path(folder.parent)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    patentnav.graph.ingest.records.FileError: is a folder without g_patent.tsv: expected an export file, ...
    """
    path = Path(path)
    if path.is_dir():
        main = path / "g_patent.tsv"
        if main.is_file():
            return main
        raise FileError(
            "is a folder without g_patent.tsv: expected an export file, or a PatentsView folder holding g_patent.tsv"
        )
    if not path.is_file():
        raise FileError("no such file")
    return path


@dataclass
class Detection:
    """What :func:`open_export` decided and why: the format, its header mapping, the reason in words."""

    format: ExportFormat
    mapping: ColumnMapping
    reason: str


def _score(mapping: ColumnMapping) -> tuple[int, int]:
    return (mapping.counted("alias") + mapping.counted("user"), mapping.counted("normalised"))


def open_export(
    path: Path, fmt: str = "auto", column_map: Mapping[str, str] | None = None, *, xlsx_limits: XlsxLimits | None = None
) -> tuple[ExportFormat, Table]:
    """Open ``path`` and tell its format from the header row (never from the file name).

    ``fmt`` forces a format; the header must still be that format's. Raises
    :class:`FileError` naming the fields missing, the closest headers seen and the
    ``--map`` that would use them.
    """
    detection, table = detect_export(path, fmt, column_map, xlsx_limits=xlsx_limits)
    return detection.format, table


def detect_export(
    path: Path, fmt: str = "auto", column_map: Mapping[str, str] | None = None, *, xlsx_limits: XlsxLimits | None = None
) -> tuple[Detection, Table]:
    """:func:`open_export` with the header mapping and the reason for the format chosen.

    ``xlsx_limits`` bounds what a workbook may unpack to (default :class:`~patentnav.graph.ingest.tabular.XlsxLimits`).
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise FileError(f"unknown format {fmt!r}: use auto, {', '.join(FORMATS)}")
    candidates = list(FORMATS.values()) if fmt == "auto" else [FORMATS[fmt]]
    user = dict(column_map or {})
    nearest: list[tuple[int, list[str]]] = []  # the row that came closest to a header, for the error

    def is_header(names: list[str]) -> bool:
        hits = 0
        for f in candidates:
            if f.spec.matches(names, _applicable(user, names)):
                return True
            found = f.spec.resolve(names, suggest=False) if names else {}
            wanted = f.spec.signature or f.spec.required
            hits = max(hits, len(wanted) - len(f.spec.missing_signature(found)))
        if any(names) and (not nearest or hits > nearest[0][0]):
            nearest[:] = [(hits, names)]
        return False

    try:
        table = open_table(path, is_header, xlsx_limits=xlsx_limits)
    except FileError as exc:
        if str(exc).startswith("unknown format") and nearest:
            raise FileError(_unrecognised(candidates, nearest[0][1])) from None
        raise
    options = []
    for f in candidates:
        if f.spec.matches(table.headers, _applicable(user, table.headers)):
            options.append((f, f.spec.mapping(table.headers, _applicable(user, table.headers))))
    chosen, mapping = max(options, key=lambda option: _score(option[1]))
    if chosen.delimiter == "\t" and len(table.headers) < 2:
        raise FileError(f"{chosen.name} files are tab-separated; this one is not")
    _check_user_headers(user, table.headers)
    mapping = chosen.spec.check_required(table.headers, user)
    if chosen.unread is not None:
        mapping = _leave_unread(mapping, chosen.unread(table.headers))
    found = [f for f in _signature_fields(chosen.spec) if f in mapping.fields]
    reason = f"header row {table.header_line} has {', '.join(table.headers[mapping.fields[f]] for f in found)}"
    if len(options) > 1:
        reason += f" (also fits {', '.join(f.name for f, _ in options if f is not chosen)}; this one maps more columns)"
    return Detection(chosen, mapping, reason), table


def _leave_unread(mapping: ColumnMapping, unread: Mapping[str, str]) -> ColumnMapping:
    """``mapping`` with the columns of ``unread``'s fields unused (``known``, with why), unless the user mapped them."""
    return ColumnMapping([
        ColumnMatch(c.index, c.header, None, "known", unread[c.field])
        if c.field is not None and c.field in unread and c.how != "user" else c
        for c in mapping.columns
    ])  # fmt: skip


def _signature_fields(spec: ColumnSpec) -> list[str]:
    return [f for entry in spec.signature or spec.required for f in entry_fields(entry)]


def _applicable(user: Mapping[str, str], headers: list[str]) -> dict[str, str]:
    """The part of the user's map that names headers of this row (a title row above the header has none)."""
    keys = {header_key(h) for h in headers}
    return {h: t for h, t in user.items() if header_key(h) in keys}


def _check_user_headers(user: Mapping[str, str], headers: list[str]) -> None:
    keys = {header_key(h) for h in headers}
    for header in user:
        if header_key(header) not in keys:
            raise FileError(
                f"--map names the header {header!r}, which the file does not have; its headers: "
                + ", ".join(headers)[:300]
            )


def _unrecognised(candidates: list[ExportFormat], names: list[str]) -> str:
    """The error for a file no format recognises: what each format expects; for a near miss, the --map to pass."""
    shown = ", ".join(n for n in names if n)[:200]
    expected = "; ".join(f"{f.name}: {f.spec.expected()}" for f in candidates)
    near = []
    for f in candidates:
        missing = f.spec.missing_signature(f.spec.resolve(names))
        if missing and len(missing) < len(f.spec.signature or f.spec.required):  # part of its signature is there
            near.append(f"{f.name} lacks {f.spec.missing_hint(names, missing)}")
    if not near and len(candidates) > 1:  # no format is half there: the one whose fields the headers come closest to
        best = _nearest_format(candidates, names)
        if best is not None:
            fmt, fields = best
            near.append(f"{fmt.name} (pass --as {fmt.name}) lacks {fmt.spec.missing_hint(names, fields)}")
    tail = f"; closest: {'; '.join(near)}" if near else ""
    return f"unknown format: no header row recognised; headers seen: {shown}; expected {expected}{tail}"


def _nearest_format(candidates: list[ExportFormat], names: list[str]) -> tuple[ExportFormat, list[str]] | None:
    """The format for which the most of its signature and required fields have a close header (then the closest),
    with those fields (of a set of alternatives, the one closest to a header); ``None`` when no header is close."""
    best: tuple[tuple[int, float], ExportFormat, list[str]] | None = None
    for f in candidates:
        entries = [*(f.spec.signature or ()), *f.spec.required]
        closest = f.spec.closest_headers(names, [a for e in entries for a in entry_fields(e)])
        fields: list[str] = []
        for entry in entries:
            options = [a for a in entry_fields(entry) if a in closest]
            field = max(options, key=lambda a: closest[a][1]) if options else entry_fields(entry)[0]
            if field not in fields:  # a required field may also be one of the signature's alternatives
                fields.append(field)
        hinted = [closest[a][1] for a in fields if a in closest]
        rank = (len(hinted), sum(hinted))
        if hinted and (best is None or rank > best[0]):
            best = (rank, f, fields)
    return None if best is None else (best[1], best[2])
