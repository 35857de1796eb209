"""``patentnav ingest``, ``sources`` and ``remove``: bring patent exports in, list them, take one out.

The options that say how to read a file (``--as``, ``--map``, ``--columns``) are shared with
``patentnav inspect``, which shows what ingest would make of a file before loading it
(:mod:`patentnav.commands.export_options`).
"""

from __future__ import annotations

import csv
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape

from patentnav.commands.common import FormatOption, StoreOption, fail, open_cli_store
from patentnav.commands.export_options import (
    ColumnsOption,
    MapOption,
    expand_paths,
    fit_column_maps,
    report_unmatched,
    shown_name,
    user_column_maps,
)
from patentnav.graph.store import StoreError
from patentnav.output import OutputFormat, print_rows

if TYPE_CHECKING:
    from collections.abc import Callable

    from rich.progress import Progress, TaskID

    from patentnav.graph.ingest.loader import IngestResult, Rejection

err = Console(stderr=True, soft_wrap=True)


class ExportFormatChoice(StrEnum):
    """What ``ingest --format`` accepts."""

    auto = "auto"
    cnipa = "cnipa"
    derwent = "derwent"
    espacenet = "espacenet"
    google = "google"
    lens = "lens"
    patentsview = "patentsview"


#: ``--as`` names the export format everywhere; ``ingest`` also takes its older spelling ``--format`` for it.
#: (``inspect --format`` is the output format, table or json, as for every command that prints data.)
_EXPORT_FORMAT_HELP = (
    "Export format: auto (default) tells it from the header row; cnipa (every Chinese-header tool: CNIPA, "
    "incoPat, PatSnap, 大为, the yearly CN dataset), derwent, espacenet, google, lens, patentsview."
)


def _count_lines(path: Path) -> int | None:
    """A cheap upper bound on data rows for the progress bar (lines, minus the header)."""
    if path.suffix.lower() in (".xls", ".xlsx", ".htm", ".html", ".xml") or path.stat().st_size > 2_000_000_000:
        return None
    with path.open("rb") as fh:
        return max(0, sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) - 1)


def ingest(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Export files or folders: CSV/XLSX/XLS (also a web page or Excel 2003 XML saved as .xls) from CNIPA, "
            "incoPat, PatSnap, 大为, the yearly CN dataset; "
            "Derwent, Google Patents and Lens.org CSV; PatentsView g_patent.tsv or its folder; a .zip or .gz of "
            "exports (each export in it is read as a file of its own). A folder gives every .csv .tsv .txt .xls "
            ".xlsx .zip .gz file in it and its PatentsView subfolders, sorted by name.",
            show_default=False,
        ),
    ],
    store: StoreOption = None,
    export_format: Annotated[
        ExportFormatChoice, typer.Option("--as", "--format", help=_EXPORT_FORMAT_HELP)
    ] = ExportFormatChoice.auto,
    column_pairs: MapOption = None,
    column_files: ColumnsOption = None,
    only: Annotated[
        list[str] | None,
        typer.Option(
            "--only",
            metavar="region=CODE|industry=ID",
            help="Load only the rows of a scope: region=430000 (a GB/T 2260 code: an applicant or current "
            "holder located there; a province or city code covers what lies below it), "
            "industry=construction-machinery (an IPC code of the row in that industry). Repeatable: several "
            "regions (or industries) = any of them; a region and an industry = both.",
        ),
    ] = None,
    report: Annotated[
        Path | None,
        typer.Option(
            "--report",
            help="Write every rejected row, and every loaded row whose cells were changed (control characters "
            "removed), to this CSV: file, line, reason, outcome (rejected or loaded), field.",
        ),
    ] = None,
    aliases: Annotated[
        list[Path] | None, typer.Option("--aliases", help="Extra applicant alias CSV (alias,canonical); repeatable.")
    ] = None,
    synthetic: Annotated[
        bool | None,
        typer.Option("--synthetic/--real", help="Mark the source synthetic (default: when its name says so)."),
    ] = None,
) -> None:
    """Load patent export files, one named graph per file; the same file twice changes nothing.

    Try `patentnav inspect FILE` first: it shows the format, each column's field and what a
    navigation analysis would miss, and loads nothing. Columns ingest does not read are listed
    at the end of each file's summary; --map and --columns make it read them.

    A file that cannot be read as a whole (unknown format, wrong encoding, truncated, missing
    required column, empty) loads nothing and is reported in one line; bad rows are skipped,
    counted, and listed with --report. Control characters are removed from cells; such rows
    load, are counted, and are listed with --report too. An XLSX refused by a safety limit (it
    unpacks to more than 1 GiB, or is compressed like a decompression bomb) or an old Excel .xls
    over 256 MiB is one line as well, and makes the exit code 2 (other unreadable files: 1). A
    bad --map, --columns or --only value is one line and exit 2, before anything is loaded.

    Examples:

    ```
    patentnav ingest exports/                              # every export in the folder
    patentnav ingest patsnap.xlsx --map '申请人名称=applicants' --map '序号=ignore'
    patentnav ingest cn_2021.csv --columns my_headers.csv --only region=430000
    patentnav ingest national/ --only region=430100 --only industry=construction-machinery
    patentnav ingest export.csv --as lens --report rejected.csv
    ```
    """
    from patentnav.settings import get_settings, xlsx_limits_from

    explicit, from_files = user_column_maps(column_pairs, column_files, export_format.value)
    files = expand_paths(files)
    fitted = fit_column_maps(files, export_format.value, explicit, from_files)
    s = open_cli_store(store)
    scope = _scope(s, only or [])
    failures = refused = loaded = 0
    with _RowReport(report) as rows:
        settings = get_settings()
        options = {
            "fmt": export_format.value,
            "alias_files": aliases or (),
            "only": scope,
            "synthetic": synthetic,
            "transaction_limit": settings.ingest_transaction_limit,
            "on_reject": rows.rejected,
            "keep_rejections": 5,
            "xlsx_limits": xlsx_limits_from(settings),
            "compact": False,  # once after the last file (below): each compaction rewrites the whole store
        }
        in_parts = 0
        with _progress() as progress:
            for path, (user_map, _) in zip(files, fitted, strict=True):
                result = _ingest_one(s, path, progress, column_map=user_map, **options)
                if isinstance(result, _Failed):
                    failures += 1
                    refused += result.refused
                    continue
                loaded += 1
                in_parts += result.compaction_due
                rows.loaded(result)
                _summary(result, reported=report is not None, scoped=scope is not None)
            if in_parts:
                _compact(s, progress, in_parts)
    report_unmatched(from_files, [lacks for _, lacks in fitted])
    if report and loaded:
        err.print(f"Rejected and changed rows written to {report}.", highlight=False)
    if refused:
        raise typer.Exit(2)
    if failures:
        raise typer.Exit(1)


