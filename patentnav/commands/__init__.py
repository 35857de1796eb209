"""CLI command modules. Each exposes ``register(app)``; :data:`COMMAND_MODULES` lists them in help order.

Every command module is imported for ``patentnav --help``, so at module level it imports only typer,
rich and light project modules (ontology, store, entities, output, option enums and limits); pandas,
networkx, pyvis, pyshacl, the ingest readers and pydantic-settings are imported inside the command
that needs them. ``tests/commands/test_startup.py`` fails when one leaks back in.
"""

from __future__ import annotations

COMMAND_MODULES: list[str] = [
    "patentnav.commands.serve",
    "patentnav.commands.query",
    "patentnav.commands.entities",
    "patentnav.commands.paths",
    "patentnav.commands.validate",
    "patentnav.commands.analyze",
    "patentnav.commands.view",
    "patentnav.commands.ingest",
    "patentnav.commands.policy",
    "patentnav.commands.inspect",
    "patentnav.commands.index",
]
