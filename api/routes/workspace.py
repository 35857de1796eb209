"""``/analysis`` in a browser: the analyst's workspace, its scope choices, table downloads and the report.

* ``GET /analysis``: the workspace page (HTML; ``api/static/workspace/``). It reads the JSON of
  ``/analysis/landscape|warnings|layout|targets|key-patents|operations`` for the scope in its URL
  (``/analysis?industry=…&region=…&from=…&to=…&plan=…&lang=en``) and draws it with the vendored ECharts
  (``api/static/echarts/NOTICE.md``). Its Content-Security-Policy allows requests to this server only.
* ``GET /analysis/options``: the industries and regions a scope can name, and the loaded plans
  whose targets the targets panel can show, read from the store.
* ``GET /analysis/{topic}/{table}.csv`` and ``.xlsx``: one table of an analysis, the rows of the JSON.
* ``GET /analysis/report``: ``patentnav report``'s offline HTML page for the scope, as a download.

The analyses take no applicant or IPC filter, so neither does the workspace.

The module stays whole: one router, the workspace page and the routes it calls (scope options, CSV and XLSX
downloads, the report), which share the scope parameters and the file naming.
"""

from __future__ import annotations

import csv
import io
import json
import re
from datetime import UTC, datetime
from importlib import resources
from typing import Annotated, Any, Literal
from urllib.parse import quote

import pandas as pd
import pyoxigraph as ox
from fastapi import APIRouter, Path, Query
from fastapi.concurrency import run_in_threadpool
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from patentnav.api.deps import StoreDep
from patentnav.api.page_policy import SELF_CONTAINED_PAGE, SERVED_PAGE
from patentnav.api.problems import Problem
from patentnav.api.scope_params import From, Industry, Plan, Region, To
from patentnav.graph.analysis.scope import Scope, resolve_scope
from patentnav.graph.analysis.service import records, run_topic
from patentnav.graph.store import PatentStore, select, select_chunks
from patentnav.ontology import PNAV

__all__ = ["router"]

router = APIRouter(prefix="/analysis", tags=["analysis"])

#: Everything from this server, nothing from anywhere else; no inline script, no eval.

_ASSETS = {
    "echarts.min.js": ("echarts", "application/javascript"),
    "workspace.js": ("workspace", "application/javascript"),
    "workspace.css": ("workspace", "text/css"),
    "home.js": ("workspace", "application/javascript"),
}
XLSX_TYPE = "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"
Topic = Literal["landscape", "warnings", "layout", "targets", "key-patents", "operations"]
#: The ``top`` of each topic's JSON route when none is given (a download holds the rows of the JSON).
TOP_DEFAULTS = {"key-patents": 50}
TableName = Annotated[str, Path(pattern=r"^[a-z][a-z0-9_]{0,59}$", description="A table of the topic, e.g. applicants")]
Year = Annotated[int | None, Query(ge=1900, le=2200, description="targets: year-end to assess at")]
DownloadTop = Annotated[
    int | None,
    Query(ge=1, le=1000, description="Rows in ranked tables (default as the JSON route: 50 key patents, else 20)"),
]


# ------------------------------------------------------------------------------------------------ page and assets


@router.get("", response_class=HTMLResponse, include_in_schema=False)
def workspace_page() -> HTMLResponse:
    """The workspace page; the scope lives in its URL and is read by ``workspace.js``.

    Returns
    -------
    HTMLResponse
        The page, with a Content-Security-Policy that forbids requests to any other origin.
    """
    html = resources.files("patentnav.api").joinpath("static", "workspace", "index.html").read_text("utf-8")
    return HTMLResponse(html, headers={"Content-Security-Policy": SERVED_PAGE, "Cache-Control": "no-cache"})


@router.get("/ui/{name}", include_in_schema=False)
def workspace_asset(name: str) -> Response:
    """The workspace's script and style, and the vendored ECharts (never a CDN).

    Parameters
    ----------
    name
        ``echarts.min.js``, ``workspace.js``, ``workspace.css`` or ``home.js``.

    Returns
    -------
    Response
        The file, cacheable for a day (ECharts, versioned, for a week).
    """
    if name not in _ASSETS:
        raise Problem(404, "Not found", f"no workspace asset {name!r}")
    folder, media_type = _ASSETS[name]
    data = resources.files("patentnav.api").joinpath("static", folder, name).read_bytes()
    age = 604800 if folder == "echarts" else 3600
    return Response(data, media_type=media_type, headers={"Cache-Control": f"public, max-age={age}"})


