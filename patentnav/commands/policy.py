"""``patentnav policy template|add|list|remove|export``: policy plans written in a workbook, in and out of the graph."""

from __future__ import annotations

from enum import StrEnum
from pathlib import Path
from typing import Annotated

import typer
from rich.console import Console
from rich.markup import escape

from patentnav.commands.common import FormatOption, StoreOption, fail, open_cli_store
from patentnav.graph.store import StoreError
from patentnav.output import OutputFormat, print_rows

err = Console(stderr=True, soft_wrap=True)

policy_app = typer.Typer(
    name="policy",
    help=(
        "Policy plans as data: a province's or city's plan (tasks, targets, industries and their IPC codes, support "
        "centers, zones, regions, agencies, official statistics) written in a workbook, one sheet per table, and "
        "loaded into the graph, each plan in its own named graph with provenance.\n\n"
        "Start with `patentnav policy template -o plan.xlsx`: every sheet with its header and one example row, and a "
        "说明 README sheet explaining each column in Chinese and English. Fill it in Excel or WPS (Chinese sheet "
        "and column names work too), then `patentnav policy add plan.xlsx`. The same tables as YAML "
        "(`-o plan.yaml`) suit people who prefer text; the bundled Hunan pilot is one (data/hunan_pilot.yaml)."
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
)


class PlanFileFormat(StrEnum):
    """What ``template`` and ``export`` write (default: from the output file's suffix)."""

    auto = "auto"
    xlsx = "xlsx"
    yaml = "yaml"


OutputOption = Annotated[
    Path,
    typer.Option("--output", "-o", help="The file to write: .xlsx (a spreadsheet) or .yaml/.yml (the same tables)."),
]


def _target(output: Path, fmt: PlanFileFormat) -> Path:
    suffix = output.suffix.lower()
    if fmt == PlanFileFormat.auto:
        if suffix not in (".xlsx", ".yaml", ".yml"):
            fail(f"{escape(str(output))}: write a .xlsx or a .yaml file (or say which with --as xlsx|yaml)", 2)
        return output
    wanted = (".yaml", ".yml") if fmt == PlanFileFormat.yaml else (".xlsx",)
    return output if suffix in wanted else output.with_suffix(wanted[0])


@policy_app.command("template")
def template(
    output: OutputOption,
    fmt: Annotated[PlanFileFormat, typer.Option("--as", help="xlsx or yaml (default: from -o's suffix).")] = (
        PlanFileFormat.auto
    ),
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace the file if it exists.")] = False,
) -> None:
    """Write an empty policy workbook to fill in: the sheets, their headers, one example row each, a README sheet.

    Sheets (English or Chinese names): plan/规划 (one row), sources/来源, agencies/机构, regions/地区,
    zones/园区, industries/产业, tasks/任务, targets/目标, centers/支撑中心, indicators/指标,
    observations/统计. Each example row starts with `# 示例 example:`: rows starting with # are never
    read, so it may stay. Lists in a cell are `;`-separated ids or codes; an entity the graph already
    has (a pilot industry, a region) is named by its id and needs no row.

    Examples:

    ```
    patentnav policy template -o plan.xlsx
    patentnav policy template -o plan.yaml
    ```
    """
    from patentnav.graph.policy.files import write_template

    path = _target(output, fmt)
    if path.exists() and not overwrite:
        fail(f"{escape(str(path))} exists: choose another name or pass --overwrite", 2)
    try:
        write_template(path)
    except OSError as exc:
        fail(f"{escape(str(path))}: {exc.strerror or exc}")
    err.print(
        f"Wrote the policy workbook template {path} (fill it, then: patentnav policy add {path}).", highlight=False
    )


@policy_app.command("add")
def add(
    files: Annotated[
        list[Path],
        typer.Argument(help="Policy workbooks: .xlsx, or .yaml/.yml with the same tables.", show_default=False),
    ],
    store: StoreOption = None,
    check: Annotated[
        bool, typer.Option("--check", help="Check everything (SHACL included) and say what would load; write nothing.")
    ] = False,
) -> None:
    """Load each workbook's plan into its own named graph; the same file twice changes nothing.

    Everything is checked before anything is written: sheets and required columns, ids (unique; an
    entity another plan defines is named, not defined again), every id a row names (in the workbook
    or the graph), GB/T 2260 region codes, numbers, years, dates, comparators, a target's value and
    unit, and then the SHACL shapes. A workbook with a problem loads nothing; each problem is one line:
    file, sheet, row, column and reason (exit 1).

    A changed file (same name) replaces its plan's graph; a workbook whose plan id is already loaded
    from another file is refused and names that file. An industry's `ipc` codes join the IPC ->
    industry concordance: the patents already in the store classified there are linked to it now,
    and those ingested later at ingest.

    Examples:

    ```
    patentnav policy add plan.xlsx
    patentnav policy add plan.xlsx --check
    patentnav policy add data/samples/fictitious_city_plan.xlsx
    ```
    """
    from patentnav.settings import get_settings, xlsx_limits_from

    missing = [f for f in files if not f.is_file()]
    if missing:
        fail(f"{escape(str(missing[0]))}: no such file", 2)
    s = open_cli_store(store)
    limits = xlsx_limits_from(get_settings())
    failures = 0
    failures = _add_all(s, files, check, limits)
    s.close()
    del s  # the exit's traceback keeps this frame: without the store, an on-disk store is unlocked at once
    if failures:
        raise typer.Exit(1)


def _add_all(s, files: list[Path], check: bool, limits) -> int:
    from patentnav.graph.ingest.records import FileError
    from patentnav.graph.policy import PlanInputError, add_plan

    failures = 0
    for path in files:
        try:
            result = add_plan(s, path, check_only=check, xlsx_limits=limits)
        except PlanInputError as exc:
            failures += 1
            for line in exc.lines():
                err.print(f"[bold red]error:[/] {escape(line)}", highlight=False)
            err.print(f"  {len(exc.problems)} problem(s) in {escape(exc.file)}: nothing loaded", highlight=False)
            continue
        except FileError as exc:
            failures += 1
            err.print(
                f"[bold red]error:[/] {escape(path.name)}: {escape(' '.join(str(exc).split()))} (nothing loaded)",
                highlight=False,
            )
            continue
        except (StoreError, OSError) as exc:
            failures += 1
            err.print(f"[bold red]error:[/] {escape(path.name)}: {escape(str(exc))} (nothing loaded)", highlight=False)
            continue
        _summary(result)
    return failures


def _summary(r) -> None:
    tag = " [yellow](fictitious)[/]" if r.fictitious else ""
    if r.already_loaded:
        err.print(
            f"{r.file}: plan {r.plan} already loaded (SHA-256 {r.sha256[:12]}); nothing changed.{tag}", highlight=False
        )
        return
    rows = ", ".join(f"{n} {sheet}" for sheet, n in r.rows.items())
    verb = "checked, would load" if r.checked_only else ("replaced" if r.replaced else "loaded")
    links = f"; {r.industry_links} patent-industry links from its IPC codes" if r.industry_links else ""
    err.print(
        f"[bold]{r.file}[/]: plan {r.plan} {verb}{tag}: {rows}{links} [dim]({r.quads} triples, {r.seconds:.1f} s, "
        f"graph {r.graph})[/]",
        highlight=False,
    )


@policy_app.command("list")
def list_(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List the loaded plans: id, names, tasks and targets, the workbook each came from, its graph.

    Example: `patentnav policy list --format json`
    """
    from patentnav.graph.policy import list_plans

    s = open_cli_store(store)
    rows = [
        {
            "id": p["id"],
            "label": p["label_zh"] or p["label_en"],
            "label_en": p["label_en"],
            "tasks": p["tasks"],
            "targets": p["targets"],
            "fictitious": p["fictitious"],
            "file": p["file"],
            "sha256": (p["sha256"] or "")[:12] if fmt == OutputFormat.table else p["sha256"],
            "loaded": p["loaded"],
            "graph": p["graph"],
        }
        for p in list_plans(s)
    ]
    print_rows(rows, fmt, title="Loaded plans")


@policy_app.command("remove")
def remove(
    plan: Annotated[str, typer.Argument(help="The plan's id (see `patentnav policy list`).", show_default=False)],
    store: StoreOption = None,
) -> None:
    """Take a plan's graph out of the store: its entities, provenance and industry links.

    The bundled Hunan pilot stays (the reference statistics and IPC concordance refer to it).
    Example: `patentnav policy remove example-city-plan`
    """
    from patentnav.graph.policy import PlanNotFoundError, remove_plan

    s = open_cli_store(store)
    message: str | None
    try:
        removed = remove_plan(s, plan)
    except PlanNotFoundError as exc:
        message = str(exc)
    else:
        message = None
    if message is not None:
        del s  # (see add)
        fail(escape(message))
    err.print(f"Removed plan {removed['id']} (from {removed['file']}): graph {removed['graph']}.", highlight=False)


@policy_app.command("export")
def export(
    plan: Annotated[str, typer.Argument(help="The plan's id (see `patentnav policy list`).", show_default=False)],
    output: OutputOption,
    store: StoreOption = None,
    fmt: Annotated[PlanFileFormat, typer.Option("--as", help="xlsx or yaml (default: from -o's suffix).")] = (
        PlanFileFormat.auto
    ),
    overwrite: Annotated[bool, typer.Option("--overwrite", help="Replace the file if it exists.")] = False,
) -> None:
    """Write a loaded plan back as a workbook: the tables it was added from, rows in their order.

    Edit it and `policy add` it again (under the same file name it replaces the plan). Lists come back
    sorted; header names in English.

    Examples:

    ```
    patentnav policy export hunan-ip-strong-province-pilot -o hunan.xlsx
    patentnav policy export example-city-plan -o plan.yaml
    ```
    """
    from patentnav.graph.policy import PlanNotFoundError, export_plan, write_workbook

    path = _target(output, fmt)
    if path.exists() and not overwrite:
        fail(f"{escape(str(path))} exists: choose another name or pass --overwrite", 2)
    s = open_cli_store(store)
    message: str | None
    try:
        workbook = export_plan(s, plan)
    except PlanNotFoundError as exc:
        message = str(exc)
    else:
        message = None
    if message is not None:
        del s  # (see add)
        fail(escape(message))
    try:
        write_workbook(workbook, path)
    except OSError as exc:
        fail(f"{escape(str(path))}: {exc.strerror or exc}")
    rows = sum(len(r) for r in workbook.sheets.values())
    err.print(f"Wrote plan {plan} to {path} ({rows} rows).", highlight=False)


def register(app: typer.Typer) -> None:
    app.add_typer(policy_app, rich_help_panel="Data")
