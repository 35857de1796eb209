"""Look up entities: describe one, walk to related ones, search by label.

All three are bounded SPARQL queries (files ``entity_*.rq`` beside this module); user
text reaches a query only as a bound variable, IRIs only as typed terms. Bounded means
that an organisation with 150,000 patents costs a few small queries, not 150,000 rows:
a description shows at most :data:`LINKS_SHOWN` links per predicate and direction and
counts the rest (:class:`LinkCount`); a walk reads at most 2,000 links per hop and
direction and says when it stopped there (:attr:`RelatedEntities.truncated`).

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> [hit.entity.label("en") for hit in search(store, "工程机械")][:1]
['Construction machinery']
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field

import pyoxigraph as ox

from patentnav.graph.errors import UnknownEntityError
from patentnav.graph.store import PatentStore, load_rq, select, select_chunks
from patentnav.ontology import ENTITY_TYPES, PNAV, parse_entity_iri

__all__ = [
    "LINKS_SHOWN",
    "MAX_DEPTH",
    "EntityDescription",
    "EntityRef",
    "Hop",
    "LinkCount",
    "RelatedEntities",
    "RelatedEntity",
    "SearchHit",
    "describe",
    "entity_exists",
    "entity_refs",
    "related",
    "search",
]

MAX_DEPTH = 3
#: Links an entity description shows per direction and predicate; the others are counted.
LINKS_SHOWN = 200
_LINK_ROWS = 1000  # entity_links.rq reads LIMIT 1001 rows per direction: more means the direction is full
_HOP_ROWS = 2000  # entity_neighbours.rq reads LIMIT 2001 rows per direction and chunk
_FRONTIER = 2000  # entities expanded per hop
_CHUNK = 500  # IRIs per VALUES list
_CLASS_TO_TYPE = {cls: seg for seg, cls in ENTITY_TYPES.items()}


@dataclass(frozen=True)
class EntityRef:
    """An entity with its class and labels."""

    iri: str
    cls: str | None = None
    label_zh: str | None = None
    label_en: str | None = None

    @property
    def type(self) -> str | None:
        """URL segment of the entity's type (``region``, ``industry`` …)."""
        parsed = parse_entity_iri(self.iri)
        return parsed[0] if parsed else _CLASS_TO_TYPE.get(self.cls or "")

    def label(self, lang: str = "zh") -> str:
        """The label in ``lang``, falling back to the other language, then the IRI."""
        first, second = (self.label_zh, self.label_en) if lang == "zh" else (self.label_en, self.label_zh)
        return first or second or self.iri.rsplit("/", 1)[-1]


@dataclass(frozen=True)
class Hop:
    """One edge of a relation path, in the direction the triple is stated."""

    subject: str
    predicate: str
    object: str


@dataclass
class RelatedEntity:
    """An entity reached from the start, how far away, and the path that links them."""

    entity: EntityRef
    depth: int
    path: list[Hop]

    def steps(self, start: str) -> list[tuple[str, str]]:
        """The path as ``(direction, predicate)`` pairs walked from ``start``; direction is ``out`` or ``in``."""
        current, result = start, []
        for hop in self.path:
            if hop.subject == current:
                result.append(("out", hop.predicate))
                current = hop.object
            else:
                result.append(("in", hop.predicate))
                current = hop.subject
        return result


@dataclass
class RelatedEntities:
    """The entities a walk reached, nearest first, and whether it stopped at a bound.

    ``truncated`` is true when more related entities exist than ``items`` holds: the
    ``limit`` cut the list, or a hop met more links than a walk reads (2,000 per
    direction and 500 entities, 2,000 entities per hop). Iterating gives the items.
    """

    items: list[RelatedEntity]
    truncated: bool = False

    def __iter__(self) -> Iterator[RelatedEntity]:
        return iter(self.items)

    def __len__(self) -> int:
        return len(self.items)


@dataclass
class SearchHit:
    """A search result: the entity, the label that matched and its score (higher is better)."""

    entity: EntityRef
    matched: str
    score: float


