"""Bundled data: the Hunan pilot graph and reference tables, read with importlib.resources.

>>> pilot_graph_path().name
'hunan_pilot.ttl'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_path", "pilot_graph_path"]


def data_path(name: str) -> Path:
    """Path of a file shipped in ``patentnav.data`` (e.g. ``"reference/population.csv"``)."""
    return Path(str(resources.files(__name__).joinpath(name)))


def pilot_graph_path() -> Path:
    """Path of the Hunan supporting-type IP-strong-province pilot graph (Turtle)."""
    return data_path("hunan_pilot.ttl")
