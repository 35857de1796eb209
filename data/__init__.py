"""Bundled data: the Hunan pilot plan and reference tables, read with importlib.resources.

>>> pilot_graph_path().name
'hunan_pilot.yaml'
"""

from __future__ import annotations

from importlib import resources
from pathlib import Path

__all__ = ["data_path", "pilot_graph_path", "pilot_plan_path"]


def data_path(name: str) -> Path:
    """Path of a file shipped in ``patentnav.data`` (e.g. ``"reference/population.csv"``)."""
    return Path(str(resources.files(__name__).joinpath(name)))


def pilot_plan_path() -> Path:
    """Path of the Hunan supporting-type IP-strong-province pilot as a policy workbook (YAML tables).

    The pilot graph is made from it (:func:`patentnav.graph.bootstrap.seed`); for its triples without a
    store, see :func:`patentnav.graph.policy.plan_triples`.
    """
    return data_path("hunan_pilot.yaml")


#: The file the pilot graph is made from (the name from when that file was Turtle).
pilot_graph_path = pilot_plan_path
