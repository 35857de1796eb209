"""Look up entities: describe one, walk to related ones, search by label.

All three are bounded SPARQL queries (files ``entity_*.rq`` beside this module); user
text reaches a query only as a bound variable, IRIs only as typed terms. Bounded means
that an organisation with 150,000 patents costs a few small queries, not 150,000 rows:
a description shows at most ``links_shown`` links per predicate and direction and
counts the rest (:class:`LinkCount`); a walk reads at most 2,000 links per hop and
direction and says when it stopped there (:attr:`RelatedEntities.truncated`).

Counting the links of such an organisation in SPARQL reads all of them (pyoxigraph has no
counts in its indexes: 50–90 ms for 150,000 patents at 1M), so on the embedded store a
description counts the predicates the analytic tables hold from the tables
(:mod:`patentnav.graph.tables`), when they match the store as it stands; when they do not
(a graph written since, tables not yet built) it counts in SPARQL, as before, and never
shows a stale count. A SPARQL endpoint (Virtuoso) counts from its own indexes.

>>> from patentnav.graph.store import open_store
>>> from patentnav.graph.bootstrap import ensure_seeded
>>> store = open_store("memory://"); _ = ensure_seeded(store)
>>> [hit.entity.label("en") for hit in search(store, "工程机械")][:1]
['Construction machinery']
"""

from __future__ import annotations

import difflib
import functools
import json
import re
import threading
import weakref
from collections import Counter
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from typing import TYPE_CHECKING, Any

import pyoxigraph as ox

from patentnav.graph.errors import UnknownEntityError
from patentnav.graph.store import OxigraphStore, PatentStore, load_rq, select
from patentnav.ontology import ENTITY_TYPES, PNAV, PREFIXES, parse_entity_iri

if TYPE_CHECKING:  # the tables (DuckDB, pandas) are imported when a count needs them: the CLI starts without them
    from patentnav.graph.tables.engine import Tables

__all__ = [
    "LINKS_SHOWN",
    "MAX_DEPTH",
    "EntityDescription",
    "EntityRef",
    "Hop",
    "LinkCount",
    "LinkPage",
    "RelatedEntities",
    "RelatedEntity",
    "SearchHit",
    "describe",
    "entity_exists",
    "entity_refs",
    "links_page",
    "property_iri",
    "related",
    "search",
]

MAX_DEPTH = 3
#: Links an entity description shows per direction and predicate unless asked for more; the others are counted.
LINKS_SHOWN = 200
#: The most links a description shows per direction and predicate (the bound of ``links_shown``).
MAX_LINKS_SHOWN = 1000
_LIMIT = re.compile(r"\bLIMIT\s+(\d+)\s*$")


def _file_limit(*names: str) -> int:
    """The smallest ``LIMIT n`` the ``.rq`` files ``names`` end with: the most rows :func:`_first_rows` reads."""
    limits = [_LIMIT.search(load_rq(__package__, name)) for name in names]
    if not all(limits):
        raise ValueError(f"{', '.join(names)} must each end with LIMIT n")
    return min(int(m.group(1)) for m in limits if m)


