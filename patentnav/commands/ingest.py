"""``patentnav ingest``, ``sources`` and ``remove``: bring patent exports in, list them, take one out."""

from __future__ import annotations

import csv
from enum import StrEnum
from pathlib import Path
from typing import TYPE_CHECKING, Annotated

import typer
from rich.console import Console
from rich.markup import escape

from patentnav.commands.common import FormatOption, StoreOption, fail, open_cli_store
from patentnav.graph.store import StoreError
from patentnav.output import OutputFormat, print_rows

if TYPE_CHECKING:
    from patentnav.graph.ingest.loader import IngestResult, Rejection

err = Console(stderr=True, soft_wrap=True)


class ExportFormatChoice(StrEnum):
    """What ``ingest --format`` accepts."""

    auto = "auto"
    cnipa = "cnipa"
    derwent = "derwent"
    google = "google"
    lens = "lens"
    patentsview = "patentsview"


def _count_lines(path: Path) -> int | None:
    """A cheap upper bound on data rows for the progress bar (lines, minus the header)."""
    if path.suffix.lower() == ".xlsx" or path.stat().st_size > 2_000_000_000:
        return None
    with path.open("rb") as fh:
        return max(0, sum(block.count(b"\n") for block in iter(lambda: fh.read(1 << 20), b"")) - 1)


def ingest(
    files: Annotated[
        list[Path],
        typer.Argument(
            help="Export files: CSV/XLSX from CNIPA, incoPat, PatSnap, 大为; "
            "Google Patents CSV; Lens.org CSV; PatentsView g_patent.tsv or its folder."
        ),
    ],
    store: StoreOption = None,
    export_format: Annotated[
        ExportFormatChoice, typer.Option("--format", help="Export format; auto tells it from the header row.")
    ] = ExportFormatChoice.auto,
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

    A file that cannot be read as a whole (unknown format, wrong encoding, truncated, missing
    required column, empty) loads nothing and is reported in one line; bad rows are skipped,
    counted, and listed with --report. Control characters are removed from cells; such rows
    load, are counted, and are listed with --report too. An XLSX refused by a safety limit (it
    unpacks to more than 1 GiB, or is compressed like a decompression bomb) is one line as well,
    and makes the exit code 2 (other unreadable files: 1).
    """
    from rich.progress import BarColumn, MofNCompleteColumn, Progress, SpinnerColumn, TextColumn, TimeElapsedColumn

    from patentnav.graph.ingest.formats import export_path
    from patentnav.graph.ingest.loader import ingest_file
    from patentnav.graph.ingest.records import FileError
    from patentnav.graph.ingest.tabular import FileLimitError

    for path in files:
        try:
            export_path(path)
        except FileError as exc:
            fail(f"{path}: {exc}")
    s = open_cli_store(store)
    report_fh = report.open("w", encoding="utf-8-sig", newline="") if report else None
    report_writer = csv.writer(report_fh) if report_fh else None
    if report_writer:
        report_writer.writerow(["file", "line", "reason", "outcome", "field"])
    failures = refused = 0
    results: list[IngestResult] = []

    def on_reject(rejection: Rejection) -> None:
        if report_writer:
            report_writer.writerow([rejection.file, rejection.line, rejection.reason, "rejected", ""])

    try:
        with Progress(
            SpinnerColumn(),
            TextColumn("{task.description}"),
            BarColumn(),
            MofNCompleteColumn(),
            TimeElapsedColumn(),
            console=err,
            transient=True,
        ) as progress:
            for path in files:
                task = progress.add_task(path.name, total=_count_lines(export_path(path)))
                try:
                    result = ingest_file(
                        s,
                        path,
                        fmt=export_format.value,
                        alias_files=aliases or (),
                        synthetic=synthetic,
                        on_reject=on_reject,
                        on_progress=lambda n, task=task: progress.update(task, completed=n),
                        keep_rejections=5,
                    )
                except FileError as exc:
                    failures += 1
                    refused += isinstance(exc, FileLimitError)
                    message = escape(" ".join(str(exc).split()))  # one line, and no text taken for markup
                    progress.console.print(f"[bold red]error:[/] {path}: {message} (nothing loaded)", highlight=False)
                    continue
                except (StoreError, OSError) as exc:
                    failures += 1
                    progress.console.print(f"[bold red]error:[/] {path}: {exc} (nothing loaded)", highlight=False)
                    continue
                finally:
                    progress.remove_task(task)
                results.append(result)
                if report_writer:
                    for notice in result.notices:
                        report_writer.writerow([result.file, notice.line, notice.reason, "loaded", notice.field])
                _summary(result, reported=report is not None)
    finally:
        if report_fh:
            report_fh.close()
    if report and results:
        err.print(f"Rejected and changed rows written to {report}.", highlight=False)
    if refused:
        raise typer.Exit(2)
    if failures:
        raise typer.Exit(1)


def _summary(r: IngestResult, *, reported: bool = False) -> None:
    if r.already_loaded:
        err.print(f"{r.file}: already loaded (SHA-256 {r.sha256[:12]}); nothing changed.", highlight=False)
        return
    tag = " [yellow](synthetic)[/]" if r.synthetic else ""
    err.print(
        f"[bold]{r.file}[/] ({r.format}){tag}: {r.rows_read} rows read, {r.patents_added} patents added, "
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
        err.print(f"  {r.rows_with_notices} rows had control characters removed ({where})", highlight=False)
        if r.rows_with_notices > len({n.line for n in r.notices}):
            err.print(f"  (the report lists the first {len(r.notices)} changed cells)", highlight=False)


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
