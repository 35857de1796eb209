"""The ``patentnav`` command line: one typer app, commands registered from ``patentnav.commands``.

Run ``patentnav --help`` for the list; every command that touches data takes ``--store URL``.
"""

from __future__ import annotations

import importlib
import warnings

import typer

from patentnav.commands import COMMAND_MODULES

__all__ = ["app", "main"]

app = typer.Typer(
    name="patentnav",
    help=(
        "Patent navigation (专利导航) knowledge graph: industries, support centers, regions and policy tasks "
        "linked with patents, applicants and IPC classes.\n\n"
        "Start with `patentnav serve` (API, SPARQL UI and views on http://127.0.0.1:8000), or ask the graph "
        "directly: `patentnav search 工程机械`, `patentnav related industry/construction-machinery --depth 2`, "
        "`patentnav query 'SELECT ...'`. An empty store is seeded with the Hunan pilot graph."
    ),
    no_args_is_help=True,
    rich_markup_mode="markdown",
    pretty_exceptions_enable=False,
)

for _name in COMMAND_MODULES:
    importlib.import_module(_name).register(app)


def main() -> None:
    """Entry point of the ``patentnav`` script."""
    warnings.filterwarnings("ignore", category=UserWarning, module="cpca")
    warnings.filterwarnings("ignore", category=DeprecationWarning)
    app()
