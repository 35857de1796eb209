"""Entities: ``/entities/{type}/{id}`` (JSON, JSON-LD, Turtle, HTML) and ``…/related``.

The graph's IRIs ``https://w3id.org/patentnav/id/{type}/{id}`` resolve here.
"""

from __future__ import annotations

import csv
import io
from html import escape
from typing import Annotated
from urllib.parse import urlencode

import pyoxigraph as ox
from fastapi import APIRouter, Path, Query, Request
from fastapi.responses import HTMLResponse, Response
from pydantic import BaseModel, Field

from patentnav.api.deps import StoreDep
from patentnav.api.negotiation import GRAPH_FORMATS, best_match, xml_refusal
from patentnav.api.problems import Problem
from patentnav.api.schemas import EntitySummary
from patentnav.graph.entities import (
    MAX_DEPTH,
    MAX_LINKS_SHOWN,
    EntityRef,
    LinkPage,
    describe,
    entity_refs,
    links_page,
    property_iri,
    related,
)
from patentnav.graph.errors import UnknownEntityError
from patentnav.graph.ipc_titles import short_title, title_for, titles_note
from patentnav.ontology import ENTITY_TYPES, entity_iri

router = APIRouter(prefix="/entities", tags=["entities"])

_ID_DOC = "Entity id within its type, e.g. 430200 for region/430200 or construction-machinery for an industry"
_JSON = "application/json"
_HTML = "text/html"
_FORMAT_NAMES = {
    "json": _JSON,
    "html": _HTML,
    "jsonld": "application/ld+json",
    "turtle": "text/turtle",
    "ntriples": "application/n-triples",
    "rdfxml": "application/rdf+xml",
}
#: Links a page lists per property and direction, and related entities a page returns, unless asked for more:
#: a first page that answers fast for an organisation with 150,000 patents (``links`` / ``limit`` ask for more).
LINKS_PAGE = 20
RELATED_PAGE = 20
EntityType = Annotated[str, Path(description=f"One of: {', '.join(ENTITY_TYPES)}")]
EntityId = Annotated[str, Path(description=_ID_DOC, max_length=200)]


class PropertyValue(BaseModel):
    """A literal property of an entity."""

    property: str
    value: str
    language: str | None = None
    datatype: str | None = None


class Link(BaseModel):
    """A link from or to another entity."""

    property: str
    entity: EntitySummary


class LinkCountItem(BaseModel):
    """How many entities are linked by one property in one direction, and how many of them are listed."""

    direction: str = Field(description="out (this entity is the subject) or in (it is the object)")
    property: str
    count: int = Field(description="Distinct entities linked by this property, over all graphs")
    shown: int = Field(description="Of them in links_out / links_in (at most `links` per property and direction)")
    source: str = Field(
        "links",
        description="Where count comes from: links (every link was read), graph (a SPARQL count) or tables (the "
        "analytic tables, used only when they match the store as it stands)",
    )
    pages: str | None = Field(
        None, description="When only some are listed: the API path that lists all of them, a page at a time"
    )


class EntityDetail(BaseModel):
    """An entity with its literal properties and links in both directions."""

    entity: EntitySummary
    title: str | None = Field(
        None,
        description="An IPC class's title: WIPO's English IPC title, when the optional ipc-titles extra is "
        "installed (uv sync --extra ipc-titles); null otherwise and for other entities. Chinese titles are "
        "not available.",
    )
    title_note: str | None = Field(
        None, description="For an IPC class: where its title comes from, or how to install the titles"
    )
    properties: list[PropertyValue]
    links_out: list[Link]
    links_in: list[Link]
    link_counts: list[LinkCountItem] = Field(
        description="Per property and direction: how many entities are linked and how many are listed"
    )
    truncated: bool = Field(description="Whether some links are counted in link_counts but not listed")


class LinkPageResponse(BaseModel):
    """One page of the entities linked to an entity by one property in one direction, in the store's order."""

    entity: EntitySummary
    property: str
    direction: str = Field(description="out (the entity is the subject) or in (it is the object)")
    count: int = Field(description="Distinct entities linked by this property in this direction, over all graphs")
    source: str = Field(description="Where count comes from: graph (a SPARQL count) or tables (the analytic tables)")
    offset: int
    limit: int
    items: list[EntitySummary]
    next: str | None = Field(None, description="The API path of the next page; null on the last")
    previous: str | None = Field(None, description="The API path of the page before; null on the first")