@dataclass(frozen=True)
class LinkCount:
    """How many distinct entities an entity links to (``out``) or is linked from (``in``) by one predicate.

    ``shown`` of them are in the description's ``links_out`` / ``links_in``.
    """

    direction: str
    predicate: str
    count: int
    shown: int


@dataclass
class EntityDescription:
    """An entity with its literal properties, its links in and out, and the count of links per predicate."""

    entity: EntityRef
    properties: list[tuple[str, ox.Literal]] = field(default_factory=list)
    links_out: list[tuple[str, EntityRef]] = field(default_factory=list)
    links_in: list[tuple[str, EntityRef]] = field(default_factory=list)
    link_counts: list[LinkCount] = field(default_factory=list)

    @property
    def truncated(self) -> bool:
        """Whether some links are counted but not listed."""
        return any(c.shown < c.count for c in self.link_counts)


def _iris(values: Iterable[str]) -> list[ox.NamedNode]:
    return [ox.NamedNode(v) for v in values]


def entity_refs(store: PatentStore, iris: Iterable[str]) -> dict[str, EntityRef]:
    """Class and labels of many entities, one query per 500 of them.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> entity_refs(s, ["https://w3id.org/patentnav/id/region/430200"])["https://w3id.org/patentnav/id/region/430200"].label_en
    'Zhuzhou'
    """
    iris = list(dict.fromkeys(iris))
    found: dict[str, dict[str, str | None]] = {}
    for row in select_chunks(store, load_rq(__package__, "entity_labels.rq"), "entity", _iris(iris), chunk=_CHUNK):
        entry = found.setdefault(row["entity"], {"cls": None, "zh": None, "en": None})
        if row["type"]:
            entry["cls"] = entry["cls"] or row["type"].removeprefix(str(PNAV))
        entry["zh"] = entry["zh"] or row["label_zh"]
        entry["en"] = entry["en"] or row["label_en"]
    refs: dict[str, EntityRef] = {}
    for iri in iris:
        e = found.get(iri, {})
        refs[iri] = EntityRef(iri, e.get("cls"), e.get("zh"), e.get("en"))
    return refs


def entity_exists(store: PatentStore, iri: str) -> bool:
    """Whether the IRI occurs in the store, as subject or object.

    >>> from patentnav.graph.store import open_store
    >>> entity_exists(open_store("memory://"), "https://w3id.org/patentnav/id/region/430200")
    False
    """
    return bool(store.query("ASK { { ?e ?p ?o } UNION { ?s ?p ?e } }", substitutions={"e": ox.NamedNode(iri)}))


def describe(store: PatentStore, iri: str, *, links_shown: int = LINKS_SHOWN) -> EntityDescription:
    """Everything the store says about one entity, with at most ``links_shown`` links per predicate and direction.

    ``link_counts`` gives, per direction and predicate, how many distinct entities are linked
    and how many of them the description lists (sorted by IRI; when there are more than a
    thousand, a sample of them). Raises :class:`UnknownEntityError` when the IRI occurs nowhere.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> d = describe(s, "https://w3id.org/patentnav/id/region/430200")
    >>> d.entity.label("en"), d.truncated
    ('Zhuzhou', False)
    """
    entity = ox.NamedNode(iri)
    properties = _literal_properties(store, entity)
    rows = select(store, load_rq(__package__, "entity_links.rq"), entity=entity, predicate=[None])
    if not rows and not properties:
        raise UnknownEntityError(iri)
    linked: dict[tuple[str, str], list[str]] = {}
    for row in rows:
        linked.setdefault((row["direction"], row["predicate"]), []).append(row["object"])
    counts = {key: len(objects) for key, objects in linked.items()}
    full = {d for d in ("out", "in") if sum(1 for r in rows if r["direction"] == d) > _LINK_ROWS}
    if full:
        counts.update(_link_counts(store, entity, full))
        for (direction, predicate), count in counts.items():
            listed = linked.get((direction, predicate), [])
            if direction in full and len(listed) < min(count, links_shown):
                more = select(
                    store, load_rq(__package__, "entity_links.rq"), entity=entity, predicate=[ox.NamedNode(predicate)]
                )
                linked[(direction, predicate)] = [r["object"] for r in more if r["direction"] == direction]
                counts[(direction, predicate)] = max(count, len(linked[(direction, predicate)]))
    shown = {key: sorted(objects)[:links_shown] for key, objects in linked.items()}
    refs = entity_refs(store, [iri, *(o for objects in shown.values() for o in objects)])

    def links(direction: str) -> list[tuple[str, EntityRef]]:
        return [(p, refs[o]) for (d, p), objects in sorted(shown.items()) if d == direction for o in objects]

    return EntityDescription(
        entity=refs[iri],
        properties=properties,
        links_out=links("out"),
        links_in=links("in"),
        link_counts=[
            LinkCount(direction, predicate, count, len(shown.get((direction, predicate), [])))
            for (direction, predicate), count in sorted(counts.items(), key=lambda kv: (kv[0][0] != "out", kv[0][1]))
        ],
    )


