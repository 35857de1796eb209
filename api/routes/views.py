"""``/views/…``: the interactive HTML graph views, with the same parameters as ``patentnav view``.

Pages are self-contained (vis-network inlined) and carry a Content-Security-Policy that
forbids any request out of the page; the details panel links entities to ``/entities/…``.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Annotated, Any, Literal

from fastapi import APIRouter, Path, Query
from fastapi.responses import HTMLResponse

from patentnav.api.deps import StoreDep
from patentnav.api.page_policy import SELF_CONTAINED_PAGE
from patentnav.api.problems import Problem
from patentnav.graph.entities import MAX_DEPTH
from patentnav.graph.errors import AnalysisError
from patentnav.graph.viz.limits import DEFAULT_MAX_LINKS, HARD_MAX_LINKS
from patentnav.graph.viz.render import DEFAULT_MAX_NODES, HARD_MAX_NODES
from patentnav.graph.viz.views import (
    citations_view,
    coapplicants_view,
    entity_view,
    ipc_view,
    landscape_view,
    overview_view,
    transfers_view,
)
from patentnav.ontology import ENTITY_TYPES, entity_iri

router = APIRouter(prefix="/views", tags=["views"])

ENTITY_BASE = "/entities/"
Lang = Annotated[Literal["zh", "en"], Query(description="Label language at first (the page has a toggle)")]
MaxNodes = Annotated[
    int, Query(ge=1, le=HARD_MAX_NODES, description="Cap: the nodes with most patents are kept, the rest listed")
]
Industry = Annotated[str | None, Query(max_length=300, description="Industry id or IRI, e.g. construction-machinery")]
Region = Annotated[str | None, Query(max_length=300, description="Region id or IRI, e.g. 430100 or changzhutan")]
_HTML_RESPONSE: dict[int | str, dict[str, Any]] = {
    200: {"content": {"text/html": {}}, "description": "A self-contained HTML page"}
}


def _page(build: Callable[[], str]) -> HTMLResponse:
    try:
        html = build()
    except AnalysisError:
        raise  # worded for the views by api/errors.py
    except ValueError as exc:  # a bad language, level, kind or cap
        raise Problem(400, "Invalid parameters", str(exc)) from exc
    return HTMLResponse(html, headers={"Content-Security-Policy": SELF_CONTAINED_PAGE})


@router.get("/overview", response_class=HTMLResponse, responses=_HTML_RESPONSE)
def overview(
    store: StoreDep,
    lang: Lang = "zh",
    plan: Annotated[
        str | None, Query(max_length=200, description="Id of a loaded plan (GET /policy); default the Hunan pilot")
    ] = None,
) -> HTMLResponse:
    """Policy overview: plan -> tasks and targets -> industries -> support centers -> regions/zones -> agencies."""
    return _page(lambda: overview_view(store, lang=lang, entity_base=ENTITY_BASE, plan=plan))


@router.get("/entity/{entity_type}/{entity_id}", response_class=HTMLResponse, responses=_HTML_RESPONSE)
def entity(
    store: StoreDep,
    entity_type: Annotated[str, Path(description=f"One of: {', '.join(ENTITY_TYPES)}")],
    entity_id: Annotated[str, Path(max_length=200, description="Entity id within its type")],
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Hops to walk")] = 1,
    types: Annotated[list[str] | None, Query(alias="type", description="Keep only these entity types")] = None,
    relations: Annotated[list[str] | None, Query(alias="relation", description="Walk only these relations")] = None,
    lang: Lang = "zh",
    max_nodes: MaxNodes = DEFAULT_MAX_NODES,
) -> HTMLResponse:
    """An entity's neighbourhood at depth 1-3, filtered by relation and type."""
    try:
        iri = entity_iri(entity_type, entity_id)
    except ValueError as exc:
        raise Problem(404, "Unknown entity", str(exc)) from exc
    return _page(
        lambda: entity_view(
            store,
            iri,
            depth=depth,
            types=types,
            relations=relations,
            lang=lang,
            max_nodes=max_nodes,
            entity_base=ENTITY_BASE,
        )
    )