# ------------------------------------------------------------------------------------------------ scope choices


class Label(BaseModel):
    """A name in Chinese and English (either may be missing in the graph)."""

    zh: str | None = None
    en: str | None = None


class IndustryOption(BaseModel):
    """An industry a scope can name."""

    id: str = Field(description="The id the analyses take, e.g. construction-machinery")
    iri: str
    label: Label


class RegionOption(BaseModel):
    """A region a scope can name (province, prefecture, county, city group) or a zone (not a scope)."""

    id: str = Field(description="The id the analyses take: GB/T 2260 code or name, e.g. 430100 or changzhutan")
    iri: str
    kind: Literal["region", "zone"]
    level: str | None = Field(None, description="province, prefecture, county, city group; zone for zones")
    code: str | None = Field(None, description="GB/T 2260 code")
    label: Label
    parents: list[str] = Field(default_factory=list, description="Ids of the regions (zones) it is part of")
    members: list[str] = Field(
        default_factory=list, description="Ids of the regions a city group includes, or a zone lies in"
    )
    scope: bool = Field(description="Whether the analyses accept it as `region` (zones: not yet)")


class PlanOption(BaseModel):
    """A loaded plan whose targets the targets panel (``GET /analysis/targets?plan=``) can show."""

    id: str = Field(description="The id `plan` takes, e.g. hunan-ip-strong-province-pilot")
    iri: str
    label: Label
    fictitious: bool = Field(False, description="The plan says it is a fictitious example")
    targets: int = Field(0, description="How many targets the plan sets")


class ScopeOptions(BaseModel):
    """What the workspace's scope bar offers: industries and regions from the store, and the loaded plans."""

    industries: list[IndustryOption]
    regions: list[RegionOption]
    plans: list[PlanOption] = Field(default_factory=list, description="Loaded plans, as `patentnav policy list`")
    has_patents: bool = Field(description="Whether the store holds any patent")


#: The industries, regions and zones, then their facts: each query one pattern deep, so that a fact every source
#: graph restates (an address's county, its labels and code, once per export file) is one row per graph, not a
#: product of them.
#: (One query joining the seven properties under OPTIONALs counted G^7 rows per region over G graphs: 3.5 s at
#: 11 graphs, minutes at 23, uncancellable.)
_INDUSTRIES = "SELECT DISTINCT ?r WHERE { ?r a pnav:Industry }"
_REGION_NODES = """SELECT DISTINCT ?r ?kind WHERE {
  { ?r a pnav:Region BIND("region" AS ?kind) } UNION { ?r a pnav:Zone BIND("zone" AS ?kind) }
}"""
_FACTS = """SELECT DISTINCT ?r ?p ?o (LANG(?o) AS ?lang) WHERE {
  VALUES ?r { }
  VALUES ?p { pnav:partOfRegion pnav:includesRegion pnav:partOfZone pnav:locatedIn pnav:regionCode pnav:adminLevel
              rdfs:label }
  ?r ?p ?o
}"""
#: Per kind: the property naming its parents, the one naming its members.
_LINKS = {
    "region": (PNAV.partOfRegion, PNAV.includesRegion),
    "zone": (PNAV.partOfZone, PNAV.locatedIn),
}
_LABEL = "http://www.w3.org/2000/01/rdf-schema#label"
_HAS_PATENT = "SELECT ?p WHERE { ?p a pnav:Patent } LIMIT 1"


def _local(iri: str) -> str:
    return iri.rsplit("/", 1)[-1]


