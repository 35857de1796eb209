"""Policy plans as data: a plan written in a workbook (XLSX, or the same tables as YAML) becomes a named graph.

The people who write plans use spreadsheets; this package turns one into the graph the rest of
patentnav reads (overview, related lookups, center coverage, target tracking), checked, with
provenance, and back:

* :mod:`~patentnav.graph.policy.model` -- the sheets (``plan``/``规划``, ``tasks``/``任务`` …),
  their columns in English and Chinese, and the tables a workbook holds;
* :mod:`~patentnav.graph.policy.reader` -- XLSX (openpyxl, read-only, zip-checked) and YAML;
* :mod:`~patentnav.graph.policy.check` -- every bad input, one problem each (sheet, row, column,
  reason);
* :mod:`~patentnav.graph.policy.writer` -- the RDF of the rows and the provenance of the graph;
* :mod:`~patentnav.graph.policy.shapes` -- SHACL validation before anything is written;
* :mod:`~patentnav.graph.ingest.plan_links` -- ``pnav:inIndustry`` links of patents to a plan's
  industries, from its IPC rows, kept in the plan's graph (in ingest, which keeps them current);
* :mod:`~patentnav.graph.policy.loader` -- add (atomic, idempotent by SHA-256), list, remove,
  export;
* :mod:`~patentnav.graph.policy.export` and :mod:`~patentnav.graph.policy.files` -- a plan back
  as tables, written as XLSX or YAML; the template.

The bundled Hunan pilot is ``data/hunan_pilot.yaml``, loaded by
:mod:`patentnav.graph.bootstrap` through :func:`add_plan` like any other plan.

>>> from patentnav.graph.policy import SHEETS
>>> list(SHEETS)[:3]
['plan', 'sources', 'agencies']
"""

from __future__ import annotations

from patentnav.graph.policy.files import write_template, write_workbook
from patentnav.graph.policy.loader import (
    PILOT_PLAN,
    PlanNotFoundError,
    PlanResult,
    add_plan,
    export_plan,
    find_plan,
    list_plans,
    plan_graph_iri,
    plan_ntriples,
    remove_plan,
)
from patentnav.graph.policy.model import SHEETS, InputProblem, PlanConflictError, PlanInputError, Workbook
from patentnav.graph.policy.reader import read_workbook

__all__ = [
    "PILOT_PLAN",
    "SHEETS",
    "InputProblem",
    "PlanConflictError",
    "PlanInputError",
    "PlanNotFoundError",
    "PlanResult",
    "Workbook",
    "add_plan",
    "export_plan",
    "find_plan",
    "list_plans",
    "plan_graph_iri",
    "plan_ntriples",
    "read_workbook",
    "remove_plan",
    "write_template",
    "write_workbook",
]