class _RowReport:
    """The ``--report`` CSV (when asked for): rejected rows as they come, changed rows of each loaded file."""

    def __init__(self, path: Path | None) -> None:
        self._fh = path.open("w", encoding="utf-8-sig", newline="") if path else None
        self._writer = csv.writer(self._fh) if self._fh else None
        if self._writer:
            self._writer.writerow(["file", "line", "reason", "outcome", "field"])

    def __enter__(self) -> _RowReport:
        return self

    def __exit__(self, *exc: object) -> None:
        if self._fh:
            self._fh.close()

    def rejected(self, rejection: Rejection) -> None:
        """An ``on_reject`` for the loader: one ``rejected`` line."""
        if self._writer:
            self._writer.writerow([rejection.file, rejection.line, rejection.reason, "rejected", ""])

    def loaded(self, result: IngestResult) -> None:
        """One ``loaded`` line per row of a loaded file whose cells were changed."""
        if self._writer:
            for notice in result.notices:
                self._writer.writerow([result.file, notice.line, notice.reason, "loaded", notice.field])


class _Failed:
    """A file that loaded nothing; ``refused`` when an XLSX safety limit refused it (exit code 2)."""

    def __init__(self, refused: bool) -> None:
        self.refused = refused


def _progress() -> Progress:
    """The per-file progress bars, on stderr, gone once done."""
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    return Progress(
        SpinnerColumn(),
        TextColumn("{task.description}"),
        BarColumn(),
        MofNCompleteColumn(),
        TimeElapsedColumn(),
        console=err,
        transient=True,
    )


def _ingest_one(store, path: Path, progress: Progress, **options: Any) -> IngestResult | _Failed:
    """Load one file with a progress bar; a file that cannot be loaded is one error line and a :class:`_Failed`."""
    from patentnav.graph.ingest.formats import export_path
    from patentnav.graph.ingest.loader import ingest_file
    from patentnav.graph.ingest.records import FileError
    from patentnav.graph.ingest.tabular import FileLimitError

    shown = shown_name(path)
    named = shown if shown != str(path) else None  # an archive's member: named as in the archive
    task = progress.add_task(Path(shown).name, total=_count_lines(export_path(path)))
    try:
        return ingest_file(store, path, on_progress=_advance(progress, task), display_name=named, **options)
    except FileError as exc:
        message = escape(" ".join(str(exc).split()))  # one line, and no text taken for markup
        tail = "" if message.endswith("nothing loaded") else " (nothing loaded)"
        progress.console.print(f"[bold red]error:[/] {escape(shown)}: {message}{tail}", highlight=False)
        return _Failed(isinstance(exc, FileLimitError))
    except (StoreError, OSError) as exc:
        progress.console.print(f"[bold red]error:[/] {escape(shown)}: {exc} (nothing loaded)", highlight=False)
        return _Failed(False)
    finally:
        progress.remove_task(task)


def _compact(store, progress: Progress, files: int) -> None:
    """Compact the store once for the ``files`` loaded in bulk parts, so that later queries read fewer files.

    At a million patents a compaction takes some 35 s whatever was added (benchmarks/README.md, session 13), so
    a folder of exports pays it once, not per file.
    """
    task = progress.add_task(f"compacting the store after {files} file{'s' if files > 1 else ''}", total=None)
    try:
        store.optimize()
    finally:
        progress.remove_task(task)


