"""``/search?q=``: entities by label in Chinese or English, ranked."""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from pydantic import BaseModel

from patentnav.api.deps import StoreDep
from patentnav.api.problems import Problem
from patentnav.api.schemas import EntitySummary
from patentnav.graph.entities import search
from patentnav.ontology import ENTITY_TYPES

router = APIRouter(tags=["entities"])


class SearchResult(BaseModel):
    """A matching entity, the label that matched and its score (higher is better)."""

    entity: EntitySummary
    matched: str
    score: float


class SearchResponse(BaseModel):
    """Search results, best first."""

    query: str
    count: int
    results: list[SearchResult]


@router.get("/search", summary="Search entities by label", response_model=SearchResponse)
def search_entities(
    store: StoreDep,
    q: Annotated[str, Query(min_length=1, max_length=200, description="Text in a zh or en label, e.g. 工程机械")],
    type: Annotated[list[str] | None, Query(description=f"Keep only these types: {', '.join(ENTITY_TYPES)}")] = None,
    limit: Annotated[int, Query(ge=1, le=200)] = 20,
) -> SearchResponse:
    """Entities whose label contains ``q``: exact matches first, then prefixes, then the rest."""
    unknown = set(type or []) - set(ENTITY_TYPES)
    if unknown:
        raise Problem(422, "Invalid parameters", f"unknown type(s) {sorted(unknown)}")
    try:
        hits = search(store, q, limit=limit, types=type)
    except ValueError as exc:
        raise Problem(422, "Invalid parameters", str(exc)) from exc
    return SearchResponse(
        query=q,
        count=len(hits),
        results=[SearchResult(entity=EntitySummary.of(h.entity), matched=h.matched, score=h.score) for h in hits],
    )
