"""``/analysis/landscape|warnings|layout|targets|key-patents|operations``: the analyses as JSON, with entity IRIs.

Parameters are those of ``patentnav analyze``. Unknown industry or region -> 404, reversed
or malformed period -> 422, no patents in scope -> 404: a problem document, never an empty
200 that would read as "no risk".
"""

from __future__ import annotations

from typing import Annotated, Any

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from patentnav.api.deps import StoreDep
from patentnav.api.scope_params import From, Industry, Plan, Region, To, Top
from patentnav.graph.analysis.scope import resolve_scope
from patentnav.graph.analysis.service import records, run_topic, warning_report
from patentnav.graph.store import PatentStore
from patentnav.graph.tables.engine import analytic_tables

router = APIRouter(prefix="/analysis", tags=["analysis"])


class Table(BaseModel):
    """One result table: its columns, its rows, and metadata (definitions' parameters, caps)."""

    columns: list[str]
    rows: list[dict[str, Any]]
    meta: dict[str, Any] = Field(default_factory=dict)


class TablesState(BaseModel):
    """What the analytic tables had to catch up on before this answer (graphs written since their tables were made)."""

    built: list[str] = Field(default_factory=list, description="Graphs whose tables were made for this answer")
    rebuilt: list[str] = Field(
        default_factory=list, description="Graphs written since their tables were made (SPARQL Update, Graph Store)"
    )
    dropped: list[str] = Field(default_factory=list, description="Graphs gone from the store")


class AnalysisResult(BaseModel):
    """The tables of one analysis for a scope."""

    analysis: str
    scope: dict[str, Any]
    tables: dict[str, Table]
    analytic_tables: TablesState = Field(default_factory=TablesState)


class WarningsResult(BaseModel):
    """Early warnings with severity and evidence, and every check with its status."""

    scope: dict[str, Any]
    thresholds: dict[str, Any]
    checks: list[dict[str, Any]]
    warnings: list[dict[str, Any]]


def _meta(attrs: dict[str, Any]) -> dict[str, Any]:
    return {k: v for k, v in attrs.items() if isinstance(v, str | int | float | bool | dict | list | None)}


async def _tables(store: PatentStore, topic: str, **params: Any) -> AnalysisResult:
    mark = analytic_tables(store).change_count
    tables = await run_in_threadpool(run_topic, store, topic, **params)  # errors: problems by api/errors.py
    scope = {k: params.get(k) for k in ("industry", "region", "start", "end")}
    if params.get("plan") is not None:
        scope["plan"] = params["plan"]
    return AnalysisResult(
        analysis=topic,
        scope=scope,
        tables={n: Table(columns=list(df.columns), rows=records(df), meta=_meta(df.attrs)) for n, df in tables.items()},
        analytic_tables=_tables_state(store, mark),
    )


def _tables_state(store: PatentStore, mark: int) -> TablesState:
    sync = analytic_tables(store).changes_since(mark)
    return TablesState(built=sync.built, rebuilt=sync.rebuilt, dropped=sync.dropped)


@router.get("/landscape", response_model=AnalysisResult)
async def landscape(
    store: StoreDep, industry: Industry = None, region: Region = None, start: From = None, end: To = None, top: Top = 20
) -> AnalysisResult:
    """Trend, applicants (with normalised names and counts), inventors, CR4/CR8/HHI, IPC, legal status,
    life cycle, regions and (with a region) out-of-region and foreign shares."""
    return await _tables(store, "landscape", industry=industry, region=region, start=start, end=end, top=top)


@router.get("/layout", response_model=AnalysisResult)
async def layout(
    store: StoreDep, industry: Industry = None, region: Region = None, start: From = None, end: To = None, top: Top = 20
) -> AnalysisResult:
    """RTA specialisation, white space, partner candidates, support-center coverage, inventor teams."""
    return await _tables(store, "layout", industry=industry, region=region, start=start, end=end, top=top)


@router.get("/key-patents", response_model=AnalysisResult)
async def key_patents(
    store: StoreDep, industry: Industry = None, region: Region = None, start: From = None, end: To = None, top: Top = 50
) -> AnalysisResult:
    """Key patents ranked by a transparent composite (cohort percentiles of forward citations, family
    countries and claims, remaining term, in force, legal events; vendor scores apart), citations between
    organisations, outbound and inbound families, and which fields the loaded sources lack (`checks`)."""
    return await _tables(store, "key-patents", industry=industry, region=region, start=start, end=end, top=top)


@router.get("/operations", response_model=AnalysisResult)
async def operations(
    store: StoreDep, industry: Industry = None, region: Region = None, start: From = None, end: To = None, top: Top = 20
) -> AnalysisResult:
    """Transfers (by year, by transferor -> transferee type and region, top parties), licences, pledges,
    litigation and invalidation requests, and which event fields the loaded sources lack (`checks`)."""
    return await _tables(store, "operations", industry=industry, region=region, start=start, end=end, top=top)


@router.get("/targets", response_model=AnalysisResult)
async def targets(
    store: StoreDep,
    region: Region = None,
    industry: Industry = None,
    year: Annotated[int | None, Query(description="Year-end to assess at (default: the target's deadline)")] = None,
    plan: Plan = None,
) -> AnalysisResult:
    """Invention patents per 10,000 population, official and computed, against the plan's targets.

    With `plan`, that plan's targets only, and a `plan_targets` table first: every target of the plan
    whatever its indicator, with the latest official observation against it (comparator, value,
    deadline) or "no observations loaded". An unknown plan id is a 404 naming the loaded plans."""
    return await _tables(store, "targets", region=region, industry=industry, year=year, plan=plan)


@router.get("/warnings", response_model=WarningsResult)
async def warnings(
    store: StoreDep, industry: Industry = None, region: Region = None, start: From = None, end: To = None
) -> WarningsResult:
    """Early warnings, each with severity, measured value, threshold and evidence (entity IRIs and numbers)."""

    def run() -> dict[str, Any]:
        scope = resolve_scope(store, industry=industry, region=region, start=start, end=end)
        return warning_report(store, scope).to_dict()

    return WarningsResult(**await run_in_threadpool(run))