def scope_options(store: PatentStore) -> ScopeOptions:
    """Read the industries, regions and zones of ``store`` (three small SPARQL queries).

    Parameters
    ----------
    store
        The store to read.

    Returns
    -------
    ScopeOptions
        Industries by id; regions ordered by code (then id), city groups and zones after them;
        plans by id.
    """
    from patentnav.graph.policy.loader import list_plans

    kinds = sorted(r["r"] for r in select(store, _INDUSTRIES))
    nodes = [(r["r"], r["kind"]) for r in select(store, _REGION_NODES)]
    facts: dict[str, dict[str, set[tuple[str, str]]]] = {}
    iris = sorted({ox.NamedNode(iri) for iri in [*kinds, *(iri for iri, _ in nodes)]}, key=str)
    for r in select_chunks(store, _FACTS, "r", iris):
        facts.setdefault(r["r"], {}).setdefault(r["p"], set()).add((str(r["o"]), (r["lang"] or "").lower()))

    def first(iri: str, prop: str, lang: str | None = None) -> str | None:
        values = sorted(v for v, tag in facts.get(iri, {}).get(prop, ()) if lang is None or tag.split("-")[0] == lang)
        return values[0] if values else None

    def ids(iri: str, prop: str) -> list[str]:
        return sorted({_local(v) for v, _ in facts.get(iri, {}).get(prop, ())})

    industries = [
        IndustryOption(id=_local(iri), iri=iri, label=Label(zh=first(iri, _LABEL, "zh"), en=first(iri, _LABEL, "en")))
        for iri in kinds
    ]
    regions = []
    for iri, kind in nodes:
        parents, members = _LINKS[kind]
        regions.append(
            RegionOption(
                id=_local(iri),
                iri=iri,
                kind=kind,
                level="zone" if kind == "zone" else first(iri, PNAV.adminLevel),
                code=first(iri, PNAV.regionCode),
                label=Label(zh=first(iri, _LABEL, "zh"), en=first(iri, _LABEL, "en")),
                parents=ids(iri, parents),
                members=ids(iri, members),
                scope=kind == "region",
            )
        )
    regions.sort(key=lambda o: (o.kind == "zone", o.code is None, o.code or "", o.id))
    plans = [
        PlanOption(
            id=p["id"],
            iri=p["plan"],
            label=Label(zh=p["label_zh"], en=p["label_en"]),
            fictitious=p["fictitious"],
            targets=p["targets"],
        )
        for p in list_plans(store)
    ]
    return ScopeOptions(
        industries=industries, regions=regions, plans=plans, has_patents=bool(select(store, _HAS_PATENT))
    )


@router.get("/options", response_model=ScopeOptions)
async def options(store: StoreDep) -> ScopeOptions:
    """The industries and regions (with zh/en labels, levels, parents and members) a scope can name,
    and the loaded plans (zh/en labels) whose targets `GET /analysis/targets?plan=` shows.

    Zones are listed for orientation with ``scope: false``: the analyses accept regions only.
    No applicant or IPC filter is offered, because the analyses take none.
    """
    return await run_in_threadpool(scope_options, store)


# ------------------------------------------------------------------------------------------------ downloads


def _file_stem(*parts: str | None) -> str:
    """An ASCII file name stem: ``patentnav-landscape-applicants-construction-machinery-430100``."""
    words = [re.sub(r"[^A-Za-z0-9._]+", "-", p).strip("-.") for p in parts if p]
    return "-".join(w for w in words if w)[:180] or "patentnav"


def _scope_words(scope: Scope) -> list[str | None]:
    years = [f"{scope.start.isoformat() if scope.start else ''}_{scope.end.isoformat() if scope.end else ''}"]
    return [scope.industry_id, scope.region_id, *(years if scope.start or scope.end else [])]


def attachment(filename: str) -> str:
    """A ``Content-Disposition`` value that saves the response as ``filename`` (RFC 6266, RFC 5987).

    Examples
    --------
    >>> attachment("patentnav-report.html")
    'attachment; filename="patentnav-report.html"; filename*=UTF-8\\'\\'patentnav-report.html'
    """
    ascii_name = re.sub(r"[^A-Za-z0-9._-]+", "_", filename)
    return f"attachment; filename=\"{ascii_name}\"; filename*=UTF-8''{quote(filename, safe='')}"


def _cell(value: Any) -> Any:
    """A JSON row value as a spreadsheet cell: lists and objects as JSON text, None as empty."""
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return value


_FORMULA_START = ("=", "+", "-", "@", "\t", "\r")