def _literal_properties(store: PatentStore, entity: ox.NamedNode) -> list[tuple[str, ox.Literal]]:
    """The entity's literal properties, sorted, as pyoxigraph literals (their language and datatype kept).

    The query's result object lives and dies in this frame: pyoxigraph's results must not be
    dropped on another thread, as a traceback kept by an exception from the caller would do.
    """
    result = store.query("SELECT ?p ?o WHERE { ?e ?p ?o FILTER(isLiteral(?o)) }", substitutions={"e": entity})
    assert isinstance(result, ox.QuerySolutions)  # a SELECT query
    return sorted(((row["p"].value, row["o"]) for row in result), key=lambda po: (po[0], str(po[1])))


def _link_counts(store: PatentStore, entity: ox.NamedNode, directions: set[str]) -> dict[tuple[str, str], int]:
    """Distinct entities linked to ``entity`` per (direction, predicate), for the given directions.

    Counting per named graph is a plain index count; only a predicate whose links sit in
    several graphs (the same patent ingested from two files) is counted again, distinctly.
    """
    per_graph: dict[tuple[str, str], list[int]] = {}
    for row in select(store, load_rq(__package__, "entity_link_counts.rq"), entity=entity):
        if row["direction"] in directions:
            per_graph.setdefault((row["direction"], row["predicate"]), []).append(row["links"])
    counts = {key: links[0] for key, links in per_graph.items() if len(links) == 1}
    for direction, predicate in per_graph.keys() - counts.keys():
        for row in select(
            store, load_rq(__package__, "entity_link_count.rq"), entity=entity, predicate=ox.NamedNode(predicate)
        ):
            if row["direction"] == direction:
                counts[(direction, predicate)] = row["links"]
    return counts