def _advance(progress: Progress, task: TaskID) -> Callable[[int], None]:
    """An ``on_progress`` that moves the file's bar to the rows read so far."""
    return lambda rows: progress.update(task, completed=rows)


def _scope(store, values: list[str]):
    """``--only`` values as the loader's filter, checked against the store's industries (exit 2 otherwise)."""
    if not values:
        return None
    from patentnav.graph.ingest.options import OptionError, known_industries, parse_only
    from patentnav.graph.ingest.reference import Concordance

    mapped = {row.industry for row in Concordance.bundled().rows}
    try:
        scope = parse_only(values, industries=known_industries(store), has_concordance=mapped.__contains__)
    except OptionError as exc:
        fail(escape(str(exc)), 2)
    if scope is None:
        return None
    from patentnav.graph.ingest.options import region_name

    parts = [f"region {code} ({region_name(code)})" for code in scope.regions]
    parts += [f"industry {i}" for i in scope.industries]
    err.print(f"[dim]Only rows of: {' and '.join(parts)}.[/]", highlight=False)
    return scope


#: How many ignored columns a summary names before it points to `inspect`.
_IGNORED_SHOWN = 12


def _summary(r: IngestResult, *, reported: bool = False, scoped: bool = False) -> None:
    if r.already_loaded:
        err.print(f"{r.file}: already loaded (SHA-256 {r.sha256[:12]}); nothing changed.", highlight=False)
        return
    tag = " [yellow](synthetic)[/]" if r.synthetic else ""
    layout = getattr(r, "layout", None)
    kind = f"{r.format}, {layout} layout" if layout and layout not in (r.format, "generic") else r.format
    err.print(
        f"[bold]{r.file}[/] ({kind}){tag}: {r.rows_read} rows read, {r.patents_added} patents added, "
        f"{r.duplicates_merged} duplicates merged, {r.rows_rejected} rows rejected "
        f"[dim]({r.quads} triples, {r.seconds:.1f} s, graph {r.graph})[/]",
        highlight=False,
    )
    for rejection in r.rejections[:5]:
        err.print(f"  rejected line {rejection.line}: {rejection.reason}", highlight=False)
    if r.rows_rejected > len(r.rejections[:5]):
        err.print(f"  … {r.rows_rejected - 5} more; use --report FILE.csv to list them all", highlight=False)
    if r.rows_with_notices:
        where = "see --report" if reported else "list them with --report FILE.csv"
        err.print(
            f"  {r.rows_with_notices} rows loaded with a value changed or left out ({where}), e.g.", highlight=False
        )
        for notice in r.notices[:3]:
            err.print(f"    line {notice.line}, {escape(notice.field)}: {escape(notice.reason)}", highlight=False)
        if r.rows_with_notices > len({n.line for n in r.notices}):
            err.print(f"  (the report lists the first {len(r.notices)} notices)", highlight=False)
    if scoped:
        err.print(
            f"  --only: {r.rows_filtered} rows outside the scope skipped (not loaded, not errors)", highlight=False
        )
        if r.out_of_scope:
            err.print("  no row of this file is in the --only scope: nothing loaded, no graph written", highlight=False)
    ignored = list(r.columns_ignored)
    if ignored:
        shown = "; ".join(escape(c) for c in ignored[:_IGNORED_SHOWN])
        more = f"; … {len(ignored) - _IGNORED_SHOWN} more" if len(ignored) > _IGNORED_SHOWN else ""
        err.print(
            f"  columns not read ({len(ignored)}): {shown}{more} "
            "[dim](patentnav inspect FILE shows why; --map 'HEADER=field' reads one)[/]",
            highlight=False,
        )


def sources(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List the loaded export files with their counts, format and SHA-256."""
    from patentnav.graph.ingest.loader import list_sources

    s = open_cli_store(store)
    rows = [
        {
            "file": r["fileName"],
            "format": r["format"],
            "rows": r["rowsRead"],
            "added": r["patentsAdded"],
            "merged": r["duplicatesMerged"],
            "rejected": r["rowsRejected"],
            "synthetic": r["synthetic"],
            "ingested": r["ingestedAt"],
            "sha256": r["sha256"][:12] if fmt == OutputFormat.table else r["sha256"],
            "graph": r["graph"],
        }
        for r in list_sources(s)
    ]
    print_rows(rows, fmt, title="Loaded sources")


def remove(
    source: Annotated[str, typer.Argument(help="The file name, a SHA-256 prefix (6+ characters), or the graph IRI.")],
    store: StoreOption = None,
) -> None:
    """Take one loaded file's graph out of the store."""
    from patentnav.graph.ingest.loader import SourceNotFoundError, remove_source

    s = open_cli_store(store)
    try:
        removed = remove_source(s, source)
    except SourceNotFoundError as exc:
        fail(str(exc))
    err.print(f"Removed {removed['fileName']} ({removed['sha256'][:12]}): graph {removed['graph']}.", highlight=False)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Data")(ingest)
    app.command(rich_help_panel="Data")(sources)
    app.command(rich_help_panel="Data")(remove)