class PathStep(BaseModel):
    """One edge of a relation path: subject --property--> object."""

    subject: str
    property: str
    object: str


class RelatedItem(BaseModel):
    """A related entity, its distance and the path that links it to the start."""

    entity: EntitySummary
    depth: int
    path: list[PathStep]


class RelatedResponse(BaseModel):
    """Related entities of a start entity."""

    start: EntitySummary
    depth: int
    count: int = Field(description="Entities in items")
    truncated: bool = Field(
        description="Whether more related entities exist than listed: the limit, or a walk's bound of 2,000 "
        "links per hop and direction, cut the list"
    )
    items: list[RelatedItem]


def _iri(entity_type: str, entity_id: str) -> str:
    try:
        return entity_iri(entity_type, entity_id)
    except ValueError as exc:
        raise Problem(404, "Unknown entity", str(exc)) from exc


@router.get(
    "/{entity_type}/{entity_id}",
    summary="One entity (JSON, JSON-LD, Turtle or HTML by Accept)",
    response_model=EntityDetail,
    responses={200: {"content": {_HTML: {}, **{m: {} for m in GRAPH_FORMATS}}}},
)
def get_entity(
    request: Request,
    store: StoreDep,
    entity_type: EntityType,
    entity_id: EntityId,
    format: Annotated[
        str | None,
        Query(description="Override Accept: json, jsonld, turtle, ntriples, rdfxml or html", max_length=20),
    ] = None,
    links: Annotated[
        int,
        Query(
            ge=1,
            le=MAX_LINKS_SHOWN,
            description="Links to list per property and direction; the others are counted in link_counts",
        ),
    ] = LINKS_PAGE,
) -> Response | EntityDetail:
    """The entity with its labels, properties and links (``links`` of them per property and direction)."""
    iri = _iri(entity_type, entity_id)
    offered = [_JSON, _HTML, *GRAPH_FORMATS]
    media: str | None
    if format is not None:
        if format not in _FORMAT_NAMES:
            raise Problem(422, "Invalid parameters", f"format must be one of {', '.join(_FORMAT_NAMES)}")
        media = _FORMAT_NAMES[format]
    else:
        media = best_match(request.headers.get("accept"), offered)
    if media is None:
        raise Problem(406, "Not acceptable", f"entities are available as {', '.join(offered)}")
    d = describe(store, iri, links_shown=links)
    if media in GRAPH_FORMATS:
        result = store.query(
            "CONSTRUCT { ?e ?p ?o . ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l } "
            "WHERE { ?e ?p ?o OPTIONAL { ?o <http://www.w3.org/2000/01/rdf-schema#label> ?l } }",
            substitutions={"e": ox.NamedNode(iri)},
        )
        assert isinstance(result, ox.QueryTriples)
        body = result.serialize(format=GRAPH_FORMATS[media]) or b""
        refused = xml_refusal(body, media)
        if refused:
            raise Problem(406, "Not acceptable", refused)
        return Response(body, media_type=media)
    is_ipc = d.entity.type == "ipc"
    detail = EntityDetail(
        entity=EntitySummary.of(d.entity),
        title=title_for(iri) if is_ipc else None,
        title_note=titles_note("en") if is_ipc else None,
        properties=[
            PropertyValue(
                property=p,
                value=o.value,
                language=o.language,
                datatype=None if o.language else o.datatype.value,
            )
            for p, o in d.properties
        ],
        links_out=[Link(property=p, entity=EntitySummary.of(r)) for p, r in d.links_out],
        links_in=[Link(property=p, entity=EntitySummary.of(r)) for p, r in d.links_in],
        link_counts=[
            LinkCountItem(
                direction=c.direction,
                property=c.predicate,
                count=c.count,
                shown=c.shown,
                source=c.source,
                pages=_pages_path(entity_type, entity_id, c.predicate, c.direction) if c.shown < c.count else None,
            )
            for c in d.link_counts
        ],
        truncated=d.truncated,
    )
    if media == _HTML:
        predicates = {x.property for x in detail.properties} | {x.property for x in detail.links_out + detail.links_in}
        return HTMLResponse(_entity_page(detail, entity_refs(store, predicates), links))
    return Response(detail.model_dump_json(), media_type=_JSON)  # pydantic-core writes the JSON


