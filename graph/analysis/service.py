"""One entry point per analysis topic, shared by the CLI, the API and the report.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> sorted(run_topic(store, "targets"))
['targets']
>>> list(run_topic(store, "targets", plan="hunan-ip-strong-province-pilot"))
['plan_targets', 'targets']
>>> run_topic(store, "landscape", industry="no-such-industry")  # doctest: +ELLIPSIS
Traceback (most recent call last):
...
patentnav.graph.errors.UnknownEntityError: unknown industry 'no-such-industry': known industry ids include ...
"""

from __future__ import annotations

import math
from collections.abc import Callable, Hashable
from dataclasses import replace
from datetime import date
from typing import Any, TypeVar

import pandas as pd

from patentnav.graph.analysis.key_patents import key_patents
from patentnav.graph.analysis.landscape import landscape
from patentnav.graph.analysis.operations import operations
from patentnav.graph.analysis.planning import layout
from patentnav.graph.analysis.scope import EmptyScopeError, InvalidParameterError, Scope, resolve_scope
from patentnav.graph.analysis.targets import plan_targets, target_progress
from patentnav.graph.analysis.warnings import WarningReport, WarningThresholds, early_warnings
from patentnav.graph.store import PatentStore

__all__ = ["TOPICS", "records", "run_topic", "warning_report"]

_T = TypeVar("_T")

TOPICS = ("landscape", "warnings", "layout", "targets", "key-patents", "operations")


def warning_report(
    store: PatentStore, scope: Scope, thresholds: WarningThresholds | None = None, as_of: date | None = None
) -> WarningReport:
    """The early-warning report (see :func:`~patentnav.graph.analysis.warnings.early_warnings`), kept per state
    of the analytic tables like every topic's result (:func:`_kept`); the lists are the caller's own."""
    t = thresholds or WarningThresholds()
    key = ("warnings", scope, scope.region_set, t, as_of or date.today())
    report = _kept(store, key, lambda: early_warnings(store, scope, t, as_of=as_of), lambda r: 1 + len(r.warnings))
    return replace(report, checks=list(report.checks), warnings=list(report.warnings))


def _kept(store: PatentStore, key: Hashable, compute: Callable[[], _T], cells: Callable[[_T], int]) -> _T:
    """A topic's result for ``key`` (the topic, the resolved scope with its regions, its parameters and the day
    it counts from), computed once per state of the analytic tables: an analyst back at a scope has it at once.

    Only for the topics that read nothing but the tables (targets also read plans and observations by SPARQL).
    """
    from patentnav.graph.tables.engine import analytic_tables  # DuckDB: imported when an analysis runs

    return analytic_tables(store).kept(key, compute, cells)


def _tables_kept(
    store: PatentStore, key: Hashable, compute: Callable[[], dict[str, pd.DataFrame]]
) -> dict[str, pd.DataFrame]:
    tables = _kept(store, key, compute, lambda found: sum(df.size for df in found.values()))
    return {name: df.copy() for name, df in tables.items()}


def run_topic(
    store: PatentStore,
    topic: str,
    *,
    industry: str | None = None,
    region: str | None = None,
    start: str | None = None,
    end: str | None = None,
    top: int = 20,
    year: int | None = None,
    plan: str | None = None,
    thresholds: WarningThresholds | None = None,
) -> dict[str, pd.DataFrame]:
    """Resolve the parameters and run one topic; return its tables by name.

    ``plan`` (targets only): the id of a loaded plan; the answer then has ``plan_targets`` (every
    target of the plan, each against the latest official figure of its indicator) before
    ``targets`` (that plan's invention patents per 10,000 population, official and computed).
    """
    if topic not in TOPICS:
        raise InvalidParameterError(f"unknown analysis {topic!r}: use one of {', '.join(TOPICS)}")
    scope = resolve_scope(store, industry=industry, region=region, start=start, end=end)
    key = (topic, scope, scope.region_set, top, date.today())
    if topic == "landscape":
        return _tables_kept(store, key, lambda: landscape(store, scope, top=top))
    if topic == "layout":
        return _tables_kept(store, key, lambda: layout(store, scope, top=top))
    if topic == "key-patents":
        return _tables_kept(store, key, lambda: key_patents(store, scope, limit=top))
    if topic == "operations":
        return _tables_kept(store, key, lambda: operations(store, scope, limit=top))
    if topic == "warnings":
        report = warning_report(store, scope, thresholds)
        return {"warnings": report.to_frame(), "checks": report.checks_frame()}
    if plan is None:
        return {"targets": target_progress(store, year=year, region=scope.region, scope=scope)}
    progress = target_progress(store, year=year, region=scope.region, scope=scope, plan=plan)
    overview = plan_targets(store, plan, year=year, region=scope.region, progress=progress)
    if overview.empty:
        where = f" for {scope.region_id}" if scope.region else ""
        raise EmptyScopeError(f"plan {overview.attrs['plan']!r} has no target{where}")
    return {"plan_targets": overview, "targets": progress}


def _plain(value: Any) -> Any:
    if value is None:
        return None
    if hasattr(value, "item") and not isinstance(value, list | dict | str):
        value = value.item()
    if isinstance(value, float) and (math.isnan(value) or math.isinf(value)):
        return None
    return value


def records(df: pd.DataFrame) -> list[dict[str, Any]]:
    """A DataFrame as JSON-ready rows (numpy scalars to Python, NaN to None)."""
    return [{k: _plain(v) for k, v in row.items()} for row in df.to_dict("records")]
