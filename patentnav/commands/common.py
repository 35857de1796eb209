"""Options and helpers shared by the CLI commands."""

from __future__ import annotations

from typing import Annotated, NoReturn

import typer
from rich.console import Console

from patentnav.graph.bootstrap import ensure_seeded
from patentnav.graph.ingest.loader import recover_interrupted
from patentnav.graph.store import PatentStore, StoreError, open_store
from patentnav.output import OutputFormat

__all__ = ["FormatOption", "StoreOption", "fail", "open_cli_store", "resolve_store_url"]

err = Console(stderr=True, soft_wrap=True)  # one message, one line, also in logs and pipes

StoreOption = Annotated[
    str | None,
    typer.Option(
        "--store",
        help="Store URL: oxigraph:///path (on disk), memory:// or sparql+http(s)://host/path (a SPARQL "
        "endpoint such as Virtuoso or Fuseki, see docs/triplestores.md). Default: $PATENTNAV_STORE, "
        "else the embedded store in your user data directory.",
        show_default=False,
    ),
]

FormatOption = Annotated[
    OutputFormat,
    typer.Option("--format", "-f", help="Output format: a table for people, json or csv for programs."),
]


def fail(message: str, code: int = 1) -> NoReturn:
    """Print one clear error line and exit with ``code`` (no traceback)."""
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    raise typer.Exit(code)


def resolve_store_url(url: str | None) -> str:
    """The ``--store`` value, else ``PATENTNAV_STORE``, else the embedded default."""
    if url:
        return url
    from patentnav.settings import get_settings  # pydantic-settings costs ~0.5 s; only when needed

    return get_settings().store


def open_cli_store(url: str | None, *, seed: bool = True) -> PatentStore:
    """Open the store for a command; seed an empty one with the Hunan pilot graph."""
    resolved = resolve_store_url(url)
    try:
        store = open_store(resolved)
    except (StoreError, OSError) as exc:
        fail(str(exc))
    # A killed bulk ingest's partial graph (no completion mark) never reaches a query.
    if recover_interrupted(store):
        err.print("[dim]Removed the partial graph of an interrupted ingest.[/]")
    if seed and ensure_seeded(store):
        err.print(f"[dim]Empty store {resolved}: loaded the bundled Hunan pilot graph.[/]")
    return store