def csv_text(columns: list[str], rows: list[dict[str, Any]]) -> str:
    """The rows as CSV, with a byte-order mark so that spreadsheet programs read UTF-8.

    Text that a spreadsheet would run as a formula (starting ``=``, ``+``, ``-``, ``@``) is
    prefixed with ``'``; numbers are written as Python writes them (they read back exactly);
    ``true``/``false`` as in JSON; missing values as empty cells.

    Examples
    --------
    >>> csv_text(["name", "patents", "ok"], [{"name": "=1+1", "patents": 2, "ok": True}])
    "\\ufeffname,patents,ok\\r\\n'=1+1,2,true\\r\\n"
    """
    out = io.StringIO()
    out.write("\ufeff")
    writer = csv.writer(out)
    writer.writerow(columns)
    for row in rows:
        line = []
        for column in columns:
            value = _cell(row.get(column))
            if isinstance(value, bool):
                value = "true" if value else "false"
            elif isinstance(value, str) and value.startswith(_FORMULA_START):
                value = "'" + value
            line.append("" if value is None else value)
        writer.writerow(line)
    return out.getvalue()


def xlsx_bytes(name: str, columns: list[str], rows: list[dict[str, Any]], about: dict[str, Any]) -> bytes:
    """The rows as an XLSX workbook: sheet ``name`` (header frozen), and an ``about`` sheet with the scope.

    Text is always stored as text, never as a formula, whatever it starts with. Numbers keep the
    16 significant digits openpyxl writes (Excel shows 15).
    """
    from openpyxl import Workbook
    from openpyxl.cell import WriteOnlyCell
    from openpyxl.cell.cell import ILLEGAL_CHARACTERS_RE
    from openpyxl.styles import Font
    from openpyxl.utils import get_column_letter

    book = Workbook(write_only=True)
    sheet = book.create_sheet(name[:31] or "table")
    sheet.freeze_panes = "A2"
    for i, column in enumerate(columns, start=1):
        longest = max([len(column), *(len(str(_cell(r.get(column)) or "")) for r in rows[:200])])
        sheet.column_dimensions[get_column_letter(i)].width = min(60, max(8, longest + 2))

    def text_cell(ws: Any, value: Any, bold: bool = False) -> Any:
        if isinstance(value, str):
            value = ILLEGAL_CHARACTERS_RE.sub("", value)
        cell = WriteOnlyCell(ws, value=value)
        if isinstance(value, str):
            cell.data_type = "s"  # never a formula
        if bold:
            cell.font = Font(bold=True)
        return cell

    sheet.append([text_cell(sheet, c, bold=True) for c in columns])
    for row in rows:
        sheet.append([text_cell(sheet, _cell(row.get(c))) for c in columns])
    info = book.create_sheet("about")
    for key, value in about.items():
        info.append([text_cell(info, key, bold=True), text_cell(info, _cell(value))])
    out = io.BytesIO()
    book.save(out)
    return out.getvalue()


def _params(topic: str, industry, region, start, end, top, year, plan=None) -> dict[str, Any]:
    """The parameters the JSON route of ``topic`` passes, so a download holds the rows of the JSON."""
    top = top if top is not None else TOP_DEFAULTS.get(topic, 20)
    if topic == "targets":
        return {"industry": industry, "region": region, "year": year, "plan": plan}
    if topic == "warnings":
        return {"industry": industry, "region": region, "start": start, "end": end}
    return {"industry": industry, "region": region, "start": start, "end": end, "top": top}


def topic_table(store: PatentStore, topic: str, table: str, **params: Any) -> tuple[Scope, pd.DataFrame]:
    """Run ``topic`` as its JSON route does and pick ``table``.

    Raises
    ------
    AnalysisError
        The scope is unknown, malformed or empty (as for the JSON route).
    Problem
        404 when the topic has no such table for this scope (the detail lists those it has).
    """
    scope = resolve_scope(
        store,
        industry=params.get("industry"),
        region=params.get("region"),
        start=params.get("start"),
        end=params.get("end"),
    )
    tables = run_topic(store, topic, **params)
    if table not in tables:
        known = ", ".join(tables) or "none"
        raise Problem(404, "Not found", f"{topic} has no table {table!r} for this scope: it has {known}")
    return scope, tables[table]