def _pages_path(entity_type: str, entity_id: str, predicate: str, direction: str, **more: int) -> str:
    """The API path of the paged list of one property's links (``more``: offset, limit)."""
    query = urlencode({"property": predicate, "direction": direction, **more})
    return f"/entities/{entity_type}/{entity_id}/links?{query}"


@router.get(
    "/{entity_type}/{entity_id}/links",
    summary="All entities linked by one property, a page at a time (JSON, CSV or HTML by Accept)",
    response_model=LinkPageResponse,
    responses={200: {"content": {_HTML: {}, "text/csv": {}}}},
)
def get_links(
    request: Request,
    store: StoreDep,
    entity_type: EntityType,
    entity_id: EntityId,
    property: Annotated[
        str,
        Query(
            description="The property: a pnav local name (applicant), a prefixed name (pnav:holder) or a full IRI",
            max_length=500,
        ),
    ],
    direction: Annotated[
        str, Query(pattern="^(in|out)$", description="in: entities linking to this one; out: those it links to")
    ] = "in",
    offset: Annotated[int, Query(ge=0, le=10_000_000, description="Links to skip, in the store's order")] = 0,
    limit: Annotated[int, Query(ge=1, le=MAX_LINKS_SHOWN, description="Links on this page")] = 100,
    format: Annotated[
        str | None, Query(description="Override Accept: json, csv or html", pattern="^(json|csv|html)$")
    ] = None,
) -> Response:
    """The entities linked to this one by ``property``, ``limit`` of them from ``offset``, with the total count
    and the paths of the pages before and after: how a client reads all 16,000 patents of an applicant whose
    page lists 20. An unknown entity is a 404, a property that is not one a 422 (:mod:`patentnav.api.errors`)."""
    iri = _iri(entity_type, entity_id)
    try:
        predicate = property_iri(property)
    except ValueError as exc:
        raise Problem(422, "Invalid parameters", str(exc)) from exc
    media = {"json": _JSON, "csv": "text/csv", "html": _HTML}.get(format or "") or best_match(
        request.headers.get("accept"), [_JSON, _HTML, "text/csv"]
    )
    if media is None:
        raise Problem(406, "Not acceptable", f"links are available as {_JSON}, {_HTML} and text/csv")
    page = links_page(store, iri, predicate, direction, offset=offset, limit=limit)
    answer = _link_page_answer(page, entity_type, entity_id, limit)
    if media == "text/csv":
        return _links_csv(answer, entity_type, entity_id)
    if media == _HTML:
        here = _pages_path(entity_type, entity_id, predicate, direction, offset=offset, limit=limit)
        return HTMLResponse(_links_page_html(answer, entity_refs(store, [predicate]), here))
    return Response(answer.model_dump_json(), media_type=_JSON)


def _link_page_answer(page: LinkPage, entity_type: str, entity_id: str, limit: int) -> LinkPageResponse:
    def at(offset: int | None) -> str | None:
        return (
            None
            if offset is None
            else _pages_path(entity_type, entity_id, page.predicate, page.direction, offset=offset, limit=limit)
        )

    return LinkPageResponse(
        entity=EntitySummary.of(page.entity),
        property=page.predicate,
        direction=page.direction,
        count=page.count,
        source=page.source,
        offset=page.offset,
        limit=limit,
        items=[EntitySummary.of(r) for r in page.items],
        next=at(page.next_offset),
        previous=at(max(0, page.offset - limit) if page.offset else None),
    )


def _links_csv(answer: LinkPageResponse, entity_type: str, entity_id: str) -> Response:
    """The page as CSV with a BOM (Excel opens it as UTF-8): one row per linked entity."""
    buffer = io.StringIO()
    writer = csv.writer(buffer)
    writer.writerow(["iri", "type", "label_zh", "label_en"])
    writer.writerows([e.iri, e.type or "", e.label_zh or "", e.label_en or ""] for e in answer.items)
    local = answer.property.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    name = f"patentnav-{entity_type}-{entity_id}-{answer.direction}-{local}-{answer.offset}.csv"
    safe = "".join(ch if ch.isascii() and (ch.isalnum() or ch in "-_.") else "_" for ch in name)
    return Response(
        "\ufeff" + buffer.getvalue(),
        media_type="text/csv; charset=utf-8",
        headers={"Content-Disposition": f'attachment; filename="{safe}"'},
    )