@router.get("/landscape", response_class=HTMLResponse, responses=_HTML_RESPONSE)
def landscape(
    store: StoreDep,
    industry: Annotated[str, Query(max_length=300, description="Industry id or IRI, e.g. construction-machinery")],
    region: Region = None,
    lang: Lang = "zh",
    max_nodes: MaxNodes = DEFAULT_MAX_NODES,
) -> HTMLResponse:
    """An industry x region landscape: applicants, IPC classes, support centers, sized by patent count."""
    return _page(
        lambda: landscape_view(store, industry, region, lang=lang, max_nodes=max_nodes, entity_base=ENTITY_BASE)
    )


@router.get("/coapplicants", response_class=HTMLResponse, responses=_HTML_RESPONSE)
def coapplicants(
    store: StoreDep,
    industry: Industry = None,
    region: Region = None,
    lang: Lang = "zh",
    max_nodes: MaxNodes = DEFAULT_MAX_NODES,
) -> HTMLResponse:
    """Co-applicant network, coloured by Louvain community."""
    return _page(
        lambda: coapplicants_view(
            store, industry=industry, region=region, lang=lang, max_nodes=max_nodes, entity_base=ENTITY_BASE
        )
    )


@router.get("/ipc", response_class=HTMLResponse, responses=_HTML_RESPONSE)
def ipc(
    store: StoreDep,
    industry: Industry = None,
    region: Region = None,
    lang: Lang = "zh",
    max_nodes: MaxNodes = DEFAULT_MAX_NODES,
    level: Annotated[
        Literal["main_group", "subclass"], Query(description="Roll IPC classes up to main groups or subclasses")
    ] = "main_group",
) -> HTMLResponse:
    """IPC co-classification communities."""
    return _page(
        lambda: ipc_view(
            store,
            industry=industry,
            region=region,
            lang=lang,
            max_nodes=max_nodes,
            entity_base=ENTITY_BASE,
            level=level,
        )
    )


@router.get("/citations", response_class=HTMLResponse, responses=_HTML_RESPONSE)
def citations(
    store: StoreDep,
    industry: Industry = None,
    region: Region = None,
    lang: Lang = "zh",
    max_nodes: MaxNodes = DEFAULT_MAX_NODES,
    level: Annotated[
        Literal["org", "patent"], Query(description="Nodes: organisations (applicants) or patents")
    ] = "org",
) -> HTMLResponse:
    """Citation network (citing -> cited) of organisations or patents, coloured by Louvain community, sized by
    forward citations."""
    return _page(
        lambda: citations_view(
            store,
            industry=industry,
            region=region,
            level=level,
            lang=lang,
            max_nodes=max_nodes,
            entity_base=ENTITY_BASE,
        )
    )


@router.get("/transfers", response_class=HTMLResponse, responses=_HTML_RESPONSE)
def transfers(
    store: StoreDep,
    industry: Industry = None,
    region: Region = None,
    lang: Lang = "zh",
    level: Annotated[
        Literal["province", "prefecture", "county"], Query(description="Administrative level of the places")
    ] = "prefecture",
    max_links: Annotated[
        int, Query(ge=1, le=HARD_MAX_LINKS, description="Cap: the widest flows are drawn, the rest counted")
    ] = DEFAULT_MAX_LINKS,
    mode: Annotated[
        Literal["type", "region"], Query(description="Flows shown first: by organisation type or by place")
    ] = "type",
) -> HTMLResponse:
    """Patent transfer flows, transferor -> transferee, by organisation type or by place (a Sankey)."""
    return _page(
        lambda: transfers_view(
            store,
            industry=industry,
            region=region,
            level=level,
            lang=lang,
            max_links=max_links,
            mode=mode,
            entity_base=ENTITY_BASE,
        )
    )
