"""The options ``patentnav ingest`` and ``patentnav inspect`` share: how to read an export file.

``--map`` and ``--columns`` (column maps, checked before anything is read), ``--as`` (the export
format) and the command line's files and folders as export files; a bad value is one line and exit 2.
"""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer
from rich.markup import escape

from patentnav.commands.common import err, fail

__all__ = [
    "ColumnsOption",
    "MapOption",
    "check_export_format",
    "expand_paths",
    "fit_column_maps",
    "report_unmatched",
    "shown_name",
    "user_column_maps",
]

MapOption = Annotated[
    list[str] | None,
    typer.Option(
        "--map",
        metavar="'HEADER=field'",
        help="Read the column HEADER as field (HEADER=ignore drops it); repeatable, wins over --columns. "
        "With several files it applies to those that have HEADER (at least one must). "
        "Field names: `patentnav inspect --fields`.",
    ),
]
ColumnsOption = Annotated[
    list[Path] | None,
    typer.Option(
        "--columns",
        metavar="FILE",
        help="A two-column CSV HEADER,field (UTF-8 or UTF-8 with BOM; a first row header,field and # lines are "
        "skipped): one --map per row, applied to the files that have the header, so one file can serve several "
        "layouts; repeatable.",
    ),
]


def user_column_maps(
    pairs: list[str] | None, files: list[Path] | None, fmt: str = "auto"
) -> tuple[dict[str, str], dict[str, str]]:
    """``--map`` and ``--columns`` as two column maps, fields checked; a bad value is one line and exit 2.

    ``--map`` entries must name a header of every file read; ``--columns`` entries apply to the files
    that have their header (one column file may cover several layouts): see :func:`fit_column_maps`.
    """
    from patentnav.graph.ingest.options import OptionError, check_map_fields, column_map

    try:
        explicit = column_map(pairs or [])
        from_files = column_map([], files or [])
        from_files = {h: t for h, t in from_files.items() if h not in explicit}
        check_map_fields({**from_files, **explicit}, fmt)
    except OptionError as exc:
        fail(escape(str(exc)), 2)
    return explicit, from_files


#: What each unpacked archive member is called (``batch.zip/导出/incopat.xls``, ``cn_2021.csv.gz``), for messages
#: and the source's file name.
_SHOWN: dict[Path, str] = {}


def shown_name(path: Path) -> str:
    """The name to show for a file :func:`expand_paths` gave: an archive member's ``archive/member``, else the path.

    >>> shown_name(Path("exports/a.csv"))
    'exports/a.csv'
    """
    return _SHOWN.get(path, str(path))


def _unpacked(path: Path) -> list[Path]:
    """``path``, or the exports of the archive it is, unpacked into a folder deleted when the command ends."""
    import atexit
    import shutil

    from patentnav.graph.ingest.archives import archive_kind, unpack, unpack_folder
    from patentnav.graph.ingest.records import FileError
    from patentnav.graph.ingest.tabular import FileLimitError
    from patentnav.settings import get_settings, xlsx_limits_from

    if not path.is_file() or archive_kind(path) is None:
        return [path]
    folder = unpack_folder()
    atexit.register(shutil.rmtree, folder, True)
    try:
        members = unpack(path, folder, xlsx_limits_from(get_settings()))
    except FileError as exc:
        message = escape(f"{path}: {' '.join(str(exc).split())} (nothing loaded)")
        fail(message, 2 if isinstance(exc, FileLimitError) else 1)
    for member in members:  # unpacked under numbers: messages and sources name them as the archive does
        _SHOWN[member.path] = member.label
    return [member.path for member in members]


def fit_column_maps(
    paths: list[Path], fmt: str, explicit: dict[str, str], from_files: dict[str, str]
) -> list[tuple[dict[str, str], list[str]]]:
    """Each file's column map (``options.fit_maps``); a ``--map`` header no file has is one line and exit 2."""
    from patentnav.graph.ingest.options import OptionError, fit_maps

    try:
        return fit_maps(paths, fmt, explicit, from_files)
    except OptionError as exc:
        fail(escape(str(exc)), 2)


def report_unmatched(from_files: dict[str, str], lacking: list[list[str]]) -> None:
    """Say which ``--columns`` headers no file had (a typo there would otherwise go unnoticed)."""
    if not from_files or not lacking:
        return
    nowhere = [h for h in from_files if all(h in missing for missing in lacking)]
    if nowhere:
        err.print(f"[dim]--columns: no file has the header(s) {escape(', '.join(nowhere))}[/]", highlight=False)


def check_export_format(name: str) -> str:
    """The ``--as`` value, checked against the formats patentnav reads (exit 2 otherwise)."""
    from patentnav.graph.ingest.formats import FORMATS

    value = name.strip().lower()
    if value != "auto" and value not in FORMATS:
        fail(f"--as {escape(name)}: unknown export format; use auto, {', '.join(FORMATS)}", 2)
    return value


def expand_paths(paths: list[Path]) -> list[Path]:
    """Command-line paths as export files: folders give their export files, sorted, and archives (``.zip``,
    ``.csv.gz``) the exports they hold, unpacked for the rest of the command (exit 2 for a bad path; an archive
    that cannot be unpacked is one line and exit 1, or 2 past a safety limit, before anything is loaded)."""
    from patentnav.graph.ingest.formats import export_path
    from patentnav.graph.ingest.options import EXPORT_SUFFIXES, export_files
    from patentnav.graph.ingest.records import FileError

    out: list[Path] = []
    for path in paths:
        files, skipped = export_files(path)
        files = [member for file in files for member in _unpacked(file)]
        if path.is_dir() and not (path / "g_patent.tsv").is_file():
            if not files:
                fail(
                    f"{escape(str(path))}: is a folder without export files ({' '.join(EXPORT_SUFFIXES)}) or "
                    "g_patent.tsv: expected an export file, or a PatentsView folder holding g_patent.tsv"
                )
            if skipped:
                err.print(f"[dim]{escape(str(path))}: skipped {escape(', '.join(skipped))}[/]", highlight=False)
        for file in files:
            try:
                export_path(file)
            except FileError as exc:
                fail(escape(f"{file}: {exc}"))
            if file not in out:
                out.append(file)
    return out
