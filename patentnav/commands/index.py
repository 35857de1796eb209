"""``patentnav index status|rebuild``: the analytic tables the analyses count on."""

from __future__ import annotations

from typing import Annotated

import typer
from rich.console import Console

from patentnav.commands.common import FormatOption, StoreOption, fail, open_cli_store
from patentnav.output import OutputFormat, print_rows

index_app = typer.Typer(
    name="index",
    help=(
        "The analytic tables: a columnar copy of the graph's facts (one Parquet set per named graph) that the "
        "analyses count on with DuckDB. Ingest writes them; a SPARQL Update or Graph Store write through the API "
        "marks what it touched stale and the next analysis rebuilds it. `rebuild` makes them again from the store "
        "(also from a SPARQL endpoint), e.g. after the store was changed by another program."
    ),
    no_args_is_help=True,
)


@index_app.command("status")
def status(store: StoreOption = None, fmt: FormatOption = OutputFormat.table) -> None:
    """List the graphs with tables, how they were made (ingest or rebuild), when, and whether they are stale.

    Example: `patentnav index status --format json`
    """
    from patentnav.graph.tables.catalog import tables_of

    s = open_cli_store(store)
    catalog = tables_of(s)
    present = set(s.named_graphs())
    rows = [
        {"graph": g, "how": e.get("how"), "built": e.get("built"), "stale": e["stale"], "in_store": g in present}
        for g, e in sorted(catalog.graphs().items())
    ]
    rows += [
        {"graph": g, "how": None, "built": None, "stale": True, "in_store": True}
        for g in sorted(present - set(catalog.graphs()))
    ]
    print_rows(rows, fmt, ["graph", "how", "built", "stale", "in_store"])


@index_app.command("rebuild")
def rebuild(
    store: StoreOption = None,
    graph: Annotated[
        list[str] | None, typer.Option("--graph", "-g", help="Rebuild only this named graph (IRI); repeatable.")
    ] = None,
) -> None:
    """Extract the analytic tables from the store again (all graphs, or those named with --graph).

    Works on every store, the embedded one and a SPARQL endpoint alike (it reads each graph's facts by
    pattern). Example: `patentnav index rebuild --store sparql+http://127.0.0.1:8890/sparql`
    """
    import time

    from patentnav.graph.tables.catalog import tables_of

    s = open_cli_store(store)
    known = set(s.named_graphs())
    unknown = [g for g in graph or [] if g not in known]
    if unknown:
        fail(f"no named graph {unknown[0]!r} in the store; `patentnav index status` lists them", code=2)
    started = time.perf_counter()
    done = tables_of(s).rebuild(graph or None)
    Console(stderr=True).print(
        f"rebuilt the tables of {len(done)} graph(s) in {time.perf_counter() - started:.1f} s", highlight=False
    )


def register(app: typer.Typer) -> None:
    app.add_typer(index_app, rich_help_panel="Data")
