"""``patentnav analyze landscape|warn|layout|targets|key-patents|operations`` and ``patentnav report``.

Without filters an analysis covers the whole store. Errors (unknown industry or region,
reversed period, no patents in scope) are one line on stderr and exit code 2.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Annotated

import typer

from patentnav.commands.common import FormatOption, StoreOption, fail, open_cli_store
from patentnav.output import OutputFormat, print_rows

IndustryOption = Annotated[
    str | None, typer.Option("--industry", "-i", help="Industry id or label, e.g. construction-machinery or 工程机械.")
]
RegionOption = Annotated[
    str | None, typer.Option("--region", "-r", help="Region code, id or label, e.g. 430100, changzhutan or 长沙市.")
]
FromOption = Annotated[str | None, typer.Option("--from", help="First application date: YYYY, YYYY-MM or YYYY-MM-DD.")]
ToOption = Annotated[str | None, typer.Option("--to", help="Last application date: YYYY, YYYY-MM or YYYY-MM-DD.")]
TableOption = Annotated[
    str | None, typer.Option("--table", "-t", help="Show only this table of the result (required for csv).")
]
TopOption = Annotated[int, typer.Option("--top", min=1, max=1000, help="Rows in ranked tables.")]

analyze_app = typer.Typer(
    help="Landscape, early warnings, layout planning, target tracking, key patents and patent operations for an "
    "industry x region x period.",
    no_args_is_help=True,
)


def _emit(tables: dict, fmt: str, table: str | None) -> None:
    from patentnav.graph.analysis.service import records

    if table:
        if table not in tables:
            fail(f"no table {table!r} in this result: choose one of {', '.join(tables)}", 2)
        tables = {table: tables[table]}
    if fmt == OutputFormat.json:
        payload = {name: {"meta": _meta(df), "rows": records(df)} for name, df in tables.items()}
        print(json.dumps(payload, ensure_ascii=False, indent=2, default=str))
        return
    if fmt == OutputFormat.csv and len(tables) > 1:
        fail(f"csv shows one table at a time: add --table with one of {', '.join(tables)}", 2)
    for name, df in tables.items():
        columns = list(df.columns)
        if fmt == OutputFormat.table:  # IRIs and long notes make terminal tables unreadable; json/csv keep them
            columns = [c for c in df.attrs.get("terminal_columns") or columns if c in df.columns] or columns
            columns = [c for c in columns if c not in _WIDE and not _is_iri_column(df[c])] or columns
        print_rows(records(df), fmt, columns, title=name)


_WIDE = {"note", "source", "evidence", "message"}


def _is_iri_column(col) -> bool:
    values = col.dropna()
    return len(values) > 0 and all(isinstance(v, str) and v.startswith(("http://", "https://")) for v in values)


def _meta(df) -> dict:
    return {k: v for k, v in df.attrs.items() if isinstance(v, str | int | float | bool | dict | list | None)}


def _run(topic: str, store: str | None, fmt: str, table: str | None, **params) -> None:
    from patentnav.graph.analysis.scope import AnalysisError
    from patentnav.graph.analysis.service import run_topic

    s = open_cli_store(store)
    try:
        tables = run_topic(s, topic, **params)
    except AnalysisError as exc:
        fail(str(exc), 2)
    _emit(tables, fmt, table)


@analyze_app.command("landscape")
def landscape_cmd(
    industry: IndustryOption = None,
    region: RegionOption = None,
    start: FromOption = None,
    end: ToOption = None,
    top: TopOption = 20,
    table: TableOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Filings and grants per year, top applicants and inventors, CR4/CR8/HHI, IPC fields, legal status,
    life-cycle stage, regions (and out-of-region/foreign shares when a region is given)."""
    _run("landscape", store, fmt, table, industry=industry, region=region, start=start, end=end, top=top)


@analyze_app.command("warn")
def warn_cmd(
    industry: IndustryOption = None,
    region: RegionOption = None,
    start: FromOption = None,
    end: ToOption = None,
    table: TableOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Early warnings with severity and evidence: competitor surge, dependence, concentration, weak key
    fields, expiry. The `checks` table says which checks ran and why any did not."""
    _run("warnings", store, fmt, table, industry=industry, region=region, start=start, end=end)


@analyze_app.command("layout")
def layout_cmd(
    industry: IndustryOption = None,
    region: RegionOption = None,
    start: FromOption = None,
    end: ToOption = None,
    top: TopOption = 20,
    table: TableOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Layout planning: RTA specialisation, white space, partner candidates (need --region), support-center
    coverage, inventor teams."""
    _run("layout", store, fmt, table, industry=industry, region=region, start=start, end=end, top=top)


@analyze_app.command("key-patents")
def key_patents_cmd(
    industry: IndustryOption = None,
    region: RegionOption = None,
    start: FromOption = None,
    end: ToOption = None,
    top: TopOption = 50,
    table: TableOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Key patents ranked by a transparent composite (cohort percentiles of forward citations, family
    countries and claims; remaining term; in force; legal events), each indicator beside the rank and vendor
    scores apart; citations between organisations; outbound/inbound families; `checks` says what is missing."""
    _run("key-patents", store, fmt, table, industry=industry, region=region, start=start, end=end, top=top)


@analyze_app.command("operations")
def operations_cmd(
    industry: IndustryOption = None,
    region: RegionOption = None,
    start: FromOption = None,
    end: ToOption = None,
    top: TopOption = 20,
    table: TableOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Patent operations: transfers (by year, transferor -> transferee type and region, top parties),
    licences, pledges, litigation and invalidation requests; `checks` says which event fields are missing."""
    _run("operations", store, fmt, table, industry=industry, region=region, start=start, end=end, top=top)


@analyze_app.command("targets")
def targets_cmd(
    region: RegionOption = None,
    industry: IndustryOption = None,
    year: Annotated[int | None, typer.Option(help="Year-end to assess at (default: each target's deadline).")] = None,
    plan: Annotated[
        str | None,
        typer.Option(
            "--plan", "-p", help="Id of a loaded plan (`patentnav policy list`): that plan's targets, all indicators."
        ),
    ] = None,
    table: TableOption = None,
    store: StoreOption = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Invention patents held per 10,000 population vs the plan's target: official statistics and figures
    computed from ingested patents, with how complete the ingested data is (coverage). With --plan, first
    every target of that plan (`plan_targets`), each against the latest official figure loaded for it."""
    _run("targets", store, fmt, table, industry=industry, region=region, year=year, plan=plan)


def report_cmd(
    output: Annotated[Path, typer.Option("--output", "-o", help="Where to write the HTML page.")] = Path("report.html"),
    industry: IndustryOption = None,
    region: RegionOption = None,
    start: FromOption = None,
    end: ToOption = None,
    store: StoreOption = None,
) -> None:
    """Write one self-contained offline HTML report (charts, warnings, RTA, networks, targets; zh + en)."""
    from patentnav.graph.analysis.scope import AnalysisError
    from patentnav.graph.viz.report import build_report

    s = open_cli_store(store)
    try:
        page = build_report(s, industry=industry, region=region, start=start, end=end)
    except AnalysisError as exc:
        fail(str(exc), 2)
    try:
        output.write_text(page, encoding="utf-8")
    except OSError as exc:
        fail(f"cannot write {output}: {exc}")
    typer.echo(f"wrote {output} ({len(page) // 1024} KiB)")


def register(app: typer.Typer) -> None:
    """Add ``analyze`` (a group) and ``report`` to the CLI."""
    app.add_typer(analyze_app, name="analyze")
    app.command("report")(report_cmd)