#: Links a description reads per direction; one row more (the files' LIMIT) means the direction is full.
_LINK_ROWS = _file_limit("entity_links_out.rq", "entity_links_in.rq") - 1
_LINKS_READ = 4  # a description reads links_shown × this many links per direction (at most _LINK_ROWS)
#: Links a walk reads per direction, relation and chunk; one row more (the files' LIMIT) means the hop is cut.
_HOP_ROWS = _file_limit("entity_neighbours_out.rq", "entity_neighbours_in.rq") - 1
#: Predicates whose links in entity_in_links.sql counts from the analytic tables (the others are counted in SPARQL).
_TABLED = frozenset(re.findall(r"'([^']+)' AS predicate", load_rq(__package__, "entity_in_links.sql")))
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
    start: EntityRef | None = None

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

    ``shown`` of them are in the description's ``links_out`` / ``links_in``. ``source`` says where
    the count comes from: ``links`` (every link was read), ``graph`` (a SPARQL count) or
    ``tables`` (the analytic tables, which matched the store when it was read).
    """

    direction: str
    predicate: str
    count: int
    shown: int
    source: str = "links"


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
    found: dict[str, list[str | None]] = {}  # IRI -> [class, zh label, en label]
    sparql = load_rq(__package__, "entity_labels.rq")
    for start in range(0, len(iris), _CHUNK):
        _read_labels(store, sparql, _iris(iris[start : start + _CHUNK]), found)
    refs: dict[str, EntityRef] = {}
    for iri in iris:
        cls, zh, en = found.get(iri, [None, None, None])
        refs[iri] = EntityRef(iri, cls, zh, en)
    return refs


def _read_labels(
    store: PatentStore, sparql: str, entities: list[ox.NamedNode], found: dict[str, list[str | None]]
) -> None:
    """Note each entity's first pnav: class, first ``zh`` label and first ``en`` or untagged label in ``found``.

    A language tag matches as SPARQL's ``LANGMATCHES`` does (``zh`` matches ``zh-CN``).
    """
    pnav = str(PNAV)
    for row in _bindings(store, sparql, entity=entities):
        entry = found.setdefault(row["entity"]["value"], [None, None, None])
        kind, label = row.get("type"), row.get("label")
        if kind is not None:
            if entry[0] is None and kind["type"] == "uri" and kind["value"].startswith(pnav):
                entry[0] = kind["value"].removeprefix(pnav)
        elif label is not None and label["type"] in ("literal", "typed-literal"):
            lang = label.get("xml:lang", "").lower()
            zh, en = lang == "zh" or lang.startswith("zh-"), lang in ("", "en") or lang.startswith("en-")
            slot = 1 if zh else 2 if en else 0
            if slot and entry[slot] is None:
                entry[slot] = label["value"]


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
    and how many of them the description lists (sorted by IRI; when there are more than the
    description reads, a sample of them). A direction with more links than the description
    reads (``4 × links_shown``, at most 1,000) is counted: its predicates that the analytic
    tables hold from the tables when they match the store (:class:`LinkCount` ``source``),
    else in SPARQL. Counted from the tables, a direction lists the predicates they hold and
    those met among the links read; one they do not hold that only links beyond those is
    not listed (docs/api.md says so). Raises :class:`UnknownEntityError` when the IRI
    occurs nowhere and :class:`ValueError` for ``links_shown`` outside 1..1000.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> d = describe(s, "https://w3id.org/patentnav/id/region/430200")
    >>> d.entity.label("en"), d.truncated
    ('Zhuzhou', False)
    """
    if not 1 <= links_shown <= MAX_LINKS_SHOWN:
        raise ValueError(f"links_shown must be between 1 and {MAX_LINKS_SHOWN}, got {links_shown}")
    entity = ox.NamedNode(iri)
    properties = _literal_properties(store, entity)
    read = min(_LINK_ROWS, _LINKS_READ * links_shown)
    linked: dict[tuple[str, str], list[str]] = {}
    full: set[str] = set()
    for direction in ("out", "in"):
        rows = _first_rows(store, load_rq(__package__, f"entity_links_{direction}.rq"), read + 1, entity=entity)
        if len(rows) > read:
            full.add(direction)
        for row in rows[:read]:
            linked.setdefault((direction, row["via"]), []).append(row["object"])
    if not linked and not properties:
        raise UnknownEntityError(iri)
    counts = {key: len(objects) for key, objects in linked.items()}
    sources = dict.fromkeys(counts, "links")
    if full:
        counted = _link_counts(store, entity, full, {p for d, p in linked if d == "in"})
        for key, (count, source) in counted.items():
            counts[key], sources[key] = max(count, len(linked.get(key, []))), source
        for (direction, predicate), count in counts.items():
            listed = linked.get((direction, predicate), [])
            if direction in full and len(listed) < min(count, links_shown):
                more = _first_rows(
                    store,
                    load_rq(__package__, f"entity_links_{direction}.rq"),
                    read,
                    entity=entity,
                    predicate=ox.NamedNode(predicate),
                )
                linked[(direction, predicate)] = [r["object"] for r in more]
                counts[(direction, predicate)] = max(count, len(more))
    shown = {key: sorted(objects)[:links_shown] for key, objects in linked.items() if counts.get(key)}
    refs = entity_refs(store, [iri, *(o for objects in shown.values() for o in objects)])

    def links(direction: str) -> list[tuple[str, EntityRef]]:
        return [(p, refs[o]) for (d, p), objects in sorted(shown.items()) if d == direction for o in objects]

    return EntityDescription(
        entity=refs[iri],
        properties=properties,
        links_out=links("out"),
        links_in=links("in"),
        link_counts=[
            LinkCount(d, p, count, len(shown.get((d, p), [])), sources[(d, p)])
            for (d, p), count in sorted(counts.items(), key=lambda kv: (kv[0][0] != "out", kv[0][1]))
            if count
        ],
    )


