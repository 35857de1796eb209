"""Look up entities: describe one, walk to related ones, search by label.

All three are bounded SPARQL queries (files ``entity_*.rq`` beside this module); user
text reaches a query only as a bound variable, IRIs only as typed terms.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> [hit.entity.label("en") for hit in search(store, "工程机械")][:1]
['Construction machinery']
"""

from __future__ import annotations

from collections.abc import Iterable
from dataclasses import dataclass, field

import pyoxigraph as ox

from patentnav.graph.errors import UnknownEntityError
from patentnav.graph.store import PatentStore, load_rq, select
from patentnav.ontology import ENTITY_TYPES, PNAV, parse_entity_iri

__all__ = [
    "MAX_DEPTH",
    "EntityDescription",
    "EntityRef",
    "Hop",
    "RelatedEntity",
    "SearchHit",
    "describe",
    "entity_exists",
    "entity_refs",
    "related",
    "search",
]

MAX_DEPTH = 3
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
class SearchHit:
    """A search result: the entity, the label that matched and its score (higher is better)."""

    entity: EntityRef
    matched: str
    score: float


@dataclass
class EntityDescription:
    """An entity with its literal properties and its links in and out."""

    entity: EntityRef
    properties: list[tuple[str, ox.Literal]] = field(default_factory=list)
    links_out: list[tuple[str, EntityRef]] = field(default_factory=list)
    links_in: list[tuple[str, EntityRef]] = field(default_factory=list)


def _values(iris: Iterable[str]) -> str:
    return " ".join(str(ox.NamedNode(i)) for i in iris)


def entity_refs(store: PatentStore, iris: Iterable[str]) -> dict[str, EntityRef]:
    """Class and labels of many entities in one query.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> entity_refs(s, ["https://w3id.org/patentnav/id/region/430200"])["https://w3id.org/patentnav/id/region/430200"].label_en
    'Zhuzhou'
    """
    iris = list(dict.fromkeys(iris))
    refs: dict[str, EntityRef] = {}
    for start in range(0, len(iris), 500):
        chunk = iris[start : start + 500]
        rows = select(store, load_rq(__package__, "entity_labels.rq") % _values(chunk))
        found: dict[str, dict[str, str | None]] = {}
        for row in rows:
            entry = found.setdefault(row["entity"], {"cls": None, "zh": None, "en": None})
            if row["type"]:
                entry["cls"] = entry["cls"] or row["type"].removeprefix(str(PNAV))
            entry["zh"] = entry["zh"] or row["label_zh"]
            entry["en"] = entry["en"] or row["label_en"]
        for iri in chunk:
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


def describe(store: PatentStore, iri: str) -> EntityDescription:
    """Everything the store says about one entity.

    Raises :class:`UnknownEntityError` when the IRI occurs nowhere.
    """
    rows = select(store, load_rq(__package__, "entity_describe.rq"), entity=ox.NamedNode(iri))
    if not rows:
        raise UnknownEntityError(iri)
    result = store.query(
        "SELECT ?p ?o WHERE { ?e ?p ?o FILTER(isLiteral(?o)) }", substitutions={"e": ox.NamedNode(iri)}
    )
    assert isinstance(result, ox.QuerySolutions)  # a SELECT query
    properties = sorted(((row["p"].value, row["o"]) for row in result), key=lambda po: (po[0], str(po[1])))
    linked = {r["object"] for r in rows if isinstance(r["object"], str) and r["object"].startswith("http")}
    linked = {i for i in linked if not any(p == i for p, _ in properties)}
    refs = entity_refs(store, [iri, *linked])
    out: dict[tuple[str, str], EntityRef] = {}
    inc: dict[tuple[str, str], EntityRef] = {}
    literal_values = {str(o.value) for _, o in properties}
    for r in rows:
        obj = r["object"]
        if obj not in refs or obj in literal_values:
            continue
        (out if r["direction"] == "out" else inc)[(r["predicate"], obj)] = refs[obj]
    return EntityDescription(
        entity=refs[iri],
        properties=properties,
        links_out=sorted(((p, ref) for (p, _), ref in out.items()), key=lambda x: (x[0], x[1].iri)),
        links_in=sorted(((p, ref) for (p, _), ref in inc.items()), key=lambda x: (x[0], x[1].iri)),
    )


def related(
    store: PatentStore,
    iri: str,
    *,
    depth: int = 1,
    types: Iterable[str] | None = None,
    relations: Iterable[str] | None = None,
    limit: int = 500,
) -> list[RelatedEntity]:
    """Entities within ``depth`` hops (1..3), with the shortest relation path to each.

    ``types`` keeps results of these types (URL segments such as ``region``);
    ``relations`` only walks these predicates (local names such as ``concernsIndustry``
    or full IRIs). At most ``limit`` entities are returned, nearest first; each hop
    expands at most 2,000 nodes, so the walk stays bounded on any graph.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> hits = related(s, "https://w3id.org/patentnav/id/industry/construction-machinery", depth=1, types=["center"])
    >>> [h.entity.label("en") for h in hits]
    ['Planned patent strategy support center: construction machinery']
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}, got {depth}")
    if not entity_exists(store, iri):
        raise UnknownEntityError(iri)
    wanted_types = set(types or [])
    unknown = wanted_types - set(ENTITY_TYPES)
    if unknown:
        raise ValueError(f"unknown entity type(s) {sorted(unknown)}; expected some of {', '.join(ENTITY_TYPES)}")
    wanted_relations = {r if r.startswith("http") else PNAV.term(r) for r in relations or []}

    paths: dict[str, list[Hop]] = {iri: []}
    depth_of: dict[str, int] = {iri: 0}
    frontier = [iri]
    for hop in range(1, depth + 1):
        if not frontier:
            break
        next_frontier: list[str] = []
        for start in range(0, min(len(frontier), 2000), 500):
            chunk = frontier[start : start + 500]
            rows = select(store, load_rq(__package__, "entity_neighbours.rq") % _values(chunk))
            for row in rows:
                to, pred = row["to"], row["predicate"]
                if to in paths or (wanted_relations and pred not in wanted_relations):
                    continue
                edge = Hop(row["from"], pred, to) if row["direction"] == "out" else Hop(to, pred, row["from"])
                paths[to] = [*paths[row["from"]], edge]
                depth_of[to] = hop
                next_frontier.append(to)
        frontier = next_frontier
    reached = [i for i in paths if i != iri]
    refs = entity_refs(store, reached)
    results = [
        RelatedEntity(refs[i], depth_of[i], paths[i])
        for i in reached
        if not wanted_types or refs[i].type in wanted_types
    ]
    results.sort(key=lambda r: (r.depth, r.entity.type or "", r.entity.label("en")))
    return results[:limit]


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