def _links_page_html(answer: LinkPageResponse, labels: dict[str, EntityRef], here: str) -> str:
    """The page as HTML; ``here`` is its own API path (for its CSV and JSON links)."""
    e = answer.entity
    title = escape(e.label_zh or e.label_en or e.iri)
    arrow = "→" if answer.direction == "out" else "←"
    first, last = answer.offset + 1, answer.offset + len(answer.items)
    shown = f"{first:,}–{last:,} / {answer.count:,}" if answer.items else f"0 / {answer.count:,}"
    nav = " · ".join(
        f'<a href="{escape(path, quote=True)}" rel="{rel}">{text}</a>'
        for path, rel, text in ((answer.previous, "prev", "← 上一页 previous"), (answer.next, "next", "下一页 next →"))
        if path
    )
    items = "".join(f"<li>{_link(item)}</li>" for item in answer.items)
    as_csv, as_json = (escape(f"{here}&format={fmt}", quote=True) for fmt in ("csv", "json"))
    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title} · patentnav</title>
<style>body{{font-family:"WenQuanYi Zen Hei",sans-serif;margin:2em;max-width:70em}}</style>
</head><body><p><a href="/">patentnav</a> · <a href="{escape(e.href or e.iri, quote=True)}">{title}</a></p>
<h1>{title} {arrow} {_property(answer.property, labels)}</h1><p>{shown} · {nav}</p><ol start="{first}">{items}</ol>
<p>{nav}</p><p>Also as <a href="{as_csv}">CSV</a> or <a href="{as_json}">JSON</a>.</p>
</body></html>"""


@router.get("/{entity_type}/{entity_id}/related", summary="Related entities", response_model=RelatedResponse)
def get_related(
    store: StoreDep,
    entity_type: EntityType,
    entity_id: EntityId,
    depth: Annotated[int, Query(ge=1, le=MAX_DEPTH, description="Hops to walk")] = 1,
    type: Annotated[list[str] | None, Query(description=f"Keep only these types: {', '.join(ENTITY_TYPES)}")] = None,
    relation: Annotated[
        list[str] | None, Query(description="Walk only these relations (pnav local names or IRIs)")
    ] = None,
    limit: Annotated[int, Query(ge=1, le=5000, description="Most entities to return, nearest first")] = RELATED_PAGE,
) -> Response:
    """Entities within ``depth`` hops, each with the relation path that links it to the start.

    An unknown entity (404) propagates to :mod:`patentnav.api.errors`. The answer is written by pydantic-core
    straight from the model (``response_model`` documents it; FastAPI does not validate it a second time).
    """
    iri = _iri(entity_type, entity_id)
    try:
        hits = related(store, iri, depth=depth, types=type, relations=relation, limit=limit)
    except UnknownEntityError:
        raise  # api/errors.py answers it
    except ValueError as exc:  # a type or depth the query parameters' checks let through
        raise Problem(422, "Invalid parameters", str(exc)) from exc
    start = hits.start or entity_refs(store, [iri])[iri]
    answer = RelatedResponse(
        start=EntitySummary.of(start),
        depth=depth,
        count=len(hits),
        truncated=hits.truncated,
        items=[
            RelatedItem(
                entity=EntitySummary.of(h.entity),
                depth=h.depth,
                path=[PathStep(subject=s.subject, property=s.predicate, object=s.object) for s in h.path],
            )
            for h in hits
        ],
    )
    return Response(answer.model_dump_json(), media_type=_JSON)


def _ipc_code(iri: str) -> str:
    """An IPC class's code in the usual notation from its IRI (``…/ipc/B66C23-00`` -> ``B66C23/00``)."""
    return iri.rsplit("/", 1)[-1].replace("-", "/")


def _link(summary: EntitySummary) -> str:
    fallback = _ipc_code(summary.iri) if summary.type == "ipc" else summary.iri
    text = escape(summary.label_zh or summary.label_en or fallback)
    extra = f" <small>{escape(summary.label_en)}</small>" if summary.label_zh and summary.label_en else ""
    if summary.type == "ipc" and (title := title_for(summary.iri)):
        # WIPO's English title (the ipc-titles extra), shortened; in full on the class's own page.
        extra += f' <small title="{escape(title, quote=True)}">{escape(short_title(title, 80))}</small>'
    href = escape(summary.href or summary.iri, quote=True)
    return f'<a href="{href}">{text}</a>{extra}'