@dataclass(frozen=True)
class LinkPage:
    """One page of the entities linked to ``entity`` by one predicate in one direction, in the store's order.

    ``count`` is how many there are in all (``source`` as in :class:`LinkCount`: ``tables`` or ``graph``);
    ``items`` start at ``offset``.
    """

    entity: EntityRef
    predicate: str
    direction: str
    count: int
    source: str
    offset: int
    items: list[EntityRef]

    @property
    def next_offset(self) -> int | None:
        """The offset of the page after this one, or ``None`` when this page reaches the last link."""
        end = self.offset + len(self.items)
        return end if self.items and end < self.count else None


_LOCAL_NAME = re.compile(r"[A-Za-z_][A-Za-z0-9_.-]*")


def property_iri(name: str) -> str:
    """A property's IRI from a full IRI, a prefixed name of the project's prefixes, or a pnav local name.

    Raises :class:`ValueError` for anything else (an unknown prefix, spaces, markup).

    >>> property_iri("applicant"), property_iri("rdfs:label")
    ('https://w3id.org/patentnav/ontology#applicant', 'http://www.w3.org/2000/01/rdf-schema#label')
    """
    if name.startswith(("http://", "https://")) and not re.search(r"[\s<>\"{}|^`\\]", name):
        return name
    prefix, _, local = name.rpartition(":")
    base = PREFIXES.get(prefix or "pnav")
    if base is None or not _LOCAL_NAME.fullmatch(local):
        raise ValueError(f"{name!r} is not a property: give a full IRI, pnav:name, rdfs:label or a pnav local name")
    return base + local


def links_page(
    store: PatentStore, iri: str, predicate: str, direction: str, *, offset: int = 0, limit: int = 100
) -> LinkPage:
    """The entities linked to ``iri`` by ``predicate`` (``out``: it is the subject; ``in``: the object), ``limit``
    of them from ``offset``, with how many there are in all.

    This is how a client reads all of an organisation's patents, a page at a time, where a description lists
    the first few (:func:`describe`). The pages follow the store's own order, the same on every call while the
    store is unchanged, so they neither repeat nor skip an entity: sorting by IRI would cost pyoxigraph 24 CPU-s
    for an applicant's 150,000 patents at 1M, where a page costs what the links up to its end cost to step
    over (10 ms for the first, 1.3 CPU-s for the last). Raises :class:`UnknownEntityError` when the IRI occurs
    nowhere and :class:`ValueError` for a direction other than ``in``/``out``, ``limit`` outside 1..1000 or a
    negative ``offset``.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> hunan = "https://w3id.org/patentnav/id/region/430000"
    >>> page = links_page(s, hunan, PNAV.term("partOfRegion"), "in", limit=3)
    >>> page.count > 3, len(page.items), page.next_offset
    (True, 3, 3)
    """
    if direction not in ("in", "out"):
        raise ValueError(f"direction must be in or out, got {direction!r}")
    if not 1 <= limit <= MAX_LINKS_SHOWN:
        raise ValueError(f"limit must be between 1 and {MAX_LINKS_SHOWN}, got {limit}")
    if offset < 0:
        raise ValueError(f"offset must not be negative, got {offset}")
    entity, via = ox.NamedNode(iri), ox.NamedNode(predicate)
    tabled = _tabled_in_counts(store, entity) if direction == "in" and predicate in _TABLED else None
    if tabled is not None:
        count, source = tabled.get(predicate, 0), "tables"
    else:
        count, source = _count_one(store, entity, predicate).get(direction, 0), "graph"
    sparql = load_rq(__package__, f"entity_links_page_{direction}.rq")
    rows = _first_rows(store, sparql, limit, offset=offset, entity=entity, predicate=via) if count > offset else []
    if not count and not entity_exists(store, iri):
        raise UnknownEntityError(iri)
    objects = [row["object"] for row in rows]
    refs = entity_refs(store, [iri, *objects])
    return LinkPage(refs[iri], predicate, direction, count, source, offset, [refs[o] for o in objects])


