"""``patentnav validate``: SHACL report in words."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from patentnav.commands.common import FormatOption, StoreOption, open_cli_store
from patentnav.output import OutputFormat, print_rows


def validate(
    store: StoreOption = None,
    graph: Annotated[
        list[str] | None, typer.Option("--graph", "-g", help="Validate only this named graph (IRI); repeatable.")
    ] = None,
    fmt: FormatOption = OutputFormat.table,
) -> None:
    """Check the data against the SHACL shapes; list each violation with the node, property and reason.

    Exits with status 1 when the data does not conform.
    """
    from patentnav.graph.validate import validate_store

    s = open_cli_store(store)
    report = validate_store(s, graph)
    if fmt == OutputFormat.table:
        console = Console()
        for v in report.violations:
            console.print(str(v), highlight=False)
        console.print(
            "[green]The data conforms to the shapes.[/]"
            if report.conforms
            else f"[red]{len(report.violations)} violation(s).[/]"
        )
    else:
        print_rows(
            [v.__dict__ for v in report.violations],
            fmt,
            ["severity", "focus_node", "focus_label", "path", "message", "value"],
        )
    if not report.conforms:
        raise typer.Exit(1)


def register(app: typer.Typer) -> None:
    app.command(rich_help_panel="Data")(validate)
