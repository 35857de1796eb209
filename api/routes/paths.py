"""``/paths``: the shortest relation paths between two entities, labelled in Chinese and English.

Unknown entity -> 404, malformed reference or bound -> 422 (problem documents). When the
two entities are not linked within ``max_length`` links the answer is a 200 with
``found: false``, no paths and a message saying so: a valid question with a "no" answer.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import APIRouter, Query
from fastapi.concurrency import run_in_threadpool
from pydantic import BaseModel, Field

from patentnav.api.deps import StoreDep
from patentnav.api.problems import Problem
from patentnav.api.schemas import EntitySummary
from patentnav.graph.entities import EntityRef, entity_refs
from patentnav.graph.errors import AnalysisError
from patentnav.graph.network import NoPathError
from patentnav.graph.paths import MAX_LENGTH, PathResult, find_paths, resolve_ref
from patentnav.graph.store import PatentStore

router = APIRouter(tags=["entities"])

_REF_DOC = "An entity IRI or TYPE/ID, e.g. industry/construction-machinery or region/430200"


class Predicate(BaseModel):
    """A relation with its ontology labels."""

    iri: str
    label_zh: str | None = None
    label_en: str | None = None


class PathHop(BaseModel):
    """One link of a path as the triple is stated: subject --predicate--> object."""

    subject: EntitySummary
    predicate: Predicate
    object: EntitySummary
    direction: str = Field(description="forward if the path walks subject -> object, backward if object -> subject")


class RelationPath(BaseModel):
    """A chain of links from the start entity to the end entity."""

    length: int
    hops: list[PathHop]


class PathsResponse(BaseModel):
    """Shortest paths between two entities (all of the same length), or why there is none."""

    source: EntitySummary = Field(serialization_alias="from")
    target: EntitySummary = Field(serialization_alias="to")
    max_length: int
    found: bool
    length: int | None = Field(None, description="Links in each path; null when none was found")
    count: int
    message: str
    paths: list[RelationPath]


def _summary(ref: EntityRef) -> EntitySummary:
    return EntitySummary.of(ref)


def _links(n: int) -> str:
    return f"{n} link" if n == 1 else f"{n} links"


def _predicate(ref: EntityRef) -> Predicate:
    return Predicate(iri=ref.iri, label_zh=ref.label_zh, label_en=ref.label_en)


def _response(result: PathResult) -> PathsResponse:
    paths = [
        RelationPath(
            length=len(path),
            hops=[
                PathHop(
                    subject=_summary(h.subject),
                    predicate=_predicate(h.predicate),
                    object=_summary(h.object),
                    direction="forward" if h.forward else "backward",
                )
                for h in path
            ],
        )
        for path in result.paths
    ]
    n = result.length
    return PathsResponse(
        source=_summary(result.source),
        target=_summary(result.target),
        max_length=result.max_length,
        found=True,
        length=n,
        count=len(paths),
        message=f"{len(paths)} shortest path(s) of {_links(n)}",
        paths=paths,
    )


@router.get(
    "/paths",
    summary="Shortest relation paths between two entities",
    response_model=PathsResponse,
    response_model_by_alias=True,
)
async def get_paths(
    store: StoreDep,
    source: Annotated[str, Query(alias="from", description=_REF_DOC, min_length=1, max_length=500)],
    target: Annotated[str, Query(alias="to", description=_REF_DOC, min_length=1, max_length=500)],
    max_length: Annotated[int, Query(ge=1, le=MAX_LENGTH, description="Longest path to look for, in links")] = 4,
    max_paths: Annotated[int, Query(ge=1, le=100, description="Most paths to return")] = 10,
) -> PathsResponse:
    """The shortest chains of relations linking ``from`` to ``to``, walking links in either direction.

    Type, provenance and scheme links are not walked (they would join everything through a
    hub). Each hop gives the triple as stated, the predicate's zh/en labels and the direction
    the path takes through it.
    """
    try:
        result = await run_in_threadpool(find_paths, store, source, target, max_length=max_length, max_paths=max_paths)
    except NoPathError:
        return await run_in_threadpool(_no_path, store, source, target, max_length)
    except AnalysisError:
        raise  # an unknown entity or a bad bound: worded by api/errors.py
    except ValueError as exc:  # a malformed reference or IRI (analysis errors are ValueErrors too: above)
        raise Problem(422, "Invalid parameters", str(exc)) from exc
    return _response(result)


def _no_path(store: PatentStore, source: str, target: str, max_length: int) -> PathsResponse:
    src, dst = resolve_ref(source), resolve_ref(target)
    refs = entity_refs(store, [src, dst])
    return PathsResponse(
        source=_summary(refs[src]),
        target=_summary(refs[dst]),
        max_length=max_length,
        found=False,
        count=0,
        message=f"no path within {_links(max_length)} between {refs[src].label()} and {refs[dst].label()}",
        paths=[],
    )