def _title_lines(d: EntityDetail) -> str:
    """An IPC class's title and where it comes from (or how to install the titles); nothing for other entities."""
    if d.entity.type != "ipc":
        return ""
    line = ""
    if d.title:
        line = f'<p class="ipc-title">IPC 标题 Title (WIPO, English): <b lang="en">{escape(d.title)}</b></p>'
    return f'{line}<p class="note"><small>{escape(d.title_note or "")} {escape(titles_note("zh"))}</small></p>'


def _property(prop: str, labels: dict[str, EntityRef]) -> str:
    """The ontology's zh label of a property with the en one in small print; the local name when unlabelled."""
    ref = labels.get(prop)
    local = prop.rsplit("#", 1)[-1].rsplit("/", 1)[-1]
    if ref is None or not (ref.label_zh or ref.label_en):
        return escape(local)
    en = f" <small>{escape(ref.label_en)}</small>" if ref.label_zh and ref.label_en else ""
    return f'<span title="{escape(prop, quote=True)}">{escape(ref.label_zh or ref.label_en or local)}{en}</span>'


def _ipc_links_note(d: EntityDetail) -> str:
    """Where the titles beside linked IPC classes come from (or how to install them), once, below the links."""
    if d.entity.type == "ipc" or not any(link.entity.type == "ipc" for link in d.links_out + d.links_in):
        return ""
    return f'<p class="note"><small>{escape(titles_note("en"))} {escape(titles_note("zh"))}</small></p>'


def _cut_note(d: EntityDetail, direction: str, labels: dict[str, EntityRef], links: int) -> str:
    """One line per property whose links are only partly listed: how many there are, how many are shown, a
    link to this page with more of them (up to the most a page lists) and one to all of them, page by page."""
    more = min(MAX_LINKS_SHOWN, links * 4)
    link = f' · <a href="?links={more}">列出更多 more</a>' if links < MAX_LINKS_SHOWN else ""

    def pages(c: LinkCountItem) -> str:
        return f' · <a href="{escape(c.pages, quote=True)}">逐页浏览 all, page by page</a>' if c.pages else ""

    return "".join(
        f'<li class="cut"><small>{_property(c.property, labels)}: 共 {c.count:,} 个，列出 {c.shown:,} 个 · '
        f"{c.count:,} linked, {c.shown:,} listed{link}{pages(c)}</small></li>"
        for c in d.link_counts
        if c.direction == direction and c.shown < c.count
    )


def _entity_page(d: EntityDetail, labels: dict[str, EntityRef], links: int) -> str:
    fallback = _ipc_code(d.entity.iri) if d.entity.type == "ipc" else d.entity.iri
    title = escape(d.entity.label_zh or d.entity.label_en or fallback)
    rows = "".join(
        f"<tr><th>{_property(p.property, labels)}</th><td>{escape(p.value)}"
        f"{f' <small>@{escape(p.language)}</small>' if p.language else ''}</td></tr>"
        for p in d.properties
    )
    out = "".join(f"<li>{_property(link.property, labels)} → {_link(link.entity)}</li>" for link in d.links_out)
    inc = "".join(f"<li>{_link(link.entity)} → {_property(link.property, labels)}</li>" for link in d.links_in)
    out, inc = _cut_note(d, "out", labels, links) + out, _cut_note(d, "in", labels, links) + inc
    return f"""<!doctype html><html lang="zh"><head><meta charset="utf-8"><title>{title} · patentnav</title>
<style>body{{font-family:"WenQuanYi Zen Hei",sans-serif;margin:2em;max-width:70em}}
th{{text-align:left;padding-right:1em}}</style>
</head><body><p><a href="/">patentnav</a> · <code>{escape(d.entity.iri)}</code></p>
<h1>{title}</h1><p>{escape(d.entity.label_en or "")} · {escape(d.entity.type or "")}</p>{_title_lines(d)}
<table>{rows}</table><h2>Links out</h2><ul>{out}</ul><h2>Links in</h2><ul>{inc}</ul>{_ipc_links_note(d)}
<p>Also as <a href="?format=json">JSON</a>, <a href="?format=jsonld">JSON-LD</a>,
<a href="?format=turtle">Turtle</a> (or send an <code>Accept</code> header).</p></body></html>"""