def _bindings(store: PatentStore, sparql: str, **bindings: Any) -> list[dict[str, dict[str, str]]]:
    """The rows of a SELECT (with the project prefixes) as the ``bindings`` of SPARQL's JSON results.

    pyoxigraph evaluates the query and writes the JSON in one call, outside Python's lock; reading the
    rows one by one takes and gives back the lock at each row, which under concurrent requests (8
    clients, 2 cores) costs more than the rows themselves. The result object lives and dies in this
    frame: pyoxigraph's results must not be dropped on another thread, as a traceback kept by an
    exception from the caller would do.
    """
    result = store.query(_prefixed(sparql), substitutions=bindings or None)
    assert isinstance(result, ox.QuerySolutions)  # a SELECT query
    body = result.serialize(format=ox.QueryResultsFormat.JSON)
    assert body is not None  # no output given: the bytes
    return json.loads(body)["results"]["bindings"]


@functools.lru_cache(maxsize=128)
def _prefixed(sparql: str) -> str:
    """A template with the PREFIX lines of the project's prefixes that it uses (parsing all of them costs
    a short query about as much as the query itself)."""
    used = "".join(f"PREFIX {p}: <{iri}>\n" for p, iri in PREFIXES.items() if re.search(rf"\b{p}:", sparql))
    return used + sparql


def _first_rows(
    store: PatentStore, sparql: str, rows: int, *, offset: int = 0, **bindings: Any
) -> list[dict[str, str]]:
    """The first ``rows`` rows of a SELECT of IRIs (an ``.rq`` file ending ``LIMIT n``), each variable's IRI as text,
    after skipping ``offset`` rows.

    The file's own ``LIMIT`` is the most a caller reads; ``rows`` (an integer, never user text, at most that
    ``n``) replaces it, so the store stops there: the links of an entity with 150,000 patents cost what the rows
    taken cost.
    """
    match = _LIMIT.search(sparql)
    if match is None:
        raise ValueError("the query must end with LIMIT n")
    if not 0 < rows <= int(match.group(1)):
        raise ValueError(f"{rows} rows asked of a query that reads at most {match.group(1)}")
    if offset < 0:
        raise ValueError(f"offset must not be negative, got {offset}")
    skip = f"OFFSET {int(offset)} " if offset else ""
    limited = f"{sparql[: match.start()]}{skip}LIMIT {int(rows)}"
    return [{name: term["value"] for name, term in row.items()} for row in _bindings(store, limited, **bindings)]


def _literal_properties(store: PatentStore, entity: ox.NamedNode) -> list[tuple[str, ox.Literal]]:
    """The entity's literal properties, sorted, as pyoxigraph literals (their language and datatype kept)."""
    rows = _bindings(store, "SELECT ?p ?o WHERE { ?e ?p ?o FILTER(isLiteral(?o)) }", e=entity)
    found = [(row["p"]["value"], _literal(row["o"])) for row in rows]
    return sorted(found, key=lambda po: (po[0], str(po[1])))


def _literal(term: dict[str, str]) -> ox.Literal:
    """A literal of SPARQL's JSON results as a pyoxigraph literal."""
    if "xml:lang" in term:
        return ox.Literal(term["value"], language=term["xml:lang"])
    if "datatype" in term:
        return ox.Literal(term["value"], datatype=ox.NamedNode(term["datatype"]))
    return ox.Literal(term["value"])