def related(
    store: PatentStore,
    iri: str,
    *,
    depth: int = 1,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    limit: int = 500,
) -> RelatedEntities:
    """Entities within ``depth`` hops (1..3), with the shortest relation path to each.

    ``types`` keeps results of these types (URL segments such as ``region``);
    ``relations`` only walks these predicates (local names such as ``concernsIndustry``
    or full IRIs). At most ``limit`` entities are returned, nearest first, and at each
    distance the rarer types first (an organisation's region and industry before its
    thousands of patents), then by type and English label; when ``limit`` cuts a group of
    one type, the group's entities first by IRI make the cut. Each hop expands
    at most 2,000 entities and reads at most 2,000 links per direction for each 500 of
    them, so the walk stays bounded on any graph; ``truncated`` says when the answer is
    cut by one of these bounds or by ``limit``.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> hits = related(s, "https://w3id.org/patentnav/id/industry/construction-machinery", depth=1, types=["center"])
    >>> [h.entity.label("en") for h in hits], hits.truncated
    (['Planned patent strategy support center: construction machinery'], False)
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}, got {depth}")
    if not entity_exists(store, iri):
        raise UnknownEntityError(iri)
    wanted_types = set(types or [])
    unknown = wanted_types - set(ENTITY_TYPES)
    if unknown:
        raise ValueError(f"unknown entity type(s) {sorted(unknown)}; expected some of {', '.join(ENTITY_TYPES)}")
    walked: list[ox.NamedNode | None] = [
        ox.NamedNode(r if r.startswith("http") else PNAV.term(r)) for r in relations or []
    ] or [None]

    paths: dict[str, list[Hop]] = {iri: []}
    depth_of: dict[str, int] = {iri: 0}
    frontier = [iri]
    truncated = False
    for hop in range(1, depth + 1):
        if not frontier:
            break
        truncated |= len(frontier) > _FRONTIER
        next_frontier: list[str] = []
        for start in range(0, min(len(frontier), _FRONTIER), _CHUNK):
            chunk = frontier[start : start + _CHUNK]
            rows = select(
                store, load_rq(__package__, "entity_neighbours.rq"), **{"from": _iris(chunk)}, predicate=walked
            )
            truncated |= any(sum(1 for r in rows if r["direction"] == d) > _HOP_ROWS for d in ("out", "in"))
            for row in rows:
                to, pred = row["to"], row["predicate"]
                if to in paths:
                    continue
                edge = Hop(row["from"], pred, to) if row["direction"] == "out" else Hop(to, pred, row["from"])
                paths[to] = [*paths[row["from"]], edge]
                depth_of[to] = hop
                next_frontier.append(to)
        frontier = next_frontier
    reached = [i for i in paths if i != iri]
    kinds = {i: parsed[0] if (parsed := parse_entity_iri(i)) else None for i in reached}
    unparsed = [i for i in reached if kinds[i] is None]
    kinds.update({i: ref.type for i, ref in entity_refs(store, unparsed).items()})
    kept = [i for i in reached if not wanted_types or kinds[i] in wanted_types]
    per_type = Counter((depth_of[i], kinds[i]) for i in kept)

    def rank(i: str) -> tuple[int, int, str]:
        return depth_of[i], per_type[(depth_of[i], kinds[i])], kinds[i] or ""

    # Which entities make the cut is decided without their labels (by IRI within the last group), so only
    # the entities returned are labelled; they are then ordered by label.
    chosen = sorted(kept, key=lambda i: (*rank(i), i))[:limit]
    refs = entity_refs(store, chosen)
    results = sorted(
        (RelatedEntity(refs[i], depth_of[i], paths[i]) for i in chosen),
        key=lambda r: (*rank(r.entity.iri), r.entity.label("en")),
    )
    return RelatedEntities(results, truncated or len(kept) > limit)


def search(store: PatentStore, q: str, *, limit: int = 20, types: Iterable[str] | None = None) -> list[SearchHit]:
    """Entities whose Chinese or English label contains ``q``, best match first.

    Ranking: exact label match, then labels starting with ``q``, then the rest; within
    each, shorter labels (closer matches) first.
    """
    needle = q.strip().lower()
    if not needle:
        raise ValueError("search text is empty")
    rows = select(store, load_rq(__package__, "entity_search.rq"), q=ox.Literal(needle))
    wanted = set(types or [])
    best: dict[str, tuple[float, str]] = {}
    for row in rows:
        label = row["label"]
        low = label.lower()
        score = (3.0 if low == needle else 2.0 if low.startswith(needle) else 1.0) + len(needle) / max(len(low), 1)
        if row["entity"] not in best or score > best[row["entity"]][0]:
            best[row["entity"]] = (score, label)
    refs = entity_refs(store, best)
    hits = [
        SearchHit(refs[i], label, round(score, 4))
        for i, (score, label) in best.items()
        if not wanted or refs[i].type in wanted
    ]
    hits.sort(key=lambda h: (-h.score, h.entity.iri))
    return hits[:limit]
