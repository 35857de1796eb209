"""CLI command modules. Each exposes ``register(app)``; :data:`COMMAND_MODULES` lists them in help order."""

from __future__ import annotations

COMMAND_MODULES: list[str] = [
    "patentnav.commands.serve",
    "patentnav.commands.query",
    "patentnav.commands.entities",
    "patentnav.commands.validate",
    "patentnav.commands.view",
]