def _link_counts(
    store: PatentStore, entity: ox.NamedNode, directions: set[str], met_in: set[str]
) -> dict[tuple[str, str], tuple[int, str]]:
    """Distinct entities linked to ``entity`` per (direction, predicate), for the given directions, with the
    count's source (``tables`` or ``graph``).

    Links in: from the analytic tables when they can answer (:func:`_tabled_in_counts`), each predicate
    they do not hold among ``met_in`` (those met among the links read) by a SPARQL count of its own.
    Otherwise, and for links out, counted in SPARQL per named graph (a plain index count); only a predicate
    whose links sit in several graphs (the same patent ingested from two files) is counted again, distinctly.
    """
    counts: dict[tuple[str, str], tuple[int, str]] = {}
    todo = set(directions)
    tabled = _tabled_in_counts(store, entity) if "in" in todo else None
    if tabled is not None:
        todo.discard("in")
        counts.update({("in", p): (n, "tables") for p, n in tabled.items()})
        for predicate in sorted(met_in - _TABLED):
            counts[("in", predicate)] = (_count_one(store, entity, predicate).get("in", 0), "graph")
    if not todo:
        return counts
    per_graph: dict[tuple[str, str], list[int]] = {}
    for row in select(store, load_rq(__package__, "entity_link_counts.rq"), entity=entity):
        if row["direction"] in todo:
            per_graph.setdefault((row["direction"], row["predicate"]), []).append(row["links"])
    counts.update({key: (links[0], "graph") for key, links in per_graph.items() if len(links) == 1})
    for direction, predicate in per_graph.keys() - counts.keys():
        counts[(direction, predicate)] = (_count_one(store, entity, predicate).get(direction, 0), "graph")
    return counts


def _count_one(store: PatentStore, entity: ox.NamedNode, predicate: str) -> dict[str, int]:
    """Distinct entities linked to ``entity`` by one predicate, per direction, over the union of all graphs."""
    rows = select(store, load_rq(__package__, "entity_link_count.rq"), entity=entity, predicate=ox.NamedNode(predicate))
    return {row["direction"]: row["links"] for row in rows}


def _tabled_in_counts(store: PatentStore, entity: ox.NamedNode) -> dict[str, int] | None:
    """Per predicate the tables hold, how many distinct entities link to ``entity``.

    ``None`` when the tables are not asked (a SPARQL endpoint, which counts from its indexes) or cannot say:
    they do not match the store as it stands (a graph without tables, or written since: nothing is built
    here), cannot be opened, or the store's unnamed default graph links to the entity (the tables hold named
    graphs), or cannot be read (then the page counts in SPARQL rather than fail). The counts are those of
    ``entity_in_links.sql``, a table derived on first use; those of the entities with many links (:func:`_hubs`)
    are kept in memory for the state of the tables they were read from.
    """
    if not isinstance(store, OxigraphStore):  # a SPARQL endpoint keeps counts in its indexes: it counts exactly
        return None
    if store.query("ASK { ?s ?p ?e }", substitutions={"e": entity}, default_graph=[]):
        return None
    import duckdb

    from patentnav.graph.tables.engine import analytic_tables

    try:
        tables = analytic_tables(store)
        if not tables.catalog.is_current():
            return None
        counts = dict.fromkeys(_TABLED, 0)
        hub = _hubs(tables).get(entity.value)
        if hub is not None:
            counts.update(hub)
            return counts
        frame = tables.run(__package__, "entity_in_counts.sql", entity=entity.value)
    except (OSError, duckdb.Error):  # no folder for the tables (a read-only place), unreadable tables: count in SPARQL
        return None
    counts.update({str(p): int(n) for p, n in zip(frame["predicate"], frame["n"], strict=True)})
    return counts


#: Entities with at least this many links in (over the predicates the tables hold) have their counts in memory.
_HUB_LINKS = 64
_HUBS: weakref.WeakKeyDictionary[Tables, tuple[int, dict[str, dict[str, int]]]] = weakref.WeakKeyDictionary()
_HUBS_LOCK = threading.Lock()