async def _download(store: PatentStore, topic: str, table: str, fmt: str, **params: Any) -> Response:
    def build() -> Response:
        scope, df = topic_table(store, topic, table, **params)
        columns, rows = list(df.columns), records(df)
        stem = _file_stem("patentnav", topic, table, *_scope_words(scope), params.get("plan"))
        if fmt == "csv":
            body: bytes = csv_text(columns, rows).encode("utf-8")
            media_type = "text/csv; charset=utf-8"
        else:
            about = {
                "analysis": topic,
                "table": table,
                **{k: v for k, v in scope.describe().items()},
                **{k: v for k, v in params.items() if k in ("top", "year", "plan") and v is not None},
                "rows": len(rows),
                "generated": datetime.now(UTC).isoformat(timespec="seconds"),
                "meta": {k: v for k, v in df.attrs.items() if isinstance(v, str | int | float | bool | list | dict)},
            }
            body = xlsx_bytes(table, columns, rows, about)
            media_type = XLSX_TYPE
        return Response(body, media_type=media_type, headers={"Content-Disposition": attachment(f"{stem}.{fmt}")})

    return await run_in_threadpool(build)


_Responses = dict[int | str, dict[str, Any]]  # FastAPI's type of a route's extra responses
_CSV_RESPONSE: _Responses = {200: {"content": {"text/csv": {}}, "description": "The table as CSV (UTF-8 with BOM)"}}
_XLSX_RESPONSE: _Responses = {200: {"content": {XLSX_TYPE: {}}, "description": "The table as an XLSX workbook"}}


@router.get("/{topic}/{table}.csv", response_class=Response, responses=_CSV_RESPONSE)
async def table_csv(
    store: StoreDep,
    topic: Annotated[Topic, Path(description="The analysis")],
    table: TableName,
    industry: Industry = None,
    region: Region = None,
    start: From = None,
    end: To = None,
    top: DownloadTop = None,
    year: Year = None,
    plan: Plan = None,
) -> Response:
    """One table of an analysis as CSV: the rows of ``GET /analysis/{topic}`` for the same scope.

    ``top`` applies to landscape, layout, key-patents and operations (by default as their JSON routes), ``year``
    and ``plan`` to targets (which takes no period), as in the JSON routes.
    """
    params = _params(topic, industry, region, start, end, top, year, plan)
    return await _download(store, topic, table, "csv", **params)


@router.get("/{topic}/{table}.xlsx", response_class=Response, responses=_XLSX_RESPONSE)
async def table_xlsx(
    store: StoreDep,
    topic: Annotated[Topic, Path(description="The analysis")],
    table: TableName,
    industry: Industry = None,
    region: Region = None,
    start: From = None,
    end: To = None,
    top: DownloadTop = None,
    year: Year = None,
    plan: Plan = None,
) -> Response:
    """One table of an analysis as an XLSX workbook (the table, and an ``about`` sheet with the scope)."""
    params = _params(topic, industry, region, start, end, top, year, plan)
    return await _download(store, topic, table, "xlsx", **params)


@router.get(
    "/report",
    response_class=Response,
    responses={200: {"content": {"text/html": {}}, "description": "The offline report, as a download"}},
)
async def report(
    store: StoreDep, industry: Industry = None, region: Region = None, start: From = None, end: To = None
) -> Response:
    """``patentnav report`` for the scope: one self-contained HTML page, saved as a file.

    Sections whose analysis cannot run for the scope say why in the page; an unknown
    industry or region or a malformed period is a problem document, as for the JSON routes.
    """
    from patentnav.graph.viz.report import build_report

    def build() -> tuple[Scope, str]:
        scope = resolve_scope(store, industry=industry, region=region, start=start, end=end)
        return scope, build_report(store, industry=industry, region=region, start=start, end=end)

    scope, html = await run_in_threadpool(build)
    name = _file_stem("patentnav-report", *_scope_words(scope)) + ".html"
    headers = {"Content-Disposition": attachment(name), "Content-Security-Policy": SELF_CONTAINED_PAGE}
    return Response(html, media_type="text/html; charset=utf-8", headers=headers)
