"""The export formats patentnav reads, and detection of a file's format from its header.

>>> sorted(FORMATS)
['cnipa', 'google', 'lens', 'patentsview']
"""

from __future__ import annotations

from collections.abc import Callable, Iterator
from dataclasses import dataclass
from pathlib import Path

from patentnav.graph.ingest import cnipa, google, lens, patentsview
from patentnav.graph.ingest.base import ColumnSpec, ReadContext
from patentnav.graph.ingest.records import FileError, PatentRecord, RowError
from patentnav.graph.ingest.tabular import Table, open_table

__all__ = ["FORMATS", "ExportFormat", "export_path", "open_export"]


@dataclass(frozen=True)
class ExportFormat:
    """A format: its column table, its reader, and the version written to the graph."""

    name: str
    spec: ColumnSpec
    read: Callable[[Table, ReadContext], Iterator[PatentRecord | RowError]]
    version: str
    delimiter: str | None = None


FORMATS: dict[str, ExportFormat] = {
    "cnipa": ExportFormat("cnipa", cnipa.SPEC, cnipa.read, "1"),
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


def open_export(path: Path, fmt: str = "auto") -> tuple[ExportFormat, Table]:
    """Open ``path`` and tell its format from the header row (never from the file name).

    ``fmt`` forces a format; the header must still be that format's. Raises
    :class:`FileError` naming the headers seen and the ones expected.
    """
    if fmt != "auto" and fmt not in FORMATS:
        raise FileError(f"unknown format {fmt!r}: use auto, {', '.join(FORMATS)}")
    candidates = list(FORMATS.values()) if fmt == "auto" else [FORMATS[fmt]]

    def is_header(names: list[str]) -> bool:
        return any(f.spec.matches(names) for f in candidates)

    try:
        table = open_table(path, is_header)
    except FileError as exc:
        if str(exc).startswith("unknown format"):
            raise FileError(f"{exc}; expected {_expected(candidates)}") from None
        raise
    chosen = next(f for f in candidates if f.spec.matches(table.headers))
    if chosen.delimiter == "\t" and len(table.headers) < 2:
        raise FileError(f"{chosen.name} files are tab-separated; this one is not")
    return chosen, table