def _hubs(tables: Tables) -> dict[str, dict[str, int]]:
    """IRI -> predicate -> count for the entities with at least :data:`_HUB_LINKS` links in, read once per state
    of the tables (the catalog's version: any write or rebuild changes it, and the next call reads them again).

    An organisation's page then costs no query for its counts: looking one entity up in DuckDB costs about 2 ms
    (its IRI's number, then the row), as much as the rest of the page.
    """
    version = tables.catalog.version
    with _HUBS_LOCK:
        kept = _HUBS.get(tables)
        if kept is not None and kept[0] == version:
            return kept[1]
        frame = tables.run(__package__, "entity_in_hubs.sql", least=_HUB_LINKS)
        hubs: dict[str, dict[str, int]] = {}
        for entity, predicate, n in zip(frame["entity"], frame["predicate"], frame["n"], strict=True):
            hubs.setdefault(str(entity), {})[str(predicate)] = int(n)
        _HUBS[tables] = (version, hubs)
        return hubs


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
    at most 2,000 entities and reads at most 2,000 links per direction (and relation) for
    each 500 of them, so the walk stays bounded on any graph; ``truncated`` says when the
    answer is cut by one of these bounds or by ``limit``. A walk reads no more than the
    answer needs: once more than ``limit`` entities are reached, the next hops are not
    walked, and a hop first reads ``2 × (limit + 1)`` links per direction, four times as
    many again (up to 2,000) while those fall short of ``limit`` (so ``limit`` also bounds
    the sample that a truncated answer is drawn from). ``start`` is the start entity with
    its labels.

    >>> from patentnav.graph.store import open_store
    >>> from patentnav.graph.bootstrap import ensure_seeded
    >>> s = open_store("memory://"); _ = ensure_seeded(s)
    >>> hits = related(s, "https://w3id.org/patentnav/id/industry/construction-machinery", depth=1, types=["center"])
    >>> [h.entity.label("en") for h in hits], hits.truncated
    (['Planned patent strategy support center: construction machinery'], False)
    """
    if not 1 <= depth <= MAX_DEPTH:
        raise ValueError(f"depth must be between 1 and {MAX_DEPTH}, got {depth}")
    if limit < 1:
        raise ValueError(f"limit must be at least 1, got {limit}")
    wanted_types = set(types or [])
    unknown = wanted_types - set(ENTITY_TYPES)
    if unknown:
        raise ValueError(f"unknown entity type(s) {sorted(unknown)}; expected some of {', '.join(ENTITY_TYPES)}")
    walked: list[ox.NamedNode | None] = [_walked_relation(store, r) for r in relations or []] or [None]

    paths: dict[str, list[Hop]] = {iri: []}
    depth_of: dict[str, int] = {iri: 0}
    kinds: dict[str, str | None] = {}
    kept = 0  # entities reached so far that pass the type filter
    frontier = [iri]
    truncated = False
    first_read = min(_HOP_ROWS, 2 * (limit + 1))
    for hop in range(1, depth + 1):
        if not frontier:
            break
        if kept > limit:  # nearer entities fill the answer: what lies further could only be cut
            truncated = True
            break
        truncated |= len(frontier) > _FRONTIER
        expanded = frontier[:_FRONTIER]
        reads = first_read
        rows, cut = _hop(store, expanded, walked, reads)
        met = _meet(rows, paths, kinds)
        found = _count_kept(store, met, kinds, wanted_types)
        while cut and reads < _HOP_ROWS and kept + found <= limit:  # too few: read this hop again, further
            reads = min(_HOP_ROWS, 4 * reads)
            rows, cut = _hop(store, expanded, walked, reads)
            met = _meet(rows, paths, kinds)
            found = _count_kept(store, met, kinds, wanted_types)
        truncated |= cut
        kept += found
        for to, edge, source in met:
            paths[to] = [*paths[source], edge]
            depth_of[to] = hop
        frontier = [to for to, _, _ in met]
    if len(paths) == 1 and not entity_exists(store, iri):  # nothing reached: is there such an entity at all?
        raise UnknownEntityError(iri)
    reached = [i for i in paths if i != iri]
    chosen_from = [i for i in reached if not wanted_types or kinds[i] in wanted_types]
    per_type = Counter((depth_of[i], kinds[i]) for i in chosen_from)

    def rank(i: str) -> tuple[int, int, str]:
        return depth_of[i], per_type[(depth_of[i], kinds[i])], kinds[i] or ""

    # Which entities make the cut is decided without their labels (by IRI within the last group), so only
    # the entities returned are labelled; they are then ordered by label.
    chosen = sorted(chosen_from, key=lambda i: (*rank(i), i))[:limit]
    refs = entity_refs(store, [iri, *chosen])
    results = sorted(
        (RelatedEntity(refs[i], depth_of[i], paths[i]) for i in chosen),
        key=lambda r: (*rank(r.entity.iri), r.entity.label("en")),
    )
    return RelatedEntities(results, truncated or len(chosen_from) > limit, start=refs[iri])


def _walked_relation(store: PatentStore, name: str) -> ox.NamedNode:
    """The property ``name`` names, when some link in the store uses it; otherwise a :class:`ValueError` that
    names the closest relations of the ontology (a misspelt relation would walk nothing and answer nothing)."""
    predicate = ox.NamedNode(property_iri(name))
    if store.query("ASK { ?s ?p ?o }", substitutions={"p": predicate}):
        return predicate
    known = [row["p"].removeprefix(str(PNAV)) for row in select(store, _RELATIONS)]
    close = difflib.get_close_matches(name.removeprefix("pnav:").removeprefix(str(PNAV)), known, n=3, cutoff=0.6)
    hint = f"; did you mean {' or '.join(close)}?" if close else ""
    raise ValueError(f"unknown relation {name!r}: no link in the store uses <{predicate.value}>{hint}")


#: The ontology's relations between entities, for the hint of an unknown one.
_RELATIONS = "SELECT ?p WHERE { ?p a owl:ObjectProperty FILTER STRSTARTS(STR(?p), STR(pnav:)) } ORDER BY ?p"


def _hop(
    store: PatentStore, frontier: list[str], walked: list[ox.NamedNode | None], rows: int
) -> tuple[list[tuple[str, dict[str, Any]]], bool]:
    """One hop's links from ``frontier`` as ``(direction, row)``, at most ``rows`` per direction, relation and
    500 entities, and whether any of those reads had more (the hop is cut)."""
    out: list[tuple[str, dict[str, Any]]] = []
    cut = False
    for start in range(0, len(frontier), _CHUNK):
        chunk = _iris(frontier[start : start + _CHUNK])
        for direction in ("out", "in"):
            sparql = load_rq(__package__, f"entity_neighbours_{direction}.rq")
            for predicate in walked:
                bound: dict[str, Any] = {"from": chunk}
                if predicate is not None:
                    bound["predicate"] = predicate
                found = _first_rows(store, sparql, rows + 1, **bound)
                cut |= len(found) > rows
                out.extend((direction, row) for row in found[:rows])
    return out, cut


def _meet(
    rows: list[tuple[str, dict[str, Any]]], paths: dict[str, list[Hop]], kinds: dict[str, str | None]
) -> list[tuple[str, Hop, str]]:
    """The entities a hop's rows reach for the first time, in the order met: ``(entity, edge, from)``."""
    met: dict[str, tuple[str, Hop, str]] = {}
    for direction, row in rows:
        to, source, predicate = row["to"], row["from"], row["via"]
        if to in paths or to in met:
            continue
        edge = Hop(source, predicate, to) if direction == "out" else Hop(to, predicate, source)
        met[to] = (to, edge, source)
    for to in met:
        if to not in kinds:
            parsed = parse_entity_iri(to)
            kinds[to] = parsed[0] if parsed else None
    return list(met.values())


def _count_kept(
    store: PatentStore, met: list[tuple[str, Hop, str]], kinds: dict[str, str | None], wanted: set[str]
) -> int:
    """How many of the entities met pass the type filter (an IRI that does not say its type is looked up)."""
    unparsed = [to for to, _, _ in met if kinds.get(to) is None]
    if unparsed:
        kinds.update({i: ref.type for i, ref in entity_refs(store, unparsed).items()})
    return sum(1 for to, _, _ in met if not wanted or kinds[to] in wanted)


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
